import envPaths from 'env-paths';

/**
 * kubedrill's data directory: `$KUBEDRILL_HOME` when set (tests, portable installs), else the
 * platform's data dir (XDG_DATA_HOME on Linux). The one rule for the whole program: history,
 * trust, kubeconfigs and answers all live below it, so services and commands use it too. It sits
 * at the root of environments/, not in one adapter, because it is not any one environment's.
 */
export function kubedrillDataDir(env: NodeJS.ProcessEnv): string {
  const home = env.KUBEDRILL_HOME;
  return home && home.length > 0 ? home : envPaths('kubedrill', { suffix: '' }).data;
}

import { join } from 'node:path';
import { writeFileAtomic } from '../../system/state-file.js';
import type { Kubectl } from '../live/kubectl.js';
import type { PackKubectl } from '../live/step-runner.js';

/**
 * A pack's `kubectl` steps on a context the learner named: the host's kubectl, but against a
 * kubeconfig holding only that context (`kubectl config view --minify --flatten`), written by
 * kubedrill to `copyPath`, so a step can never change the learner's own kubeconfig.
 */
export async function kubectlOnContextCopy(kubectl: Kubectl, copyPath: string, make: (kubeconfig: string) => Kubectl): Promise<PackKubectl> {
  const view = await kubectl.runOk(['config', 'view', '--minify', '--flatten']);
  // Private from its first byte: the copy holds the context's credentials.
  await writeFileAtomic(copyPath, view.stdout, { mode: 0o600 });
  const own = make(copyPath);
  return async (argv, { timeoutMs, signal }) => {
    await own.runOk(argv, { timeoutMs, ...(signal ? { signal } : {}) });
  };
}

/** Where the context copy lives: `<data>/kube/context-<name>.kubeconfig`. */
export const contextCopyPath = (dataDir: string, context: string): string =>
  join(dataDir, 'kube', `context-${context.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`);

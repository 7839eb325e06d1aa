// The options several commands share, declared once: each command adds the ones it takes
// (`.addOption(packOption())`), and commander derives parsing, help and the option types from
// these declarations. Kept light (no zod, no models): every command file imports it at startup.
import { InvalidArgumentError, Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { CLUSTER_NAME, CLUSTER_NAME_RULE } from '../environments/kind/paths.js';
import type { EnvironmentOptions } from '../services/session-environment.js';

/** Adds a repeated option's value to the ones before it (`--pack a --pack b` → [a, b]). */
const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `--pack DIR`, repeatable: packs loaded beside the built-in ones. */
export const packOption = () => new Option('--pack <dir>', 'also load the pack in DIR, or of the installed npm package DIR names (repeatable)').argParser(collect).default([] as string[], 'built-in packs only');

/** `--json`: machine-readable output on stdout; errors are JSON too (src/cli.tsx). */
export const jsonOption = () => new Option('--json', 'print JSON on stdout (errors too)');

/** `--yes`: trust new or changed packs without asking (scripts, CI). */
export const yesOption = () => new Option('--yes', 'run packs not yet trusted without asking');

/** `--debug FILE`: every external command kubedrill runs, with its duration, appended to FILE. */
export const debugOption = () => new Option('--debug <file>', 'log every external command (kind, kubectl, docker) to FILE');

/** `--cluster NAME`: which kind cluster kubedrill created to use (default `kubedrill`). */
export const clusterOption = () =>
  new Option('--cluster <name>', 'the kind cluster kubedrill created to use (default: kubedrill)').argParser((value: string) => {
    if (!CLUSTER_NAME.test(value)) throw new InvalidArgumentError(`"${value}" is not a cluster name: ${CLUSTER_NAME_RULE}`);
    return value;
  });

/**
 * `--offline [DIR]`: an offline workspace instead of a cluster. The word after `--offline` is
 * always its DIR (`drill TASK --offline` or `--offline=DIR` when a task id follows), so a new
 * directory is never mistaken for a task id. Alone, it means `<data dir>/workspace`.
 */
export const offlineOption = () =>
  new Option('--offline [dir]', 'practise in an offline workspace DIR (default: <data dir>/workspace); no cluster needed').conflicts(['context', 'cluster']);

/** `--context NAME` and its companions: a live cluster the learner already has and names. */
export const contextOption = () => new Option('--context <name>', 'use this existing kubeconfig context (never the current one implicitly)').conflicts('cluster');
export const kubeconfigOption = () => new Option('--kubeconfig <file>', 'kubeconfig holding --context (default: $KUBECONFIG or ~/.kube/config)');
export const nodeSshOption = () => new Option('--node-ssh <template>', "how to reach a node of the --context cluster, e.g. 'ssh {node}'");

/** Positive integer option values (`--workers 1`, `--seed 42`), checked at parse time. */
export function integerIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}


/**
 * Adds the options that choose where tasks run (an offline workspace, a context the learner
 * names, or kubedrill's kind cluster), for every command that sets up or grades tasks.
 */
export function withEnvironmentOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
): Command<Args, Opts & EnvironmentOptions, Globals> {
  for (const option of [offlineOption(), contextOption(), kubeconfigOption(), nodeSshOption(), clusterOption(), debugOption()]) command.addOption(option);
  // commander's own typing of six added options is too long for declaration files, so the
  // values are the services' EnvironmentOptions; options.test.ts parses each option to keep the two in step.
  return command as unknown as Command<Args, Opts & EnvironmentOptions, Globals>;
}

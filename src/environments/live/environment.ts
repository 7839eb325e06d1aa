import { mkdir, readFile } from 'node:fs/promises';
import type { Capability, Nodes } from '../../models/index.js';
import { shQuoteIfNeeded } from '../../models/shell-quote.js';
import { createProcessRunner, type DebugLog, type ProcessRunner } from '../../system/index.js';
import { kubedrillDataDir } from '../data-dir.js';
import { HOST_TOOL_NAMES, probeHostTool } from './host-tools.js';
import type { Environment, TaskTerminal, TaskWorld } from '../types.js';
import { createKubectlCluster, type Kubectl } from './kubectl.js';
import { probeNetworkPolicyOnce } from './network-policy-probe.js';
import { createLiveRunner, insideAnswers, type PackHelm, type PackKubectl } from './step-runner.js';
import { adoptLegacyAnswers, answersBackupDirFor, answersDirFor, taskStatePath } from './task-files.js';

// What kind/environment.ts and context/environment.ts share once each has its kubectl and
// Nodes: the options, the capability probes, and the per-task world over the one live step runner.

/** A live Environment, which always says why a capability is absent. */
export interface LiveEnvironment extends Environment {
  unavailable: Partial<Record<Capability, string>>;
}

/** Options every live environment takes. */
export interface LiveOptions {
  /** Defaults to this process's environment (KUBEDRILL_HOME, PATH). */
  env?: NodeJS.ProcessEnv;
  debugLog?: DebugLog;
  runner?: ProcessRunner;
  dataDir?: string;
  onProgress?: (line: string) => void;
  /** Run the deny-all probe (default true); false leaves `network-policy` absent with that reason. */
  probeNetworkPolicy?: boolean;
  signal?: AbortSignal;
}

/** The process runner and data dir the options name, or this process's. */
export function liveBasics(options: LiveOptions): { runner: ProcessRunner; dataDir: string } {
  const env = options.env ?? process.env;
  return {
    runner: options.runner ?? createProcessRunner({ env, ...(options.debugLog ? { log: options.debugLog } : {}) }),
    dataDir: options.dataDir ?? kubedrillDataDir(env),
  };
}

/**
 * What a live cluster can do, each absence with its reason: pod exec and access reviews always;
 * a node shell when there are Nodes; AppArmor and NetworkPolicy only when probed to work.
 */
export async function liveCapabilities(kubectl: Kubectl, nodes: Nodes | undefined, options: LiveOptions & { dataDir: string }) {
  const capabilities = new Set<Capability>(['pod-exec', 'can-i', ...(nodes ? (['node-shell'] as const) : [])]);
  const unavailable: Partial<Record<Capability, string>> = {};
  const appArmor = nodes ? await probeAppArmor(nodes) : 'no node access to look for AppArmor';
  if (appArmor === undefined) capabilities.add('apparmor');
  else unavailable.apparmor = appArmor;
  if (options.probeNetworkPolicy === false) {
    unavailable['network-policy'] = 'NetworkPolicy enforcement was not probed';
  } else {
    const probe = await probeNetworkPolicyOnce(kubectl, options.dataDir, options.onProgress);
    if (probe.enforced) capabilities.add('network-policy');
    else unavailable['network-policy'] = probe.detail;
  }
  // Programs some tasks need on this machine (helm steps, openssl answers): present and new enough.
  const { runner } = liveBasics(options);
  for (const tool of HOST_TOOL_NAMES) {
    const state = await probeHostTool(runner, tool);
    if (state.ok) capabilities.add(tool);
    else unavailable[tool] = `${state.reason}; ${state.fix}`;
  }
  return { capabilities, unavailable };
}

/**
 * AppArmor is a host kernel feature the node containers share; kind's node image may lack
 * apparmor_parser. Returns why it is unusable, or undefined when profiles can be loaded.
 */
async function probeAppArmor(nodes: Nodes): Promise<string | undefined> {
  const script = '[ -r /sys/kernel/security/apparmor/profiles ] || { echo "AppArmor is not enabled in the host kernel (or securityfs is not visible in the node)"; exit 1; }; command -v apparmor_parser >/dev/null || { echo "the node image has no apparmor_parser"; exit 1; }';
  const result = await nodes.exec('controlplane', script, { timeoutMs: 15_000 }).catch((error: unknown) => ({ exitCode: -1, stdout: (error as Error).message, stderr: '' }));
  return result.exitCode === 0 ? undefined : result.stdout.trim() || result.stderr.trim() || `the AppArmor check exited ${result.exitCode}`;
}

/**
 * A live cluster's terminal: KUBECONFIG on a kubeconfig kubedrill wrote for it (kind's own file,
 * or the one-context copy of a context the learner named), whose current context is already
 * `context`. The context line pastes into any shell; `use-context` there only touches that file.
 */
export function liveTerminal(kubeconfig: string, context: string): TaskTerminal {
  return {
    env: { KUBECONFIG: kubeconfig },
    contextLine: `export KUBECONFIG=${shQuoteIfNeeded(kubeconfig)}; kubectl config use-context ${shQuoteIfNeeded(context)}`,
  };
}

/** One task's world on a live cluster: its answers directory (adopting the old layout), ports, and the live step runner. */
export async function openLiveWorld(o: {
  taskId: string;
  dataDir: string;
  kubectl: Kubectl;
  nodes: Nodes;
  /** Each environment's way to run a pack's kubectl steps, given the task's answers directory. */
  packKubectl: (answersDir: string) => PackKubectl;
  /** Where a pack's helm steps run: kubedrill's own kubeconfig for this cluster, never the learner's. */
  packHelm: PackHelm;
  vars: Omit<TaskWorld['vars'], 'answers'>;
  accessLines: string[];
  terminal: TaskTerminal;
  onNotice?: ((line: string) => void) | undefined;
}): Promise<TaskWorld> {
  const answers = answersDirFor(o.dataDir, o.taskId);
  const adopted = await adoptLegacyAnswers(o.dataDir, o.taskId).catch(() => undefined);
  if (adopted) o.onNotice?.(`moved this task's earlier answers from ${adopted} to ${answers}`);
  await mkdir(answers, { recursive: true });
  const runner = createLiveRunner({
    kubectl: o.kubectl,
    packKubectl: o.packKubectl(answers),
    packHelm: o.packHelm,
    nodes: o.nodes,
    answersDir: answers,
    statePath: taskStatePath(o.dataDir, o.taskId),
    backupDir: answersBackupDirFor(o.dataDir, o.taskId),
    ...(o.onNotice ? { onNotice: o.onNotice } : {}),
  });
  return {
    vars: { ...o.vars, answers },
    ports: {
      cluster: createKubectlCluster(o.kubectl),
      nodes: o.nodes,
      answers: { readFile: (path) => readFile(insideAnswers(answers, path), 'utf8').catch(() => undefined) },
    },
    runStep: runner.runStep,
    reset: runner.reset,
    accessLines: o.accessLines,
    terminal: o.terminal,
  };
}

import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Capability, K8sObject, NodeName, Nodes } from '../../models/index.js';
import { NODE_NAMES } from '../../models/index.js';
import { UserError } from '../../errors.js';
import { createProcessRunner, type DebugLog, type ProcessRunner } from '../../system/index.js';
import type { Environment, TaskWorld } from '../types.js';
import { createKubectl, createKubectlCluster, type Kubectl } from './kubectl.js';
import { createDockerNodes, createSshNodes, kindNodeNames } from './nodes.js';
import { probeNetworkPolicy, readProbeCache, writeProbeCache, type ProbeResult } from './network-policy-probe.js';
import { adoptLegacyAnswers, answersBackupDirFor, answersDirFor, DEFAULT_CLUSTER, kubedrillDataDir, taskStatePath } from './paths.js';
import { createKindProvider } from './provider.js';
import { createLiveRunner, insideAnswers } from './runner.js';
import { contextCopyPath, kubectlInControlPlane, kubectlOnContextCopy, type PackKubectl } from './pack-kubectl.js';

/** A live Environment, which always says why a capability is absent. */
export interface LiveEnvironment extends Environment {
  unavailable: Partial<Record<Capability, string>>;
}

interface CommonOptions {
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

/**
 * The kind Environment: brings the cluster up (or reuses it), then answers through kubectl with
 * kubedrill's kubeconfig and `kind-<cluster>` context, and docker exec into node containers.
 */
export async function openKindEnvironment(options: CommonOptions & { cluster?: string; workers?: number; create?: boolean }): Promise<LiveEnvironment> {
  const env = options.env ?? process.env;
  const runner = options.runner ?? createProcessRunner({ env, ...(options.debugLog ? { log: options.debugLog } : {}) });
  const dataDir = options.dataDir ?? kubedrillDataDir(env);
  const name = options.cluster ?? DEFAULT_CLUSTER;
  const provider = createKindProvider({ runner, dataDir, ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  // Grading "as it is now" (create: false) on a cluster that does not exist would only score 0 after minutes of creating it.
  if (options.create === false && !(await provider.exists(name))) {
    throw new UserError(`there is no kind cluster "${name}" yet`, [`kubedrill cluster up${name === DEFAULT_CLUSTER ? '' : ` --cluster ${name}`} creates it`, 'kubedrill drill TASK-ID creates it and sets the task up']);
  }
  const cluster = await provider.up(name, options.workers ?? 2);
  const kubectl = createKubectl({ runner, target: { context: cluster.context, kubeconfig: cluster.kubeconfig } });
  const nodeNames = kindNodeNames(name);
  const present = NODE_NAMES.slice(0, 1 + cluster.workers);
  const nodes = createDockerNodes({ runner, cluster: name });
  const { capabilities, unavailable } = await liveCapabilities(kubectl, nodes, { ...options, dataDir });
  return {
    kind: 'kind',
    label: `kind cluster ${name} (context ${cluster.context})`,
    capabilities,
    unavailable,
    openTask: (taskId) =>
      openWorld({
        taskId,
        dataDir,
        kubectl,
        nodes,
        packKubectl: (answers) => kubectlInControlPlane(nodes, answers),
        vars: { cluster: name, context: cluster.context, nodes: nodeNames },
        onNotice: options.onProgress,
        accessLines: [`export KUBECONFIG=${cluster.kubeconfig}`, `kubectl config use-context ${cluster.context}`, ...present.map((n) => `kubedrill ssh ${n}`)],
      }),
  };
}

/**
 * An Environment on a context the learner names (kubeadm VM, classroom cluster). Node access
 * needs an ssh template (`--node-ssh 'ssh {node}'`); without it `node-shell` is absent.
 */
export async function openContextEnvironment(options: CommonOptions & { context: string; kubeconfig?: string; nodeSsh?: string }): Promise<LiveEnvironment> {
  const env = options.env ?? process.env;
  const runner = options.runner ?? createProcessRunner({ env, ...(options.debugLog ? { log: options.debugLog } : {}) });
  const dataDir = options.dataDir ?? kubedrillDataDir(env);
  const kubectl = createKubectl({ runner, target: { context: options.context, ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}) } });
  const nodeNames = await resolveNodeNames(kubectl);
  const noAccess = 'no node access: pass --node-ssh "ssh {node}" (an ssh command template) to run tasks that need a node shell';
  const nodes: Nodes | undefined = options.nodeSsh !== undefined ? createSshNodes({ runner, template: options.nodeSsh, nodeNames }) : undefined;
  const { capabilities, unavailable } = await liveCapabilities(kubectl, nodes, { ...options, dataDir });
  if (!nodes) unavailable['node-shell'] = noAccess;
  const sshLines = options.nodeSsh !== undefined ? NODE_NAMES.map((n) => options.nodeSsh!.replaceAll('{node}', nodeNames[n])) : [];
  const packKubectl = await kubectlOnContextCopy(kubectl, contextCopyPath(dataDir, options.context), (kubeconfig) =>
    createKubectl({ runner, target: { context: options.context, kubeconfig } }),
  );
  return {
    kind: 'context',
    label: `context ${options.context}`,
    capabilities,
    unavailable,
    openTask: (taskId) =>
      openWorld({
        taskId,
        dataDir,
        kubectl,
        nodes: nodes ?? noNodes(noAccess),
        packKubectl: () => packKubectl,
        vars: { cluster: options.context, context: options.context, nodes: nodeNames },
        onNotice: options.onProgress,
        accessLines: [...(options.kubeconfig ? [`export KUBECONFIG=${options.kubeconfig}`] : []), `kubectl config use-context ${options.context}`, ...sshLines],
      }),
  };
}

async function liveCapabilities(kubectl: Kubectl, nodes: Nodes | undefined, options: CommonOptions & { dataDir: string }) {
  const capabilities = new Set<Capability>(['pod-exec', 'can-i', ...(nodes ? (['node-shell'] as const) : [])]);
  const unavailable: Partial<Record<Capability, string>> = {};
  const appArmor = nodes ? await probeAppArmor(nodes) : 'no node access to look for AppArmor';
  if (appArmor === undefined) capabilities.add('apparmor');
  else unavailable.apparmor = appArmor;
  if (options.probeNetworkPolicy === false) {
    unavailable['network-policy'] = 'NetworkPolicy enforcement was not probed';
  } else {
    const probe = await probeOnce(kubectl, options.dataDir, options.onProgress);
    if (probe.enforced) capabilities.add('network-policy');
    else unavailable['network-policy'] = probe.detail;
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
 * The deny-all probe takes tens of seconds (two pods start), too slow for every `check` or
 * drill. A cluster that enforced NetworkPolicy keeps doing so, so a positive result is kept per
 * cluster identity (the kube-system namespace's uid, new when a cluster is re-created); a
 * negative one is never kept, since it may come from a slow image pull that later succeeds.
 */
async function probeOnce(kubectl: Kubectl, dataDir: string, onProgress?: (line: string) => void): Promise<ProbeResult> {
  const uid = (await kubectl.run(['get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}']).catch(() => undefined))?.stdout.trim();
  const cacheFile = uid ? join(dataDir, 'probes', `network-policy-${uid.replace(/[^\w-]/g, '')}.json`) : undefined;
  if (cacheFile) {
    const cached = await readProbeCache(cacheFile, onProgress);
    if (cached?.enforced === true) return cached;
  }
  onProgress?.('checking that NetworkPolicy is enforced (deny-all probe, once per cluster)');
  const probe = await probeNetworkPolicy(kubectl);
  if (probe.enforced && cacheFile) await writeProbeCache(cacheFile, probe, onProgress);
  return probe;
}

async function openWorld(o: { taskId: string; dataDir: string; kubectl: Kubectl; nodes: Nodes; packKubectl: (answersDir: string) => PackKubectl; vars: Omit<TaskWorld['vars'], 'answers'>; accessLines: string[]; onNotice?: ((line: string) => void) | undefined }): Promise<TaskWorld> {
  const answers = answersDirFor(o.dataDir, o.taskId);
  const adopted = await adoptLegacyAnswers(o.dataDir, o.taskId).catch(() => undefined);
  if (adopted) o.onNotice?.(`moved this task's earlier answers from ${adopted} to ${answers}`);
  await mkdir(answers, { recursive: true });
  const runner = createLiveRunner({
    kubectl: o.kubectl,
    packKubectl: o.packKubectl(answers),
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
  };
}

/** Maps controlplane/worker1/worker2 to the cluster's real node names (control plane by role label, workers sorted). */
export async function resolveNodeNames(kubectl: Kubectl): Promise<Record<NodeName, string>> {
  const nodes = await createKubectlCluster(kubectl).list('nodes').catch((error: unknown) => {
    throw new UserError(`cannot reach context ${kubectl.target.context}: ${(error as Error).message}`, ['kubectl config get-contexts', 'kubedrill doctor']);
  });
  const name = (n: K8sObject) => n.metadata?.name ?? '';
  const isCp = (n: K8sObject) => n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
  const cp = nodes.filter(isCp).map(name).sort();
  const workers = nodes.filter((n) => !isCp(n)).map(name).sort();
  return { controlplane: cp[0] ?? 'controlplane', worker1: workers[0] ?? 'worker1', worker2: workers[1] ?? 'worker2' };
}

function noNodes(reason: string): Nodes {
  const fail = () => Promise.reject(new Error(reason));
  return { exec: fail, readFile: fail };
}

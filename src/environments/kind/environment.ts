import { NODE_NAMES } from '../../models/index.js';
import { UserError } from '../../errors.js';
import { liveBasics, liveCapabilities, liveTerminal, openLiveWorld, type LiveEnvironment, type LiveOptions } from '../live/environment.js';
import { createKubectl } from '../live/kubectl.js';
import { prepareTaskCluster } from '../addons/prepare.js';
import { restoreBaseline } from './baseline.js';
import { createDockerNodes, kindNodeNames } from './docker-nodes.js';
import { kubectlInControlPlane } from './pack-kubectl.js';
import { DEFAULT_CLUSTER } from './paths.js';
import { createKindProvider } from './provider.js';

/**
 * The kind Environment: brings the cluster up (or reuses it), then answers through kubectl with
 * kubedrill's kubeconfig and `kind-<cluster>` context, and docker exec into node containers.
 */
export async function openKindEnvironment(options: LiveOptions & { cluster?: string; workers?: number; create?: boolean }): Promise<LiveEnvironment> {
  const { runner, dataDir } = liveBasics(options);
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
  // kind wrote this file with current-context kind-<cluster>: a shell needs only KUBECONFIG.
  const terminal = liveTerminal(cluster.kubeconfig, cluster.context);
  const ssh = name === DEFAULT_CLUSTER ? '' : ` --cluster ${name}`;
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  return {
    kind: 'kind',
    label: `kind cluster ${name} (context ${cluster.context})`,
    capabilities,
    unavailable,
    terminal,
    prepareTask: (task, signal) => prepareTaskCluster(task, { kubectl, runner, kindCluster: name }, { ...progress, ...(signal ? { signal } : {}) }),
    restoreBaseline: (signal) =>
      restoreBaseline({ cluster: name, dataDir, kubectl, nodes, present, ...progress, ...(signal ? { signal } : {}) }),
    openTask: (taskId) =>
      openLiveWorld({
        taskId,
        dataDir,
        kubectl,
        nodes,
        packKubectl: (answers) => kubectlInControlPlane(nodes, answers),
        packHelm: { runner, kubeconfig: cluster.kubeconfig, context: cluster.context },
        vars: { cluster: name, context: cluster.context, nodes: nodeNames },
        onNotice: options.onProgress,
        accessLines: present.map((n) => `kubedrill ssh ${n}${ssh}`),
        terminal,
      }),
  };
}

import type { K8sObject, NodeName } from '../../models/index.js';
import { NODE_NAMES } from '../../models/index.js';
import { UserError } from '../../errors.js';
import { liveBasics, liveCapabilities, liveTerminal, openLiveWorld, type LiveEnvironment, type LiveOptions } from '../live/environment.js';
import { createKubectl, createKubectlCluster, type Kubectl } from '../live/kubectl.js';
import { prepareTaskCluster } from '../addons/prepare.js';
import { contextCopyPath, kubectlOnContextCopy } from './pack-kubectl.js';
import { createSshNodes, noNodeAccess } from './ssh-nodes.js';

const NO_NODE_ACCESS = 'no node access: pass --node-ssh "ssh {node}" (an ssh command template) to run tasks that need a node shell';

/**
 * An Environment on a context the learner names (kubeadm VM, classroom cluster). Node access
 * needs an ssh template (`--node-ssh 'ssh {node}'`); without it `node-shell` is absent.
 */
export async function openContextEnvironment(options: LiveOptions & { context: string; kubeconfig?: string; nodeSsh?: string }): Promise<LiveEnvironment> {
  const { runner, dataDir } = liveBasics(options);
  const kubectl = createKubectl({ runner, target: { context: options.context, ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}) } });
  const nodeNames = await resolveNodeNames(kubectl);
  const nodes = options.nodeSsh !== undefined ? createSshNodes({ runner, template: options.nodeSsh, nodeNames }) : undefined;
  const { capabilities, unavailable } = await liveCapabilities(kubectl, nodes, { ...options, dataDir });
  if (!nodes) unavailable['node-shell'] = NO_NODE_ACCESS;
  const sshLines = options.nodeSsh !== undefined ? NODE_NAMES.map((n) => options.nodeSsh!.replaceAll('{node}', nodeNames[n])) : [];
  const copy = contextCopyPath(dataDir, options.context);
  const packKubectl = await kubectlOnContextCopy(kubectl, copy, (kubeconfig) => createKubectl({ runner, target: { context: options.context, kubeconfig } }));
  // The shell gets the copy too (`--minify` made the context its current one): the learner's own
  // kubeconfig keeps its current context, and `use-context` or `set-context` there cannot change it.
  const terminal = liveTerminal(copy, options.context);
  return {
    kind: 'context',
    label: `context ${options.context}`,
    capabilities,
    unavailable,
    terminal,
    prepareTask: (task, signal) =>
      prepareTaskCluster(task, { kubectl, runner }, { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(signal ? { signal } : {}) }),
    openTask: (taskId) =>
      openLiveWorld({
        taskId,
        dataDir,
        kubectl,
        nodes: nodes ?? noNodeAccess(NO_NODE_ACCESS),
        packKubectl: () => packKubectl,
        packHelm: { runner, kubeconfig: copy, context: options.context },
        vars: { cluster: options.context, context: options.context, nodes: nodeNames },
        onNotice: options.onProgress,
        accessLines: sshLines,
        terminal,
      }),
  };
}

/** Maps controlplane/worker1/worker2 to the cluster's real node names (control plane by role label, workers sorted). */
async function resolveNodeNames(kubectl: Kubectl): Promise<Record<NodeName, string>> {
  const nodes = await createKubectlCluster(kubectl).list('nodes').catch((error: unknown) => {
    throw new UserError(`cannot reach context ${kubectl.target.context}: ${(error as Error).message}`, ['kubectl config get-contexts', 'kubedrill doctor']);
  });
  const name = (n: K8sObject) => n.metadata?.name ?? '';
  const isCp = (n: K8sObject) => n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
  const cp = nodes.filter(isCp).map(name).sort();
  const workers = nodes.filter((n) => !isCp(n)).map(name).sort();
  return { controlplane: cp[0] ?? 'controlplane', worker1: workers[0] ?? 'worker1', worker2: workers[1] ?? 'worker2' };
}

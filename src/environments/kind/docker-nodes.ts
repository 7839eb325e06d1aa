import { NODE_NAMES, type ExecResult, type NodeName, type Nodes } from '../../models/index.js';
import { lastLine, type ProcessRunner } from '../../system/index.js';
import { DEFAULT_NODE_TIMEOUT_MS, MISSING_FILE, NodeUnavailableError } from '../live/nodes.js';

/** kind names its node containers `<cluster>-control-plane`, `<cluster>-worker`, `<cluster>-worker2`. */
export function kindNodeContainer(cluster: string, node: NodeName): string {
  if (node === 'controlplane') return `${cluster}-control-plane`;
  return node === 'worker1' ? `${cluster}-worker` : `${cluster}-worker2`;
}

/** Logical → real node names for a kind cluster (container name = hostname = node name). */
export function kindNodeNames(cluster: string): Record<NodeName, string> {
  return Object.fromEntries(NODE_NAMES.map((n) => [n, kindNodeContainer(cluster, n)])) as Record<NodeName, string>;
}

/**
 * The Nodes port over `docker exec` into kind node containers. Scripts go in on stdin to
 * `bash -s` inside the node, so nothing a pack writes ever runs on the learner's host.
 */
export function createDockerNodes(config: { runner: ProcessRunner; cluster: string; timeoutMs?: number }): Nodes {
  const container = (node: NodeName) => kindNodeContainer(config.cluster, node);
  const unavailable = (node: NodeName, stderr: string): NodeUnavailableError | undefined => {
    const name = container(node);
    if (/No such container|is not running/i.test(stderr)) {
      return new NodeUnavailableError(`node ${node} (container ${name}) is not running — is the cluster up? Try: kubedrill cluster status`);
    }
    if (/Cannot connect to the Docker daemon|error during connect/i.test(stderr)) {
      return new NodeUnavailableError(`cannot reach node ${node}: the Docker daemon is not running`);
    }
    if (/executable file not found|OCI runtime exec failed/i.test(stderr)) {
      return new NodeUnavailableError(`cannot run commands in node ${node} (container ${name}): ${lastLine(stderr, 'no error output')}`);
    }
    return undefined;
  };
  return {
    async exec(node, script, opts = {}): Promise<ExecResult> {
      const result = await config.runner.run('docker', ['exec', '-i', container(node), 'bash', '-s'], {
        input: script,
        timeoutMs: opts.timeoutMs ?? config.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS,
      });
      // docker exec answers 125-127 (or 1 with "Error response from daemon") when it could not run the script at all.
      if (result.exitCode !== 0) {
        const problem = unavailable(node, result.stderr);
        if (problem && (result.exitCode >= 125 || /^Error response from daemon/m.test(result.stderr) || /Cannot connect/.test(result.stderr))) throw problem;
      }
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    },
    async readFile(node, path): Promise<string | undefined> {
      const result = await config.runner.run('docker', ['exec', container(node), 'cat', '--', path], {
        timeoutMs: config.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS,
      });
      if (result.exitCode === 0) return result.stdout;
      const problem = unavailable(node, result.stderr);
      if (problem) throw problem;
      if (MISSING_FILE.test(result.stderr)) return undefined;
      throw new Error(`cannot read ${path} on node ${node}: ${lastLine(result.stderr, 'no error output')}`);
    },
  };
}

import { shQuote, type NodeName, type Nodes } from '../../models/index.js';
import { lastLine, type ProcessRunner } from '../../system/index.js';
import { DEFAULT_NODE_TIMEOUT_MS, MISSING_FILE, NodeUnavailableError } from '../live/nodes.js';

/**
 * The Nodes port over ssh for an existing cluster: `template` is the learner's command with a
 * `{node}` placeholder (`ssh {node}`, `ssh -i key admin@{node}`), split on spaces — no local shell.
 */
export function createSshNodes(config: { runner: ProcessRunner; template: string; nodeNames: Record<NodeName, string>; timeoutMs?: number }): Nodes {
  const argv = (node: NodeName) => {
    const words = config.template.trim().split(/\s+/).map((w) => w.replaceAll('{node}', config.nodeNames[node]));
    const [command, ...args] = words;
    if (command === undefined || command === '') throw new Error('the --node-ssh template is empty');
    return { command, args };
  };
  const run = async (node: NodeName, remote: string[], input?: string, timeoutMs?: number) => {
    const { command, args } = argv(node);
    const result = await config.runner.run(command, [...args, ...remote], {
      ...(input !== undefined ? { input } : {}),
      timeoutMs: timeoutMs ?? config.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS,
    });
    // ssh exits 255 when the connection itself failed.
    if (result.exitCode === 255) throw new NodeUnavailableError(`cannot reach node ${node} (${config.nodeNames[node]}) with "${command}": ${lastLine(result.stderr, 'no error output')}`);
    return result;
  };
  return {
    async exec(node, script, opts = {}) {
      const result = await run(node, ['bash', '-s'], script, opts.timeoutMs);
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    },
    async readFile(node, path) {
      // The remote side parses this through its login shell, so the path is single-quoted.
      const result = await run(node, [`cat -- ${shQuote(path)}`]);
      if (result.exitCode === 0) return result.stdout;
      if (MISSING_FILE.test(result.stderr)) return undefined;
      throw new Error(`cannot read ${path} on node ${node}: ${lastLine(result.stderr, 'no error output')}`);
    },
  };
}

/** The Nodes port when the learner gave no `--node-ssh`: every call fails with `reason` (how to get node access). */
export function noNodeAccess(reason: string): Nodes {
  const fail = () => Promise.reject(new Error(reason));
  return { exec: fail, readFile: fail };
}

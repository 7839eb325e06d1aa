import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { shQuote, type Nodes } from '../../models/index.js';
import { tail } from '../../system/index.js';
import { writeFileAtomic } from '../../system/state-file.js';
import type { Kubectl } from './kubectl.js';

/**
 * Runs the argv of a pack's `kubectl` step (already checked against models/step-policy.ts). Pack
 * steps never run on the learner's host with the learner's kubeconfig: where the cluster is
 * kubedrill's kind cluster they run inside its control-plane node; on a context the learner
 * named, against a copy of that one context that kubedrill writes.
 */
export type PackKubectl = (argv: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }) => Promise<void>;

/** The admin kubeconfig kubeadm writes on every control-plane node (kind uses kubeadm). */
const NODE_ADMIN_KUBECONFIG = '/etc/kubernetes/admin.conf';
/** Where answer files a step reads (`--cert={{answers}}/tls.crt`) are staged inside the node. */
const NODE_ANSWERS_DIR = '/tmp/kubedrill-answers';

/**
 * kind: `kubectl --kubeconfig /etc/kubernetes/admin.conf …` in the control-plane node (kind's
 * node image ships kubectl). Answer files the step reads are copied into the node first, and
 * their paths rewritten; nothing the step names can reach the host's files or kubeconfigs.
 */
export function kubectlInControlPlane(nodes: Nodes, answersDir: string): PackKubectl {
  return async (argv, { timeoutMs }) => {
    const staging: string[] = [];
    const args: string[] = [];
    for (const arg of argv) {
      const at = arg.indexOf(`${answersDir}/`);
      if (at === -1) {
        args.push(arg);
        continue;
      }
      const hostPath = arg.slice(at);
      const inNode = `${NODE_ANSWERS_DIR}/${relative(answersDir, hostPath)}`;
      const content = await readFile(hostPath);
      staging.push(`mkdir -p ${shQuote(dirname(inNode))}`, `printf '%s' ${shQuote(content.toString('base64'))} | base64 -d > ${shQuote(inNode)}`);
      args.push(`${arg.slice(0, at)}${inNode}`);
    }
    const script = ['set -e', ...staging, `kubectl --kubeconfig ${NODE_ADMIN_KUBECONFIG} ${args.map(shQuote).join(' ')}`].join('\n');
    const result = await nodes.exec('controlplane', script, { timeoutMs });
    if (result.exitCode !== 0) {
      throw new Error(`kubectl ${argv.slice(0, 3).join(' ')} (in the control-plane node) failed: ${tail(result.stderr || result.stdout, 5)}`);
    }
  };
}

/**
 * A context the learner named: the host's kubectl, but against a kubeconfig holding only that
 * context (`kubectl config view --minify --flatten`), written by kubedrill to `copyPath`, so a
 * step can never change the learner's own kubeconfig.
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

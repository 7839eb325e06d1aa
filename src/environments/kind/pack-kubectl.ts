import { readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { shQuote, type Nodes } from '../../models/index.js';
import { tail } from '../../system/index.js';
import type { PackKubectl } from '../live/step-runner.js';

/** The admin kubeconfig kubeadm writes on every control-plane node (kind uses kubeadm). */
const NODE_ADMIN_KUBECONFIG = '/etc/kubernetes/admin.conf';
/** Where answer files a step reads (`--cert={{answers}}/tls.crt`) are staged inside the node. */
const NODE_ANSWERS_DIR = '/tmp/kubedrill-answers';

/**
 * A pack's `kubectl` steps on kubedrill's kind cluster: `kubectl --kubeconfig
 * /etc/kubernetes/admin.conf …` in the control-plane node (kind's node image ships kubectl).
 * Answer files the step reads are copied into the node first, and their paths rewritten; nothing
 * the step names can reach the host's files or kubeconfigs.
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

import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { clusterOption, debugOption } from './options.js';

/** `kubedrill edit NODE:PATH`: a node's file in the learner's $EDITOR (kind nodes have none). */
export function addEditCommand(program: Command, cli: CliContext): void {
  program
    .command('edit')
    .summary('edit a file on a cluster node with your $EDITOR')
    .description('Edit a file on a node of the kind cluster with your $EDITOR, e.g. kubedrill edit controlplane:/etc/kubernetes/manifests/etcd.yaml')
    .argument('<node:path>', 'the node and the absolute path of the file')
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (target, options) => {
      const { editOnNode } = await import('../services/cluster-commands.js');
      cli.exitCode = await editOnNode(target, options, cli.io);
    });
}

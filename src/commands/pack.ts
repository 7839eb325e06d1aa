import { Option, type Command } from '@commander-js/extra-typings';
import type { Checker } from '../models/checker.js';
import { groupAction } from './command-tree.js';
import type { CliContext } from './context.js';
import { clusterOption, contextOption, debugOption, jsonOption, kubeconfigOption, nodeSshOption, yesOption } from './options.js';

/** The check types packs may use, loaded only by the commands that read packs. */
const checkers = (): Promise<readonly Checker[]> => import('../../checkers/index.js').then((m) => m.CHECKERS);

/** `kubedrill pack …`: for instructors writing packs — validate, self-test, schemas, trust. */
export function addPackCommands(program: Command, cli: CliContext): void {
  const pack = program
    .command('pack')
    .summary('write and check packs: validate, test, schema, trust')
    .description('Commands for pack authors: validate packs, self-test their tasks, print JSON Schemas, trust packs from others.')
    .argument('[command]')
    .usage('<command> [options]');
  pack.action(groupAction(pack, cli));

  pack
    .command('validate')
    .summary('check pack directories: every problem as FILE:LINE:COL: path: message')
    .description('Check pack directories without a cluster: every problem as one FILE:LINE:COL: path: message line. Exit 0 when all are valid, 1 otherwise.')
    .argument('<dir...>', 'pack directories')
    .addOption(jsonOption())
    .action(async (dirs, options) => {
      const { validatePacks } = await import('../services/pack-validate.js');
      cli.exitCode = await validatePacks(dirs, await checkers(), cli.io, options);
    });

  pack
    .command('test')
    .summary('self-test tasks: setup scores 0, solutions 100%, near misses lose points')
    .description('Prove each task fair: setup alone scores 0, the solution and every alternative 100%, every near miss less, guards hold. Exit 0 only when every tested task holds.')
    .argument('<dir...>', 'pack directories')
    .addOption(new Option('--offline', 'test in temporary offline workspaces (tasks that need a cluster are skipped)').conflicts(['context', 'cluster']))
    .addOption(new Option('--task <id>', 'test only this task'))
    .addOption(jsonOption())
    .addOption(yesOption())
    .addOption(contextOption())
    .addOption(kubeconfigOption())
    .addOption(nodeSshOption())
    .addOption(clusterOption())
    .addOption(debugOption())
    .action(async (dirs, options) => {
      const { selfTestPacks } = await import('../services/pack-test-run.js');
      cli.exitCode = await selfTestPacks(dirs, options, cli.io);
    });

  pack
    .command('schema')
    .summary('print or write JSON Schemas for pack.yaml and task files')
    .description('Print (or write with --out) the JSON Schemas of pack.yaml and task files, for completion in editors.')
    .addOption(new Option('--out <dir>', 'write pack.schema.json and task.schema.json into DIR'))
    .action(async (options) => {
      const { writePackSchemas } = await import('../services/pack-schema.js');
      cli.exitCode = await writePackSchemas(options.out, await checkers(), cli.io);
    });

  pack
    .command('trust')
    .summary('show what packs will do on a cluster and trust them')
    .description('Show what each pack will do on a cluster (objects, node scripts) and trust it at its current content; a changed pack asks again.')
    .argument('<dir...>', 'pack directories')
    .action(async (dirs) => {
      const { trustPacks } = await import('../services/pack-trust.js');
      cli.exitCode = await trustPacks(dirs, await checkers(), cli.io);
    });
}

import { Option, type Command } from '@commander-js/extra-typings';
import type { Checker } from '../models/checker.js';
import { groupAction } from './command-tree.js';
import type { CliContext } from './context.js';
import { clusterOption, contextOption, debugOption, integerIn, jsonOption, kubeconfigOption, nodeSshOption, yesOption } from './options.js';
import { reportOption } from './report-option.js';

/** The check types packs may use, loaded only by the commands that read packs. */
const checkers = (): Promise<readonly Checker[]> => import('../../checkers/index.js').then((m) => m.CHECKERS);

/** `kubedrill pack …`: for instructors writing packs — validate, self-test, schemas, trust. */
export function addPackCommands(program: Command, cli: CliContext): void {
  const pack = program
    .command('pack')
    .summary('write and check packs: new, validate, lint, test, docs, schema, trust')
    .description('Commands for pack authors: create packs, validate and lint them, self-test their tasks, write their catalogue, print JSON Schemas, trust packs from others.')
    .argument('[command]')
    .usage('<command> [options]');
  pack.action(groupAction(pack, cli));

  pack
    .command('validate')
    .summary('check pack directories: every problem as FILE:LINE:COL: path: message')
    .description('Check pack directories without a cluster: every problem as one FILE:LINE:COL: path: message line. Exit 0 when all are valid, 1 otherwise.')
    .argument('<dir...>', 'pack directories')
    .addOption(jsonOption())
    .addOption(new Option('--strict', 'also fail on lint warnings (what pack lint reports)'))
    .action(async (dirs, options) => {
      const { validatePacks } = await import('../services/pack-validate.js');
      cli.exitCode = await validatePacks(dirs, await checkers(), cli.io, options);
    });

  pack
    .command('lint')
    .summary('warn about what is valid but likely wrong, as FILE:LINE:COL')
    .description(
      'Warn about what is valid but likely wrong: checks grading objects the statement never names, literal node names, no docs link, too few near misses or no alternative, minutes far from the task, regexes without anchors, a first hint that gives the solution, TODOs left by the scaffolds. One FILE:LINE:COL: path: message [rule] line each; `# kubedrill-lint-disable RULE` in a task file turns a rule off there. Exit 1 only when a pack does not validate (pack validate --strict also fails on warnings).',
    )
    .argument('<dir...>', 'pack directories')
    .addOption(jsonOption())
    .action(async (dirs, options) => {
      const { lintPacks } = await import('../services/pack-lint.js');
      cli.exitCode = await lintPacks(dirs, await checkers(), cli.io, options);
    });

  pack
    .command('new')
    .summary('create a pack: pack.yaml, README, .gitignore, schemas and an example task')
    .description('Create a new pack directory: pack.yaml, a README, a .gitignore, the JSON Schemas editors complete with, and an example task whose self-test fails until its TODOs are filled in.')
    .argument('<dir>', 'the new pack directory (new or empty)')
    .addOption(new Option('--id <id>', 'the pack id (default: from the directory name)'))
    .addOption(new Option('--title <title>', 'the pack title'))
    .addOption(new Option('--exam <exam>', 'the exam of the pack and its example task').default('CKA'))
    .action(async (dir, options) => {
      const { scaffoldPack } = await import('../services/pack-scaffold.js');
      cli.exitCode = await scaffoldPack(dir, options, await checkers(), cli.io);
    });

  pack
    .command('docs')
    .summary('write a Markdown catalogue of a pack: tasks by exam and domain, what each needs')
    .description('Write a Markdown catalogue of a pack: its tasks by exam and domain, with minutes, points, workers, needs, what they disrupt, and whether they run offline. Printed, or written with --out.')
    .argument('<dir>', 'pack directory (or a directory of packs)')
    .addOption(new Option('--out <file>', 'write the catalogue to FILE'))
    .action(async (dir, options) => {
      const { writePackDocs } = await import('../services/pack-docs.js');
      cli.exitCode = await writePackDocs(dir, options, await checkers(), cli.io);
    });

  pack
    .command('test')
    .summary('self-test tasks: setup scores 0, solutions 100%, near misses lose points')
    .description('Prove each task fair: setup alone scores 0, the solution and every alternative 100%, every near miss less, guards hold. Exit 0 only when every tested task holds.')
    .argument('<dir...>', 'pack directories')
    .addOption(new Option('--offline', 'test in temporary offline workspaces (tasks that need a cluster are skipped)').conflicts(['context', 'cluster']))
    .addOption(new Option('--task <id>', 'test only this task'))
    .addOption(new Option('--variants <n>', 'variants of each task with params to prove (all combinations when there are at most N)').argParser(integerIn(1, 1000)).default(3))
    .addOption(jsonOption())
    .addOption(reportOption())
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

  pack
    .command('lock')
    .summary('write pack.lock.json: the sha256 of every asset, so changed assets are refused')
    .description('Write each pack\'s pack.lock.json with the sha256 of every file below its assets/. A locked pack loads only while its assets match; validate names a file that differs. Exit 1 when a pack\'s assets break the rules (nothing is written for it).')
    .argument('<dir...>', 'pack directories')
    .action(async (dirs) => {
      const { lockPacks } = await import('../services/pack-lock.js');
      cli.exitCode = await lockPacks(dirs, cli.io);
    });
}

import { Option, type Command } from '@commander-js/extra-typings';
import type { CliContext } from './context.js';
import { integerIn, jsonOption, packOption, withEnvironmentOptions, yesOption } from './options.js';

/** `kubedrill exam NAME`: a timed mock exam of any exam with a profile (built-in or a pack's). */
export function addExamCommand(program: Command, cli: CliContext): void {
  withEnvironmentOptions(
    program
      .command('exam')
      .summary('take a timed mock exam (--plan prints the draw, --resume continues)')
      .description('Take a timed mock exam: tasks drawn by domain weight, a countdown, flags, and results by domain at the end.')
      .argument('[name]', 'the exam: cka, ckad, cks, or one a pack adds (kubedrill list shows them)')
      .addOption(new Option('--seed <n>', 'draw the same tasks again (shown in the plan and history)').argParser(integerIn(0, 0xffffffff)))
      .addOption(new Option('--practice', 'allow checking tasks during the exam'))
      .addOption(new Option('--plan', 'print the draw and exit (no terminal UI, no cluster)'))
      .addOption(
        new Option('--max-clusters <n>', 'use at most N kind clusters (main + labs): less memory, but disruptive tasks then share one (the plan says what that gives up)').argParser(integerIn(1, 10)),
      )
      .addOption(jsonOption())
      .addOption(new Option('--new', 'discard the saved exam and start another'))
      .addOption(new Option('--resume', 'continue the saved exam').conflicts(['plan', 'new', 'seed', 'maxClusters']))
      .addOption(packOption())
      .addOption(yesOption()),
  ).action(async (name, options) => {
    if (options.plan) {
      const { printExamPlan } = await import('../services/exam-plan.js');
      cli.exitCode = await printExamPlan(name, options, cli.io);
      return;
    }
    const { takeExam } = await import('../services/exam-start.js');
    cli.exitCode = await takeExam(name, options, cli.io);
  });
}

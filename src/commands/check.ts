import { z } from 'zod';
import { CHECKERS } from '../../checkers/index.js';
import { ENVIRONMENT_OPTIONS, environmentChoice, openEnvironment } from '../environments/index.js';
import { environmentOptionsShape } from './environment-options.js';
import { gradeTask, gradingWorld, renderReport } from '../grading/index.js';
import { findTask } from '../packs/catalog.js';
import { loadCatalogOrFail, PACK_OPTION } from './catalog.js';
import { parseOptions, liveOptionsFor } from './options.js';
import type { Command } from './types.js';

const usage = 'check TASK-ID [--pack DIR]… [--offline WORKSPACE | --context NAME | --cluster NAME] [--json] [--debug FILE]';

const optionsSchema = z.object({
  pack: z.array(z.string()),
  json: z.boolean().optional(),
  ...environmentOptionsShape,
  positionals: z.array(z.string()).length(1, 'name exactly one task id'),
});

/**
 * `kubedrill check TASK-ID`: grades the task against the environment as it is now (no setup).
 * Exit 0 on full marks, 1 otherwise, so scripts and CI can use it.
 */
export const checkCommand: Command = {
  name: 'check',
  summary: 'Grade one task against the cluster (or an offline workspace) as it is now',
  usage,
  async run(args, io) {
    const options = parseOptions(args, { json: { type: 'boolean' }, ...PACK_OPTION, ...ENVIRONMENT_OPTIONS }, optionsSchema, usage);
    const catalog = await loadCatalogOrFail(options.pack);
    const { task } = findTask(catalog, options.positionals[0]!);
    const environment = await openEnvironment(environmentChoice(options), { ...liveOptionsFor(io), create: false, workers: task.environment.workers });
    const world = await environment.openTask(task.metadata.id);
    const report = await gradeTask(task, gradingWorld(environment, world), CHECKERS, {
      signal: io.signal,
    });
    const color = !options.json && io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
    io.stdout.write(renderReport(report, options.json ? 'json' : 'plain', { color }));
    return report.score.percent === 100 ? 0 : 1;
  },
};

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECKERS } from '../../checkers/index.js';
import { openEnvironment } from '../environments/index.js';
import { UsageError } from '../errors.js';
import { gradeTask, gradingWorld, renderReport } from '../grading/index.js';
import { findTask } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import { colorFor } from '../system/terminal.js';
import { loadCatalogOrFail } from './load-catalog.js';
import { liveOptionsFor, resolveChoice, type EnvironmentOptions } from './session-environment.js';

export interface CheckOptions extends EnvironmentOptions {
  pack: string[];
  json?: true;
  reveal?: true;
}

/**
 * `kubedrill check TASK-ID`: grades the task against the environment as it is now (no setup, no
 * cluster created). Exit 0 on full marks, 1 otherwise, so scripts and CI can use it.
 */
export async function checkTask(taskId: string, options: CheckOptions, io: CommandIO): Promise<number> {
  const catalog = await loadCatalogOrFail(options.pack, { env: io.env });
  const { task } = findTask(catalog, taskId);
  // Grading a workspace that is not there would only score 0 (and create it): say so instead.
  if (typeof options.offline === 'string' && options.offline !== '' && !existsSync(resolve(io.cwd, options.offline))) {
    throw new UsageError(`no offline workspace at ${options.offline}`, [`kubedrill drill ${taskId} --offline=${options.offline} sets the task up there first`]);
  }
  const choice = await resolveChoice(options, io);
  const environment = await openEnvironment(choice, { ...liveOptionsFor(io), create: false, workers: task.environment.workers });
  const world = await environment.openTask(task.metadata.id);
  const report = await gradeTask(task, gradingWorld(environment, world), CHECKERS, { signal: io.signal });
  io.stdout.write(renderReport(report, options.json ? 'json' : 'plain', { color: !options.json && colorFor(io.stdout, io.env), reveal: options.reveal === true }));
  return report.score.percent === 100 ? 0 : 1;
}

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECKERS } from '../../checkers/index.js';
import { openEnvironment } from '../environments/index.js';
import { UsageError, UserError } from '../errors.js';
import { kubedrillDataDir } from '../environments/data-dir.js';
import type { Task } from '../models/index.js';
import { gradeTask, gradingWorld, renderReport } from '../grading/index.js';
import { findTask } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import { colorFor } from '../system/terminal.js';
import { currentVariant } from './current-variant.js';
import { loadCatalogOrFail } from './load-catalog.js';
import { applyVariant, drawVariant, hasParams } from './task-variants.js';
import { liveOptionsFor, resolveChoice, type EnvironmentOptions } from './session-environment.js';

export interface CheckOptions extends EnvironmentOptions {
  pack: string[];
  json?: true;
  reveal?: true;
  seed?: number;
}

/**
 * The task as the learner was given it: for a task with params, the variant `--seed` names, else
 * the one the last drill or exam set up (current-variant.ts). Grading the task as written would
 * look for `{{params.ns}}` literally.
 */
async function variantToGrade(task: Task, seed: number | undefined, io: CommandIO): Promise<Task> {
  if (!hasParams(task)) return task;
  const variant = seed !== undefined ? drawVariant(task, seed) : await currentVariant(kubedrillDataDir(io.env), task.metadata.id);
  if (!variant) {
    throw new UserError(`${task.metadata.id} varies on every attempt, and no variant of it has been set up here`, [
      `kubedrill drill ${task.metadata.id} sets one up (check then grades that one)`,
      `kubedrill check ${task.metadata.id} --seed N grades the variant of seed N`,
    ]);
  }
  return applyVariant(task, variant);
}

/**
 * `kubedrill check TASK-ID`: grades the task against the environment as it is now (no setup, no
 * cluster created). Exit 0 on full marks, 1 otherwise, so scripts and CI can use it.
 */
export async function checkTask(taskId: string, options: CheckOptions, io: CommandIO): Promise<number> {
  const catalog = await loadCatalogOrFail(options.pack, { env: io.env });
  const task = await variantToGrade(findTask(catalog, taskId).task, options.seed, io);
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

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKERS } from '../../checkers/index.js';
import { openOfflineEnvironment } from '../../src/environments/offline/index.js';
import { gradeTask, gradingWorld } from '../../src/grading/index.js';
import type { Step, TaskReport } from '../../src/models/index.js';
import { findTask, loadCatalog, type Catalog } from '../../src/packs/catalog.js';
import { applyVariant, hasParams } from '../../src/services/task-variants.js';
import { expandTemplates } from '../../src/templating.js';

let catalog: Promise<Catalog> | undefined;

/**
 * Grades an answer to a built-in task the way a learner's would be graded offline: a fresh
 * workspace, the task's setup, then `steps` (the answer), then every check. For tests that prove
 * answers the task file does not list win or lose as they should. A task with `params` is graded
 * in the variant `params` pins (the values the hand-written answer uses), never a drawn one.
 */
export async function gradeAnswer(taskId: string, steps: readonly Step[], params?: Record<string, string>): Promise<TaskReport> {
  catalog ??= loadCatalog({ packDirs: [], includeBuiltin: true, checkers: CHECKERS });
  const found = findTask(await catalog, taskId).task;
  if (hasParams(found) && params === undefined) throw new Error(`${taskId} has params: pass the variant the answer is written for`);
  const task = params === undefined ? found : applyVariant(found, { seed: 0, params });
  const workspace = await mkdtemp(join(tmpdir(), 'kubedrill-fidelity-'));
  try {
    const environment = await openOfflineEnvironment(workspace);
    const world = await environment.openTask(task.metadata.id);
    for (const step of [...task.setup, ...steps]) await world.runStep(expandTemplates(step, world.vars));
    return await gradeTask(task, gradingWorld(environment, world), CHECKERS);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

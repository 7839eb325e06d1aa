// Which variant of a task with params is set up now, so `kubedrill check ID` from the learner's
// own terminal grades the names and values the drill or exam showed them. Written when a
// variant's setup runs; kept in kubedrill's data dir, one small file per task.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { taskSegment } from '../environments/live/task-files.js';
import { taskVariantSchema, type TaskVariant } from '../models/task-params.js';
import { jsonWith, readStateFile, writeFileAtomic } from '../system/state-file.js';

const variantPath = (dataDir: string, taskId: string): string => join(dataDir, 'variants', `${taskSegment(taskId)}.json`);

/** Remembers the variant whose setup ran for `taskId`. */
export async function saveCurrentVariant(dataDir: string, taskId: string, variant: TaskVariant): Promise<void> {
  await mkdir(join(dataDir, 'variants'), { recursive: true });
  await writeFileAtomic(variantPath(dataDir, taskId), JSON.stringify(variant) + '\n');
}

/** The variant last set up for `taskId`, or undefined (never set up; a damaged file is moved aside like any state file). */
export async function currentVariant(dataDir: string, taskId: string): Promise<TaskVariant | undefined> {
  const read = await readStateFile(variantPath(dataDir, taskId), jsonWith(taskVariantSchema));
  return read.status === 'ok' ? read.value : undefined;
}

// Which variant of a task with params is set up now, so `kubedrill check ID` from the learner's
// own terminal grades the names and values the drill or exam showed them. Written when a
// variant's setup runs; kept in kubedrill's data dir, one small file per task.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { taskSegment } from '../environments/live/task-files.js';
import type { TaskVariant } from '../models/task-params.js';
import { writeFileAtomic } from '../system/state-file.js';

const variantPath = (dataDir: string, taskId: string): string => join(dataDir, 'variants', `${taskSegment(taskId)}.json`);

/** Remembers the variant whose setup ran for `taskId`. */
export async function saveCurrentVariant(dataDir: string, taskId: string, variant: TaskVariant): Promise<void> {
  await mkdir(join(dataDir, 'variants'), { recursive: true });
  await writeFileAtomic(variantPath(dataDir, taskId), JSON.stringify(variant) + '\n');
}

/** The variant last set up for `taskId`, or undefined (never set up, or the file is not one). */
export async function currentVariant(dataDir: string, taskId: string): Promise<TaskVariant | undefined> {
  const text = await readFile(variantPath(dataDir, taskId), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<TaskVariant>;
    const params = value.params;
    if (typeof value.seed !== 'number' || typeof params !== 'object' || params === null) return undefined;
    if (!Object.values(params).every((v) => typeof v === 'string')) return undefined;
    return { seed: value.seed, params };
  } catch {
    return undefined;
  }
}

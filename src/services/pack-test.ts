import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checker, ExamProfile, LoadedTask, Task } from '../models/index.js';
import type { Environment } from '../environments/types.js';
import { openOfflineEnvironment } from '../environments/offline/index.js';
import { offlineCapability } from '../packs/offline-capable.js';
import { selfTestTask, type PhaseResult, type SelfTestResult } from './self-test.js';

export type TaskTestResult =
  | (SelfTestResult & { skipped?: undefined })
  | { taskId: string; ok: true; skipped: string; phases: [] };

export interface PackTestOptions {
  tasks: readonly LoadedTask[];
  checkers: readonly Checker[];
  profiles: readonly ExamProfile[];
  /** Offline: every task gets a fresh temporary workspace. Live: the given environment. */
  target: { offline: true } | { offline: false; environment: Environment };
  signal?: AbortSignal;
  onPhase?: (taskId: string, phase: PhaseResult) => void;
  onTaskStart?: (taskId: string) => void;
}

/** The lowest pass mark among the task's exams (the strictest "setup alone must fail" line). */
export function passPercentFor(task: Task, profiles: readonly ExamProfile[]): number {
  const marks = profiles.filter((p) => task.metadata.exams.includes(p.exam)).map((p) => p.passPercent);
  return marks.length > 0 ? Math.min(...marks) : 66;
}

/**
 * Self-tests tasks one after another. Offline, tasks that need a live cluster are skipped with
 * the reason; they are never counted as passed silently — the summary shows them apart.
 */
export async function testTasks(options: PackTestOptions): Promise<TaskTestResult[]> {
  const results: TaskTestResult[] = [];
  for (const { task } of options.tasks) {
    options.signal?.throwIfAborted();
    const id = task.metadata.id;
    if (options.target.offline) {
      const capability = offlineCapability(task, options.checkers);
      if (!capability.capable) {
        results.push({ taskId: id, ok: true, skipped: capability.reasons.join('; '), phases: [] });
        continue;
      }
    }
    options.onTaskStart?.(id);
    results.push(await testOneTask(task, options));
  }
  return results;
}

async function testOneTask(task: Task, options: PackTestOptions): Promise<SelfTestResult> {
  const selfTestOptions = {
    passPercent: passPercentFor(task, options.profiles),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onPhase ? { onPhase: options.onPhase } : {}),
  };
  if (!options.target.offline) {
    return selfTestTask(task, options.target.environment, options.checkers, selfTestOptions);
  }
  const workspace = await mkdtemp(join(tmpdir(), 'kubedrill-selftest-'));
  try {
    const environment = await openOfflineEnvironment(workspace);
    return await selfTestTask(task, environment, options.checkers, selfTestOptions);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

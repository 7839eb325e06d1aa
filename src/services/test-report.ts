import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { CheckResult } from '../models/index.js';
import { writeFileAtomic } from '../system/state-file.js';
import { junitXml, type JUnitCase, type JUnitSuite } from '../text/junit.js';
import type { TaskTestResult } from './pack-test.js';
import type { PhaseResult } from './self-test.js';
import { describeVariant } from './task-variants.js';

/** `pack test --report KIND=FILE`: which report to write, and where. */
export interface ReportRequest {
  kind: 'junit' | 'json';
  file: string;
}

/**
 * How long each phase took, in milliseconds, measured by the caller as phases finish. Keyed by the
 * phase result itself: a task with parameters repeats its task id and phase names per variant.
 */
export type PhaseDurations = ReadonlyMap<PhaseResult, number>;

/** The JSON `pack test --json` prints, which `--report json=FILE` writes too. */
export function selfTestJson(results: readonly TaskTestResult[], offline: boolean): string {
  return JSON.stringify({ formatVersion: 1, offline, results }, null, 2);
}

/** A check as one line of a failure's details: its outcome and, when it failed, expected against actual. */
function checkLine(check: CheckResult): string {
  const guard = check.guard ? ' (guard)' : '';
  if (check.status === 'failed') return `✗ ${check.id}${guard}: expected ${check.expected ?? '?'}, got ${check.actual ?? '?'}`;
  if (check.status === 'passed') return `✓ ${check.id}${guard}`;
  return `! ${check.id}${guard}: ${check.status} (${check.reason ?? 'no reason given'})`;
}

/**
 * A phase as a test case. A failure's message is the self-test's verdict, which names the
 * failing checks with expected and actual; its body lists every check of the phase's grade.
 */
function phaseCase(suite: string, phase: PhaseResult, durations: PhaseDurations): JUnitCase {
  const time = durations.get(phase);
  const base = { classname: suite, name: phase.phase, ...(time === undefined ? {} : { time: time / 1000 }) };
  if (phase.skipped !== undefined) return { ...base, skipped: phase.skipped };
  if (phase.ok) return base;
  const score = phase.report ? [`score ${phase.report.score.percent}% (${phase.report.score.earned}/${phase.report.score.possible})`] : [];
  const body = [...score, ...(phase.report?.checks.map(checkLine) ?? [])].join('\n');
  return { ...base, failure: { message: phase.problem ?? 'failed', ...(body ? { body } : {}) } };
}

/**
 * The self-test as JUnit XML: a suite per task (per variant), a case per phase (setup, solution, each
 * alternative and near miss). A task skipped as a whole (it needs a live cluster) is one skipped
 * case, so CI shows it as not run rather than dropping it.
 */
export function selfTestJunit(results: readonly TaskTestResult[], offline: boolean, durations: PhaseDurations = new Map()): string {
  const suites: JUnitSuite[] = results.map((result) => {
    // A variant of a task with parameters is a suite of its own, named by its seed and values.
    const name = result.variant ? `${result.taskId} ${describeVariant(result.variant)}` : result.taskId;
    return {
      name,
      cases: result.skipped !== undefined ? [{ classname: name, name: 'self-test', skipped: result.skipped }] : result.phases.map((phase) => phaseCase(name, phase, durations)),
    };
  });
  return junitXml(offline ? 'kubedrill pack test --offline' : 'kubedrill pack test', suites);
}

/** Writes each requested report (paths relative to `cwd`); returns the files written. */
export async function writeSelfTestReports(
  requests: readonly ReportRequest[],
  results: readonly TaskTestResult[],
  options: { offline: boolean; cwd: string; durations?: PhaseDurations },
): Promise<string[]> {
  const written: string[] = [];
  for (const request of requests) {
    const file = resolve(options.cwd, request.file);
    const text = request.kind === 'junit' ? selfTestJunit(results, options.offline, options.durations) : `${selfTestJson(results, options.offline)}\n`;
    try {
      await writeFileAtomic(file, text);
    } catch (error) {
      throw new UserError(`cannot write the ${request.kind} report ${request.file}: ${(error as Error).message}`);
    }
    written.push(file);
  }
  return written;
}

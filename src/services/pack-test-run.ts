import { CHECKERS } from '../../checkers/index.js';
import { DEFAULT_CLUSTER, openEnvironment, workersNeeded, type EnvironmentChoice } from '../environments/index.js';
import { UserError } from '../errors.js';
import type { CommandIO } from '../system/io.js';
import { inert, inertJson, inertLine } from '../text/inert.js';
import { loadCatalogOrFail } from './load-catalog.js';
import { testTasks, type TaskTestResult } from './pack-test.js';
import type { PhaseResult, Requirement } from './self-test.js';
import { describeVariant, type TaskVariant } from './task-variants.js';
import { selfTestJson, writeSelfTestReports, type ReportRequest } from './test-report.js';
import { liveOptionsFor, resolveChoice, type EnvironmentOptions } from './session-environment.js';
import { requireTrust } from './trust-gate.js';

/** `pack test`'s options: `--offline` is a flag here (each task gets its own temporary workspace). */
export interface PackTestOptions extends Omit<EnvironmentOptions, 'offline'> {
  offline?: true;
  task?: string;
  /** Variants per task with parameters (default 3; all combinations when there are at most this many). */
  variants?: number;
  json?: true;
  yes?: true;
  /** `--report junit=FILE`, `--report json=FILE` (repeatable): reports for CI, written whatever the outcome. */
  report?: ReportRequest[];
}

/**
 * `kubedrill pack test DIR…`: proves each task fair — setup alone 0%, the solution and every
 * alternative 100%, every near miss below 100%, guards hold. Offline, each task gets a fresh
 * temporary workspace and tasks that need a live cluster are listed as skipped. Exit 0 only when
 * every tested task holds.
 */
export async function selfTestPacks(dirs: readonly string[], options: PackTestOptions, io: CommandIO): Promise<number> {
  // A pack published with npm may be named instead of its directory (packs/npm-packs.ts).
  const { lookupFrom, packDirsOrInstalled } = await import('../packs/npm-packs.js');
  const catalog = await loadCatalogOrFail(await packDirsOrInstalled(dirs, lookupFrom(io.cwd)), { includeBuiltin: false, checkManifests: true });
  const tasks = options.task ? catalog.tasks.filter((t) => t.task.metadata.id === options.task) : catalog.tasks;
  if (tasks.length === 0) {
    throw new UserError(options.task ? `no task "${options.task}" in ${dirs.join(' ')}` : 'no tasks found');
  }
  await requireTrust(catalog, options.offline === true, io, options.yes === true);
  const target = options.offline ? ({ offline: true } as const) : await liveTarget(await resolveChoice({ ...options, offline: undefined }, io), workersNeeded(tasks.map((t) => t.task)), io);
  // Each phase's time, for the JUnit report: from the task's start or the phase before it.
  const durations = new Map<PhaseResult, number>();
  let since = io.now();
  const results = await testTasks({
    tasks,
    checkers: CHECKERS,
    target,
    signal: io.signal,
    ...(options.variants !== undefined ? { variants: options.variants } : {}),
    onTaskStart: (id: string, variant?: TaskVariant) => {
      since = io.now();
      if (!options.json) io.stderr.write(`testing ${inertLine(id)}${variant ? ` ${inertLine(describeVariant(variant))}` : ''}…\n`);
    },
    onPhase: (id, phase) => {
      const now = io.now();
      if (phase.skipped === undefined) durations.set(phase, now - since);
      since = now;
    },
  });
  const tested = results.filter((r) => !r.skipped);
  const failed = tested.filter((r) => !r.ok);
  if (options.report && options.report.length > 0) {
    const written = await writeSelfTestReports(options.report, results, { offline: options.offline === true, cwd: io.cwd, durations });
    for (const file of written) io.stderr.write(`report written: ${inertLine(file)}\n`);
  }
  if (options.json) {
    io.stdout.write(`${inertJson(selfTestJson(results, options.offline === true))}\n`);
  } else {
    // Task ids, phase names and problems come from the pack: shown, never obeyed by the terminal.
    io.stdout.write(inert(formatResults(results, options.offline === true)));
  }
  if (tested.length === 0) {
    io.stderr.write(`no task could be self-tested here: ${options.offline ? 'every task needs a live cluster' : 'see why each was skipped'}\n`);
    return 1;
  }
  return failed.length === 0 ? 0 : 1;
}

function requirementText(requirement: Requirement): string {
  return 'exactly' in requirement ? `= ${requirement.exactly}%` : `< ${requirement.below}%`;
}

/** One row of a task's phase table: mark, score, requirement, phase name; the problem below. */
function phaseText(phase: PhaseResult): string {
  if (phase.skipped) return `    – ${'skipped'.padStart(7)}  ${requirementText(phase.requirement).padEnd(6)}  ${phase.phase} (${phase.skipped})`;
  const score = phase.report ? `${phase.report.score.percent}%` : '—';
  const mark = phase.ok ? '✓' : '✗';
  const problem = phase.ok ? '' : `\n              ${phase.problem ?? ''}`;
  return `    ${mark} ${score.padStart(7)}  ${requirementText(phase.requirement).padEnd(6)}  ${phase.phase}${problem}`;
}

/** A human summary: every task with its phases, skipped ones apart, then the totals. */
export function formatResults(results: readonly TaskTestResult[], offline: boolean): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.skipped) continue;
    // A variant's seed and values head its table: what `drill ID --seed N` reproduces.
    const variant = result.variant ? `  ${describeVariant(result.variant)}` : '';
    lines.push(`${result.ok ? '✓' : '✗'} ${result.taskId}${variant}`, `      ${'score'.padStart(7)}  ${'needs'.padEnd(6)}  phase`);
    for (const phase of result.phases) lines.push(phaseText(phase));
  }
  const skipped = results.filter((r) => r.skipped);
  if (skipped.length > 0) {
    lines.push('', offline ? 'skipped (need a live cluster; run without --offline on kind):' : 'skipped (not tested here, and not counted as passed):');
    for (const r of skipped) lines.push(`  – ${r.taskId}: ${r.skipped}`);
  }
  const tested = results.filter((r) => !r.skipped);
  const passed = tested.filter((r) => r.ok).length;
  lines.push('', `${passed} passed, ${tested.length - passed} failed, ${skipped.length} skipped`);
  return `${lines.join('\n')}\n`;
}

/**
 * The live cluster to self-test on. kubedrill's own kind cluster is re-created before each
 * disruptive task; a context the learner named is never deleted.
 */
async function liveTarget(choice: EnvironmentChoice, workers: number, io: CommandIO) {
  const open = () => openEnvironment(choice, { ...liveOptionsFor(io), workers });
  const environment = await open();
  if (choice.context !== undefined) return { offline: false, environment } as const;
  const renew = async () => {
    const { clusterDown } = await import('./cluster.js');
    const cluster = choice.cluster ?? DEFAULT_CLUSTER;
    io.stderr.write(`re-creating kind cluster ${cluster} for the next disruptive task\n`);
    await clusterDown({ env: io.env, signal: io.signal, ...(choice.debugLog ? { debugFile: choice.debugLog } : {}) }, cluster);
    return open();
  };
  return { offline: false, environment, renew } as const;
}

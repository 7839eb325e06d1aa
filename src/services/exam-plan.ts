// `kubedrill exam NAME --plan`: the draw, and which cluster each task runs on with the memory
// that takes, printed before anything is created. The JSON fields are a contract for scripts.
// Kept apart from exam-start.ts: a plan needs the catalog and the draw, not the sessions, the
// environments or the screens, so `--plan` starts as fast as `list` (the README, Speed).
import { DEFAULT_CLUSTER } from '../environments/kind/paths.js';
import { UsageError } from '../errors.js';
import type { Task } from '../models/index.js';
import type { TaskVariant } from '../models/task-params.js';
import type { CommandIO } from '../system/io.js';
import { inertJson, inertLine } from '../text/inert.js';
import { examChoices, profileFor } from './exam-choice.js';
import { drawExam, newSeed, type ExamDraw } from './exam-draw.js';
import { placeTasks, type Placement, type PlacementOptions } from './exam-placement.js';
import { loadCatalogOrFail } from './load-catalog.js';
import { preparable } from './preparable.js';

/** What `exam NAME --plan` takes. */
export interface PlanOptions {
  pack: string[];
  seed?: number;
  json?: true;
  offline?: string | true;
  cluster?: string;
  context?: string;
  maxClusters?: number;
}

/**
 * `kubedrill exam NAME --plan [--json]`: the draw and where each task would run. Without opening
 * the cluster the plan cannot know what it grades: a live exam with the same seed draws among
 * the tasks its cluster can grade in full, so it may differ there.
 */
export async function printExamPlan(name: string | undefined, options: PlanOptions, io: CommandIO): Promise<number> {
  const catalog = await loadCatalogOrFail(options.pack, { env: io.env });
  // Exams are the loaded profiles (built-in and the packs'), so the name is checked against them.
  if (!name) throw new UsageError(`choose an exam: ${examChoices(catalog)}`, ['kubedrill exam --help']);
  const profile = profileFor(catalog, name);
  const seed = options.seed ?? newSeed(io.now());
  // As the exam draws: on kind, disruptive tasks get lab clusters unless --max-clusters 1 keeps one.
  const isolatedClusters = options.offline === undefined && options.context === undefined && options.maxClusters !== 1;
  const draw = drawExam(profile, catalog.tasks, { seed, isolatedClusters, ...(options.offline !== undefined ? { eligible: (t: Task) => preparable(t, 'offline') } : {}) });
  const taskOf = (id: string) => catalog.tasks.find((t) => t.task.metadata.id === id)?.task;
  // Offline and on a context the learner named there are no lab clusters: every task shares one.
  const maxClusters = isolatedClusters ? options.maxClusters : 1;
  const placement = placeDraw(draw, taskOf, { main: options.cluster ?? DEFAULT_CLUSTER, ...(maxClusters !== undefined ? { maxClusters } : {}) });
  // Each task's variant as the exam with this seed sets it up (loaded only here: it brings the parameter schemas).
  const { examVariant } = await import('./task-variants.js');
  const variantOf = (t: Task) => examVariant(t, draw.seed);
  io.stdout.write(options.json ? inertJson(JSON.stringify(planJson(draw, placement, taskOf, variantOf), null, 2)) + '\n' : planText(draw, placement, taskOf));
  if (draw.shortfall) io.stderr.write(`note: ${draw.shortfall}\n`);
  return 0;
}

/** Where a drawn task runs, from its task: an id missing from the catalog counts as ordinary. */
export function placeDraw(draw: ExamDraw, taskOf: (id: string) => Task | undefined, options: PlacementOptions = {}): Placement {
  const placeable = draw.tasks.map((t) => {
    const environment = taskOf(t.id)?.environment;
    return { id: t.id, disrupts: environment?.disrupts ?? [], workers: environment?.workers ?? 0 };
  });
  return placeTasks(placeable, options);
}

/** The plan as `--plan --json` prints it. */
export function planJson(draw: ExamDraw, placement: Placement, taskOf: (id: string) => Task | undefined, variantOf: (task: Task) => TaskVariant) {
  return {
    exam: draw.exam,
    seed: draw.seed,
    durationMinutes: draw.durationMinutes,
    passPercent: draw.passPercent,
    tasks: draw.tasks.map((t) => {
      const task = taskOf(t.id);
      const disrupts = [...(task?.environment.disrupts ?? [])];
      return { ...t, context: placement.contextOf.get(t.id) ?? '', disruptive: disrupts.length > 0, disrupts, variant: task ? variantOf(task) : { seed: 0, params: {} } };
    }),
    clusters: placement.clusters.map(({ name, context, workers, tasks, memoryMb }) => ({ name, context, workers, tasks, memoryMb })),
    /** All clusters' estimated memory, in MB. */
    memoryMb: placement.memoryMb,
    /** What `--max-clusters` gave up, one sentence per shared cluster; empty when every disruptive task has its own. */
    isolationGivenUp: placement.givenUp,
  };
}

const gb = (mb: number): string => `${(mb / 1024).toFixed(1)} GB`;

/** The plan as text: the tasks with their context, then the clusters, the memory and what sharing costs. */
export function planText(draw: ExamDraw, placement: Placement, taskOf: (id: string) => Task | undefined): string {
  const lines = [`${draw.exam} mock exam · seed ${draw.seed} · ${draw.durationMinutes} min · pass ${draw.passPercent}%`];
  for (const t of draw.tasks) {
    const disrupts = taskOf(t.id)?.environment.disrupts ?? [];
    const context = placement.contextOf.get(t.id) ?? '';
    const breaks = disrupts.length > 0 ? `  disrupts ${disrupts.join(', ')}` : '';
    lines.push(`  ${String(t.points).padStart(2)}p ${String(t.minutes).padStart(2)}m ${inertLine(t.domain).padEnd(28)} ${inertLine(context).padEnd(24)} ${inertLine(t.id)}${breaks}`);
  }
  const count = placement.clusters.length;
  lines.push(`${count} cluster${count === 1 ? '' : 's'}, about ${gb(placement.memoryMb)} of node containers (an estimate):`);
  for (const c of placement.clusters) {
    const nodes = `1 control plane${c.workers > 0 ? ` + ${c.workers} worker${c.workers === 1 ? '' : 's'}` : ''}`;
    lines.push(`  ${inertLine(c.name).padEnd(24)} ${nodes.padEnd(28)} ~${gb(c.memoryMb).padEnd(7)} ${c.tasks.length} task${c.tasks.length === 1 ? '' : 's'}`);
  }
  if (placement.givenUp.length > 0) {
    lines.push(`Isolation given up to stay within ${count} cluster${count === 1 ? '' : 's'} (${placement.clustersForIsolation} would isolate every disruptive task):`);
    for (const line of placement.givenUp) lines.push(`  ${inertLine(line)}`);
  }
  return lines.join('\n') + '\n';
}

import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { findAddon } from '../environments/addons/registry.js';
import { HOST_TOOLS } from '../environments/live/host-tools.js';
import type { Capability, Checker, ExamProfile, LoadedTask } from '../models/index.js';
import { domainIn } from '../models/task-domains.js';
import { loadPacks, type LoadedPack } from '../packs/load.js';
import { offlineCapability } from '../packs/offline-capable.js';
import { formatProblem } from '../packs/problem.js';
import type { CommandIO } from '../system/io.js';
import { inertLine } from '../text/inert.js';
import { shownProblem } from '../packs/problem.js';
import { taskNeeds } from './task-needs.js';

/**
 * What each capability asks of the cluster or the machine, for the catalogue's legend (facts in
 * src/environments/live/environment.ts, which probes them). Host tools say it themselves.
 */
const CAPABILITY_MEANING: Partial<Record<Capability, string>> = {
  'node-shell': 'scripts run inside the kind node containers (a live kind cluster)',
  'pod-exec': 'commands run inside pods (kubectl exec)',
  'network-policy': 'a CNI that enforces NetworkPolicy (kind’s kindnet does since kind v0.24; probed)',
  'can-i': 'access reviews (kubectl auth can-i); answered from the objects offline',
  apparmor: 'AppArmor in the host kernel and apparmor_parser in the nodes (probed)',
};

/** One task's row: what a learner or instructor needs to know before drawing it. */
export interface CatalogueRow {
  id: string;
  title: string;
  difficulty: string;
  minutes: number;
  points: number;
  workers: number;
  /** Cluster add-ons kubedrill installs for the task (environment.addons). */
  addons: string[];
  /** Programs the task needs on the learner's machine (helm, openssl). */
  hostTools: string[];
  /** The other capabilities, declared or implied by its checks. */
  needs: Capability[];
  disrupts: string[];
  /** `offline` (also runs in a workspace without a cluster) or `live` (needs a cluster). */
  runs: 'offline' | 'live';
}

const isHostTool = (need: string): need is keyof typeof HOST_TOOLS => Object.hasOwn(HOST_TOOLS, need);

export function catalogueRow({ task }: LoadedTask, checkers: readonly Checker[]): CatalogueRow {
  const needs = taskNeeds(task, checkers).sort();
  return {
    id: task.metadata.id,
    title: task.metadata.title,
    difficulty: task.metadata.difficulty,
    minutes: task.metadata.minutes,
    points: task.checks.reduce((sum, c) => sum + c.points, 0),
    workers: task.environment.workers,
    addons: [...(task.environment.addons ?? [])],
    hostTools: needs.filter(isHostTool),
    needs: needs.filter((n) => !isHostTool(n)),
    disrupts: [...task.environment.disrupts],
    // Add-ons are installed on live clusters only.
    runs: offlineCapability(task, checkers).capable && (task.environment.addons ?? []).length === 0 ? 'offline' : 'live',
  };
}

/** Pack text in a table cell: one line, no control characters, no column breaks. */
const cell = (text: string): string => inertLine(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
const list = (items: readonly string[]): string => (items.length === 0 ? '—' : items.join(', '));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const workersText = (n: number): string => (n === 0 ? 'no worker nodes needed' : `up to ${plural(n, 'worker')}`);

const TABLE_HEAD = ['| task | title | difficulty | minutes | points | workers | add-ons | host tools | needs | disrupts | runs |', '|---|---|---|--:|--:|--:|---|---|---|---|---|'];

function tableRow(row: CatalogueRow): string {
  const runs = row.runs === 'offline' ? 'offline or live' : 'live only';
  return `| \`${cell(row.id)}\` | ${cell(row.title)} | ${row.difficulty} | ${row.minutes} | ${row.points} | ${row.workers} | ${list(row.addons)} | ${list(row.hostTools)} | ${list(row.needs)} | ${list(row.disrupts)} | ${runs} |`;
}

/** The exams a pack's tasks are listed under: the pack's own first, then any other its tasks name. */
function examsOf(pack: LoadedPack, rows: readonly LoadedTask[]): string[] {
  return [...new Set([...pack.pack.metadata.exams, ...rows.flatMap((t) => t.task.metadata.exams)])];
}

/**
 * A pack's catalogue in Markdown: its totals, then its tasks by exam and by domain (in the
 * profile's order, with weights), each with minutes, points and what it needs; a legend says
 * what the needs mean for the machine.
 */
export function packCatalogue(pack: LoadedPack, tasks: readonly LoadedTask[], profiles: readonly ExamProfile[], checkers: readonly Checker[]): string {
  const rows = new Map(tasks.map((t) => [t.task.metadata.id, catalogueRow(t, checkers)]));
  const all = [...rows.values()];
  const { metadata } = pack.pack;
  const out: string[] = [`# ${cell(metadata.title)}`, '', `Pack \`${cell(metadata.id)}\`, version ${cell(metadata.version)}${metadata.authors.length > 0 ? ` by ${cell(metadata.authors.join(', '))}` : ''}.`];
  if (metadata.description) out.push('', cell(metadata.description));
  const offline = all.filter((r) => r.runs === 'offline').length;
  out.push(
    '',
    `${plural(all.length, 'task')}, ${all.reduce((s, r) => s + r.minutes, 0)} minutes and ${all.reduce((s, r) => s + r.points, 0)} points in all; ` +
      `${offline} run offline too, ${all.length - offline} need a live cluster; ${workersText(Math.max(0, ...all.map((r) => r.workers)))}.`,
  );
  for (const exam of examsOf(pack, tasks)) {
    const inExam = tasks.filter((t) => t.task.metadata.exams.includes(exam));
    if (inExam.length === 0) continue;
    const profile = profiles.find((p) => p.exam === exam);
    out.push('', `## ${cell(profile?.title ?? exam)}`, '', `${plural(inExam.length, 'task')}.`);
    const domains = profile?.domains ?? [];
    const known = new Set(domains.map((d) => d.id));
    // A domain no profile lists cannot occur in a valid pack; listed after the known ones all the same.
    const unknown = [...new Set(inExam.map((t) => domainIn(t.task, exam) ?? ''))].filter((d) => !known.has(d));
    const sections = [
      ...domains.map((d) => ({ id: d.id, heading: `${cell(d.title)} (\`${d.id}\`, ${d.weight}% of the exam)` })),
      ...unknown.map((d) => ({ id: d, heading: `\`${cell(d)}\`` })),
    ];
    for (const domain of sections) {
      const inDomain = inExam.filter((t) => domainIn(t.task, exam) === domain.id);
      out.push('', `### ${domain.heading}`, '');
      if (inDomain.length === 0) {
        out.push('No task yet.');
        continue;
      }
      out.push(...TABLE_HEAD, ...inDomain.map((t) => tableRow(rows.get(t.task.metadata.id) as CatalogueRow)));
    }
  }
  const needed = [...new Set(all.flatMap((r) => r.needs))].sort();
  const addons = [...new Set(all.flatMap((r) => r.addons))].sort();
  const tools = [...new Set(all.flatMap((r) => r.hostTools))].sort();
  out.push('', '## What the tasks need', '');
  out.push('- **runs**: *offline or live* tasks also run in a workspace without a cluster (`--offline`); *live only* tasks need a kind cluster, so Docker, kind and kubectl on the host (`kubedrill doctor` checks them).');
  out.push('- **workers**: worker nodes the task\'s cluster needs besides the control plane.');
  out.push('- **disrupts**: what the task breaks or rewinds for other tasks; a mock exam gives it a lab cluster of its own.');
  for (const addon of addons) {
    const spec = findAddon(addon);
    out.push(`- add-on **${cell(addon)}**: ${spec ? `${cell(spec.summary)} (version ${cell(spec.version)}), installed by kubedrill on a live cluster` : 'installed by kubedrill on a live cluster'}.`);
  }
  for (const tool of tools) if (isHostTool(tool)) out.push(`- host tool **${tool}**: a program on your machine; ${HOST_TOOLS[tool].install}.`);
  for (const need of needed) out.push(`- **${need}**: ${CAPABILITY_MEANING[need] ?? 'a capability the environment must offer'}.`);
  return `${out.join('\n')}\n`;
}

/**
 * `kubedrill pack docs DIR [--out FILE]`: the Markdown catalogue of the packs in DIR, printed or
 * written. A pack that does not validate gets no catalogue (it would leave tasks out): its
 * problems are shown and the exit code is 1.
 */
export async function writePackDocs(dirAsGiven: string, options: { out?: string }, checkers: readonly Checker[], io: CommandIO): Promise<number> {
  const result = await loadPacks([resolve(io.cwd, dirAsGiven)], { checkers, checkManifests: true });
  if (result.problems.length > 0) {
    for (const problem of result.problems) io.stderr.write(`${inertLine(formatProblem(shownProblem(problem, io.cwd)))}\n`);
    io.stderr.write(`no catalogue: the pack does not validate (kubedrill pack validate ${dirAsGiven})\n`);
    return 1;
  }
  const markdown = result.packs
    .map((pack) => packCatalogue(pack, result.tasks.filter((t) => t.packId === pack.pack.metadata.id), result.profiles, checkers))
    .join('\n');
  if (options.out === undefined) {
    io.stdout.write(markdown);
    return 0;
  }
  const file = resolve(io.cwd, options.out);
  await writeFile(file, markdown);
  io.stdout.write(`wrote ${inertLine(relative(io.cwd, file) || file)} (${plural(result.tasks.length, 'task')})\n`);
  return 0;
}

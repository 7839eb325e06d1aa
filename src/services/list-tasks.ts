import { domainLabel, examDomains } from '../models/task-domains.js';
import { filterTasks } from '../packs/catalog.js';
import type { CommandIO } from '../system/io.js';
import { widthOf } from '../system/terminal.js';
import { layoutColumns } from '../text/columns.js';
import { inertJson, inertLine } from '../text/inert.js';
import { preparable } from './preparable.js';
import { profileFor } from './exam-choice.js';
import { loadCatalogOrFail } from './load-catalog.js';

export interface ListOptions {
  exam?: string;
  domain?: string;
  tag?: string;
  offline?: true;
  ids?: true;
  json?: true;
  pack: string[];
}

/** `kubedrill list`: the tasks kubedrill knows, filtered, as a table, ids or JSON. */
export async function listTasks(options: ListOptions, io: CommandIO): Promise<number> {
  const catalog = await loadCatalogOrFail(options.pack, { env: io.env });
  // Any exam with a profile (built-in or a pack's); an unknown one names the near and known ids.
  const exam = options.exam === undefined ? undefined : profileFor(catalog, options.exam).exam;
  const tasks = filterTasks(catalog, {
    ...(options.exam ? { exam: options.exam } : {}),
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.tag ? { tag: options.tag } : {}),
  }).filter(({ task }) => !options.offline || preparable(task, 'offline'));
  const rows = tasks.map(({ task, packId }) => ({
    id: task.metadata.id,
    title: task.metadata.title,
    exams: task.metadata.exams,
    // With --exam, the task's domain in that exam; else its domain, or each exam's when they differ.
    domain: domainLabel(task, exam),
    domains: Object.fromEntries(examDomains(task).map((d) => [d.exam, d.domain])),
    difficulty: task.metadata.difficulty,
    minutes: task.metadata.minutes,
    points: task.checks.reduce((sum, c) => sum + c.points, 0),
    tags: task.metadata.tags,
    pack: packId,
    offline: preparable(task, 'offline'),
  }));
  if (options.json) {
    io.stdout.write(`${inertJson(JSON.stringify({ formatVersion: 1, tasks: rows }, null, 2))}\n`);
    return 0;
  }
  if (options.ids) {
    for (const r of rows) io.stdout.write(`${inertLine(r.id)}\n`);
    return 0;
  }
  // Titles are cut to fit a terminal only: a pipe gets them whole.
  io.stdout.write(taskTable(rows, io.stdout.isTTY === true ? widthOf(io.stdout) : Infinity));
  return 0;
}

/** The table: aligned columns measured by display width, the title last and cut to the width (pack text is made inert by the layout). */
function taskTable(rows: readonly { id: string; exams: string[]; domain: string; minutes: number; points: number; title: string; offline: boolean }[], width: number): string {
  const header = ['ID', 'EXAMS', 'DOMAIN', 'MIN', 'PTS', 'OFF', 'TITLE'];
  const cells = rows.map((r) => [r.id, r.exams.join(','), r.domain, String(r.minutes), String(r.points), r.offline ? '✓' : '–', r.title]);
  const right = { align: 'right' as const };
  const lines = layoutColumns([header, ...cells], { width, columns: [{}, {}, {}, right, right, {}, {}] });
  lines.push(`${rows.length} task(s)${rows.some((r) => !r.offline) ? '; OFF ✓: can be practised offline (--offline), – needs a live cluster' : ''}`);
  return `${lines.join('\n')}\n`;
}

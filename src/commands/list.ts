import { z } from 'zod';
import { filterTasks } from '../packs/catalog.js';
import { loadCatalogOrFail, PACK_OPTION } from './catalog.js';
import { profileFor } from './exam-choice.js';
import { inertJson, inertLine } from '../text/inert.js';
import { parseOptions } from './options.js';
import type { Command } from './types.js';

const usage = 'list [--exam NAME] [--domain ID] [--tag TAG] [--pack DIR]… [--json]';

const optionsSchema = z.object({
  exam: z.string().min(1).optional(),
  domain: z.string().optional(),
  tag: z.string().optional(),
  pack: z.array(z.string()),
  json: z.boolean().optional(),
  positionals: z.array(z.string()).max(0, 'list takes no arguments'),
});

/** `kubedrill list`: the tasks kubedrill knows, filtered, as a table or JSON. */
export const listCommand: Command = {
  name: 'list',
  summary: 'List the available tasks',
  usage,
  async run(args, io) {
    const options = parseOptions(
      args,
      { exam: { type: 'string' }, domain: { type: 'string' }, tag: { type: 'string' }, json: { type: 'boolean' }, ...PACK_OPTION },
      optionsSchema,
      usage,
    );
    const catalog = await loadCatalogOrFail(options.pack);
    // Any exam with a profile (built-in or a pack's); an unknown one names the near and known ids.
    if (options.exam !== undefined) profileFor(catalog, options.exam);
    const tasks = filterTasks(catalog, {
      ...(options.exam ? { exam: options.exam } : {}),
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
    });
    const rows = tasks.map(({ task, packId }) => ({
      id: task.metadata.id,
      title: task.metadata.title,
      exams: task.metadata.exams,
      domain: task.metadata.domain,
      difficulty: task.metadata.difficulty,
      minutes: task.metadata.minutes,
      points: task.checks.reduce((sum, c) => sum + c.points, 0),
      tags: task.metadata.tags,
      pack: packId,
    }));
    if (options.json) {
      io.stdout.write(`${inertJson(JSON.stringify({ formatVersion: 1, tasks: rows }, null, 2))}\n`);
      return 0;
    }
    // Pack text is made inert before it is measured, so the columns line up with what is shown.
    const table = rows.map((r) => ({ ...r, id: inertLine(r.id), exams: r.exams.map(inertLine), domain: inertLine(r.domain), title: inertLine(r.title) }));
    const idWidth = Math.max(2, ...table.map((r) => r.id.length));
    const domainWidth = Math.max(6, ...table.map((r) => r.domain.length));
    io.stdout.write(`${'ID'.padEnd(idWidth)}  ${'EXAMS'.padEnd(9)}  ${'DOMAIN'.padEnd(domainWidth)}  MIN  PTS  TITLE\n`);
    for (const r of table) {
      io.stdout.write(
        `${r.id.padEnd(idWidth)}  ${r.exams.join(',').padEnd(9)}  ${r.domain.padEnd(domainWidth)}  ${String(r.minutes).padStart(3)}  ${String(r.points).padStart(3)}  ${r.title}\n`,
      );
    }
    io.stdout.write(`${rows.length} task(s)\n`);
    return 0;
  },
};

import { z } from 'zod';
import { defineChecker, failed, nodeNameSchema, passed, shQuote } from '../src/models/index.js';
import { excerpt } from './support/excerpt.js';
import { regexSchema } from './support/ref.js';

const octalModeSchema = z.string().regex(/^0?[0-7]{3,4}$/, 'expected an octal mode like "0600"');

const params = z
  .strictObject({
    node: nodeNameSchema,
    path: z.string().startsWith('/', 'expected an absolute path'),
    exists: z.boolean().default(true),
    contains: z.string().optional(),
    matches: regexSchema.optional().describe('JavaScript regex over the whole file; ^ and $ match at line ends'),
    mode: octalModeSchema.optional().describe('exactly this mode'),
    modeAtMost: octalModeSchema
      .optional()
      .describe('no permission bit beyond these: "0600" also accepts 0400 and 0000 (CIS: "600 or more restrictive")'),
  })
  .refine((p) => p.exists || (p.contains === undefined && p.matches === undefined && p.mode === undefined && p.modeAtMost === undefined), {
    message: 'contains, matches, mode and modeAtMost only make sense with exists: true',
  })
  .refine((p) => p.mode === undefined || p.modeAtMost === undefined, {
    message: 'give mode (exactly) or modeAtMost (this or more restrictive), not both',
    path: ['modeAtMost'],
  });

/**
 * Prints `@stat TYPE MODE SIZE` for an existing path, or `@missing` followed by the parent
 * directory's entries (so a near name like `etcd-backup.db` can be named in `actual`).
 */
function statScript(path: string): string {
  const p = shQuote(path);
  return [
    `p=${p}`,
    'if [ -e "$p" ] || [ -L "$p" ]; then',
    '  printf "@stat %s %s %s\\n" "$(stat -c %F "$p" | tr " " "-")" "$(stat -c %a "$p")" "$(stat -c %s "$p")"',
    'else',
    '  d=$(dirname "$p")',
    '  if [ -d "$d" ]; then echo "@missing"; ls -1A "$d" 2>/dev/null | head -n 50; else echo "@nodir"; fi',
    'fi',
  ].join('\n');
}

interface Stat {
  type: string;
  mode: number;
  size: number;
}

function parseStat(stdout: string): Stat | { missing: string[] } | { nodir: true } | undefined {
  const lines = stdout.split('\n').map((l) => l.trim());
  const head = lines[0] ?? '';
  const stat = /^@stat (\S+) ([0-7]+) (\d+)$/.exec(head);
  if (stat) return { type: stat[1]!.replace(/-/g, ' '), mode: parseInt(stat[2]!, 8), size: Number(stat[3]) };
  if (head === '@missing') return { missing: lines.slice(1).filter((l) => l !== '') };
  if (head === '@nodir') return { nodir: true };
  return undefined;
}

/** Entries of the parent directory that look like the file the task asked for. */
function nearNames(path: string, entries: string[]): string[] {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : undefined;
  return entries.filter((e) => {
    const l = e.toLowerCase();
    const lStem = l.replace(/\.[^.]*$/, '');
    return (
      (stem.length >= 3 && l.includes(stem)) ||
      (lStem.length >= 3 && stem.includes(lStem)) ||
      (ext !== undefined && l.endsWith(ext))
    );
  });
}

const octal = (mode: number): string => `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;

/** A file on a node exists (or not), with content and permissions the task asks for. */
export const nodeFileChecker = defineChecker({
  type: 'node-file',
  summary: 'a file on a node: exists or absent, contains text, matches a regex, has a mode (exactly or at most)',
  params,
  needs: ['node-shell'],
  async run(p, ctx) {
    const where = `${p.path} on ${p.node}`;
    const result = await ctx.nodes.exec(p.node, statScript(p.path), { timeoutMs: 15_000 });
    const stat = parseStat(result.stdout);
    if (stat === undefined) {
      throw new Error(`could not inspect ${where}: exit ${result.exitCode} ${excerpt(result.stderr || result.stdout)}`);
    }
    if ('nodir' in stat || 'missing' in stat) {
      if (!p.exists) return passed(`${where} is absent`);
      const dir = p.path.slice(0, p.path.lastIndexOf('/')) || '/';
      if ('nodir' in stat) return failed(`${where} exists`, `no directory ${dir}`, { summary: `${where}: no directory ${dir}` });
      const near = nearNames(p.path, stat.missing);
      const seen = near.length > 0 ? `; ${dir} has ${near.slice(0, 5).join(', ')}` : stat.missing.length === 0 ? `; ${dir} is empty` : '';
      return failed(`${where} exists`, `no such file${seen}`, { summary: `${where}: no such file${seen}` });
    }
    if (!p.exists) return failed(`${where} is absent`, `it exists (${stat.type})`, { summary: `${where} still exists (${stat.type})` });

    const problems: string[] = [];
    // The same problems without the text or pattern the file should hold.
    const safe: string[] = [];
    const wants: string[] = [];
    if (p.mode !== undefined) {
      wants.push(`mode ${octal(parseInt(p.mode, 8))}`);
      if ((stat.mode & 0o7777) !== parseInt(p.mode, 8)) {
        problems.push(`mode ${octal(stat.mode)}`);
        safe.push(`its mode ${octal(stat.mode)} is not what the task asks`);
      }
    }
    if (p.modeAtMost !== undefined) {
      const most = parseInt(p.modeAtMost, 8);
      wants.push(`mode ${octal(most)} or more restrictive`);
      // Any bit the file has that the limit lacks (setuid, setgid and sticky included) is too much.
      const extra = stat.mode & 0o7777 & ~most;
      if (extra !== 0) {
        problems.push(`mode ${octal(stat.mode)} (${octal(extra)} beyond ${octal(most)})`);
        safe.push(`its mode ${octal(stat.mode)} allows more than the task asks`);
      }
    }
    if (p.contains !== undefined || p.matches !== undefined) {
      if (p.contains !== undefined) wants.push(`containing "${excerpt(p.contains, 60)}"`);
      if (p.matches !== undefined) wants.push(`matching /${p.matches}/`);
      if (stat.type !== 'regular file') {
        problems.push(`it is a ${stat.type}, not a regular file`);
        safe.push(`it is a ${stat.type}, not a regular file`);
      } else {
        const content = (await ctx.nodes.readFile(p.node, p.path)) ?? '';
        const missingText = p.contains !== undefined && !content.includes(p.contains);
        const noMatch = p.matches !== undefined && !new RegExp(p.matches, 'm').test(content);
        if (missingText) problems.push(`text "${excerpt(p.contains ?? '', 60)}" not found`);
        if (noMatch) problems.push(`no match for /${p.matches}/`);
        if (missingText || noMatch) safe.push('its content is not what the task asks');
      }
    }
    const expected = `${where} exists${wants.length > 0 ? `, ${wants.join(', ')}` : ''}`;
    if (problems.length > 0) return failed(expected, problems.join('; '), { summary: `${where}: ${safe.join('; ')}` });
    return passed(`${where}: ${stat.type}, ${stat.size} bytes, mode ${octal(stat.mode)}`);
  },
});

import { z } from 'zod';
import { defineChecker, failed, nodeNameSchema, passed } from '../src/models/index.js';
import { excerpt } from './support/excerpt.js';
import { regexSchema } from './support/ref.js';

/** Long enough for `systemctl`/`crictl` on a busy node, short enough to keep grading snappy. */
const COMMAND_TIMEOUT_MS = 30_000;

const params = z
  .strictObject({
    node: nodeNameSchema,
    command: z.string().min(1).describe('a read-only shell command, run in the node'),
    exitCode: z.number().int().min(0).max(255).default(0),
    stdoutContains: z.string().optional(),
    stdoutEquals: z.string().optional(),
    stdoutMatches: regexSchema.optional().describe('JavaScript regex, tested against the trimmed output'),
  })
  .refine(
    (p) => [p.stdoutContains, p.stdoutEquals, p.stdoutMatches].filter((x) => x !== undefined).length <= 1,
    { message: 'give at most one of stdoutContains, stdoutEquals, stdoutMatches' },
  );

/** Exit code and output of a read-only command in a node (`systemctl is-active kubelet`). */
export const nodeCommandChecker = defineChecker({
  type: 'node-command',
  summary: 'exit code and output of a read-only command on a node',
  params,
  needs: ['node-shell'],
  timeoutMs: () => COMMAND_TIMEOUT_MS + 10_000,
  async run(p, ctx) {
    const result = await ctx.nodes.exec(p.node, p.command, { timeoutMs: COMMAND_TIMEOUT_MS });
    const out = result.stdout.trim();
    const problems: string[] = [];
    const wants: string[] = [`exit ${p.exitCode}`];
    if (result.exitCode !== p.exitCode) problems.push(`exit ${result.exitCode}`);
    if (p.stdoutEquals !== undefined) {
      wants.push(`output "${p.stdoutEquals.trim()}"`);
      if (out !== p.stdoutEquals.trim()) problems.push(`output "${excerpt(out)}"`);
    } else if (p.stdoutContains !== undefined) {
      wants.push(`output containing "${p.stdoutContains}"`);
      if (!out.includes(p.stdoutContains)) problems.push(`output "${excerpt(out)}"`);
    } else if (p.stdoutMatches !== undefined) {
      wants.push(`output matching /${p.stdoutMatches}/`);
      if (!new RegExp(p.stdoutMatches).test(out)) problems.push(`output "${excerpt(out)}"`);
    }
    const expected = `\`${excerpt(p.command, 80)}\` on ${p.node}: ${wants.join(', ')}`;
    if (problems.length === 0) return passed(`\`${excerpt(p.command, 80)}\` on ${p.node}: exit ${result.exitCode}${out ? `, "${excerpt(out)}"` : ''}`);
    // An unexpected exit usually explains itself on stderr ("Unit kubelet.service not found").
    const stderr = result.exitCode !== p.exitCode && result.stderr.trim() ? `; stderr "${excerpt(result.stderr)}"` : '';
    // The command can spell out the answer (a jq filter with the expected user): before the
    // solution only what it found on the learner's node is shown.
    return failed(expected, `${problems.join(', ')}${stderr}`, { summary: `on ${p.node}, the check command gave ${problems.join(', ')}${stderr}: not what the task asks` });
  },
});

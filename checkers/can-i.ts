import { z } from 'zod';
import { defineChecker, failed, passed } from '../src/models/index.js';
import type { AccessQuery } from '../src/models/index.js';

/**
 * `VERB RESOURCE[/SUBRESOURCE] [NAME]`, as `kubectl auth can-i` takes it: `create pods/exec`,
 * `get secrets db-creds`, `list deployments.apps`, `* *`.
 */
const ENTRY = /^(?<verb>[a-z*]+)\s+(?<resource>[a-z0-9*][a-z0-9.*-]*)(?:\/(?<sub>[a-z0-9*-]+))?(?:\s+(?<name>[a-z0-9.:-]+))?$/;

const entrySchema = z
  .string()
  .trim()
  .regex(ENTRY, 'expected "VERB RESOURCE[/SUBRESOURCE] [NAME]", e.g. "create pods/exec"');

const params = z
  .strictObject({
    as: z.string().min(1).describe('user or system:serviceaccount:NS:NAME, as in --as'),
    groups: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('groups the user is impersonated with, as in --as-group (system:anonymous with system:unauthenticated)'),
    namespace: z.string().min(1).optional().describe('omitted: the question is asked cluster-wide'),
    allow: z.array(entrySchema).default([]).describe('what the subject must be allowed to do'),
    deny: z.array(entrySchema).default([]).describe('what the subject must not be allowed to do'),
  })
  .refine((p) => p.allow.length + p.deny.length > 0, { message: 'give at least one allow or deny entry' });

/** Turns one entry into the access question the Cluster port answers. */
export function parseAccessEntry(entry: string, as: string, namespace?: string, asGroups?: readonly string[]): AccessQuery {
  const groups = ENTRY.exec(entry.trim())?.groups;
  if (!groups?.verb || !groups.resource) throw new Error(`not a can-i entry: ${entry}`);
  const q: AccessQuery = { verb: groups.verb, resource: groups.resource, as };
  if (groups.sub) q.subresource = groups.sub;
  if (groups.name) q.name = groups.name;
  if (namespace !== undefined) q.namespace = namespace;
  if (asGroups !== undefined && asGroups.length > 0) q.asGroups = [...asGroups];
  return q;
}

const where = (namespace?: string): string => (namespace ? ` in namespace ${namespace}` : ' cluster-wide');
/** `jane` or `jane (groups dev, qa)`: a binding to a group is the answer only with the group named. */
const subject = (as: string, groups?: readonly string[]): string => (groups ? `${as} (groups ${groups.join(', ')})` : as);

/** RBAC allow/deny matrix, asked of the API server as `kubectl auth can-i … --as`. */
export const canIChecker = defineChecker({
  type: 'can-i',
  summary: 'RBAC allow/deny matrix for a user or service account (kubectl auth can-i --as)',
  params,
  needs: ['can-i'],
  async run(p, ctx) {
    const asked = [
      ...p.allow.map((entry) => ({ entry, want: true })),
      ...p.deny.map((entry) => ({ entry, want: false })),
    ];
    // Port errors (API down, forbidden to impersonate) propagate: the engine reports them as
    // `error`, never as the learner's fault.
    const answers = await Promise.all(
      asked.map(async (a) => ({ ...a, got: await ctx.cluster.canI(parseAccessEntry(a.entry, p.as, p.namespace, p.groups)) })),
    );
    const wrong = answers.filter((a) => a.got !== a.want);
    const expected = [
      p.allow.length > 0 ? `can ${p.allow.join(', ')}` : undefined,
      p.deny.length > 0 ? `cannot ${p.deny.join(', ')}` : undefined,
    ]
      .filter((s) => s !== undefined)
      .join('; ');
    if (wrong.length === 0) {
      return passed(`${subject(p.as, p.groups)}${where(p.namespace)}: ${p.allow.length} allowed and ${p.deny.length} denied as required`);
    }
    const actual = wrong
      .map((a) => (a.got ? `can ${a.entry} (should not)` : `cannot ${a.entry} (should)`))
      .join('; ');
    // Which requests are answered wrongly is behaviour the learner can test with kubectl auth can-i;
    // the Role or binding that would fix it is not named.
    const who = `${subject(p.as, p.groups)}${where(p.namespace)}`;
    return failed(`${who} ${expected}`, actual, { summary: `${who}: ${actual}` });
  },
});

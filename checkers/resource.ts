import { z } from 'zod';
import { defineChecker, failed, passed } from '../src/models/index.js';
import { pollable } from './support/live.js';
import { lookup, refSchema } from './support/ref.js';

const params = z.strictObject({
  ref: refSchema,
  namespace: z.string().min(1).optional().describe('default: default; cluster-scoped kinds ignore it'),
  expect: z.enum(['exists', 'absent']).default('exists'),
});

const where = (ref: string, namespace: string | undefined): string => (namespace ? `${ref} in namespace ${namespace}` : ref);

/** An object exists, or is gone. */
const resourceCheckerOnce = defineChecker({
  type: 'resource',
  summary: 'an object exists or is absent',
  params,
  needs: [],
  async run(p, ctx) {
    const found = await lookup(ctx.cluster, p.ref, p.namespace);
    if (p.expect === 'exists') {
      // Where the object is instead is the learner's own state: safe to say before the solution.
      return 'object' in found ? passed(`${where(p.ref, found.object.metadata?.namespace)} exists`) : failed(`${p.ref} exists`, found.missing, { summary: found.missing });
    }
    if (!('object' in found)) return passed(`${where(p.ref, p.namespace ?? 'default')} is absent`);
    const still = `${where(p.ref, found.object.metadata?.namespace)} still exists`;
    return failed(`${where(p.ref, p.namespace)} is absent`, still, { summary: still });
  },
});

/** With `live: true` (support/live.ts): unsupported offline, polled on a live cluster. */
export const resourceChecker = pollable(resourceCheckerOnce);

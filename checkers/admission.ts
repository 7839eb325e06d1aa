import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { defineChecker, errored, failed, passed } from '../src/models/index.js';
import type { DryRunAnswer, DryRunOptions } from '../src/models/index.js';
import { excerpt } from './support/excerpt.js';
import { regexSchema } from './support/ref.js';

/** The one object a manifest holds, as far as the check needs it. */
interface ManifestObject {
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * Reads the manifest as kubectl would: one YAML (or JSON) document holding one object with
 * apiVersion, kind and metadata.name. Returns the problem in words otherwise (with the manifest's
 * own line and column for a YAML error).
 */
export function readManifest(text: string): ManifestObject | { problem: string } {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { problem: 'the manifest holds no YAML document' };
  const withContent = docs.filter((d) => d.errors.length > 0 || d.contents !== null);
  for (const doc of withContent) {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      return { problem: `the manifest is not valid YAML${at ? ` (manifest line ${at.line}, column ${at.col})` : ''}: ${error.message.split('\n')[0]}` };
    }
  }
  // One object per check: which of several kubectl stopped at would be unclear.
  if (withContent.length !== 1) return { problem: `the manifest must hold exactly one object, found ${withContent.length} documents` };
  const value: unknown = withContent[0]?.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'the manifest must be one object (a YAML mapping)' };
  const object = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') return { problem: 'the manifest has no apiVersion' };
  if (typeof object.kind !== 'string' || object.kind === '') return { problem: 'the manifest has no kind' };
  if (/List$/.test(object.kind)) return { problem: `the manifest must be one object, not a ${object.kind}` };
  if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') return { problem: 'the manifest has no metadata.name' };
  const namespace = typeof object.metadata.namespace === 'string' ? object.metadata.namespace : undefined;
  return { kind: object.kind, name: object.metadata.name, ...(namespace !== undefined ? { namespace } : {}) };
}

const params = z
  .strictObject({
    manifest: z
      .string()
      .min(1)
      .superRefine((text, ctx) => {
        const read = readManifest(text);
        if ('problem' in read) ctx.addIssue({ code: 'custom', message: read.problem });
      })
      .describe('one object (YAML or JSON) submitted with --dry-run=server; nothing is stored'),
    operation: z
      .enum(['create', 'apply'])
      .default('create')
      .describe('create: a new object (POST); apply: server-side apply, which also updates an existing object'),
    namespace: z.string().min(1).optional().describe("-n, for a namespaced object whose manifest names no namespace"),
    as: z.string().min(1).optional().describe('impersonated user, as in --as'),
    asGroups: z.array(z.string().min(1)).min(1).optional().describe('impersonated groups, as in --as-group; needs as'),
    allowed: z.boolean().describe('true: the request must be admitted; false: it must be refused'),
    messageContains: z.string().min(1).optional().describe('with allowed: false, text the refusal must contain'),
    messageMatches: regexSchema.optional().describe('with allowed: false, a JavaScript regex the refusal must match'),
  })
  .refine((p) => p.asGroups === undefined || p.as !== undefined, {
    message: 'asGroups needs as: kubectl impersonates groups only together with a user',
    path: ['asGroups'],
  })
  .refine((p) => p.allowed === false || (p.messageContains === undefined && p.messageMatches === undefined), {
    message: 'messageContains and messageMatches describe a refusal: they need allowed: false',
  })
  .refine(
    (p) => {
      const read = readManifest(p.manifest);
      return 'problem' in read || read.namespace === undefined || p.namespace === undefined || read.namespace === p.namespace;
    },
    { message: 'namespace differs from the manifest\'s metadata.namespace (kubectl refuses that)', path: ['namespace'] },
  );

type Params = z.infer<typeof params>;

/**
 * Which part of the API server refused, when its message says so. Order matters: a webhook's or
 * policy's message can quote other words.
 */
export function refusedBy(answer: Pick<DryRunAnswer, 'reason' | 'message'>): string | undefined {
  const m = answer.message;
  let hit: RegExpExecArray | null;
  if ((hit = /admission webhook "([^"]+)" denied the request/.exec(m))) return `admission webhook "${hit[1]}"`;
  if ((hit = /failed calling webhook "([^"]+)"/.exec(m))) return `admission webhook "${hit[1]}" (the API server could not call it)`;
  if ((hit = /ValidatingAdmissionPolicy '([^']+)'(?: with binding '([^']+)')? denied request/.exec(m))) {
    return `ValidatingAdmissionPolicy "${hit[1]}"${hit[2] ? ` (binding "${hit[2]}")` : ''}`;
  }
  if ((hit = /violates PodSecurity "([^"]+)"/.exec(m))) return `PodSecurity admission ("${hit[1]}")`;
  if ((hit = /exceeded quota: ([^,\s]+)/.exec(m))) return `ResourceQuota "${hit[1]}"`;
  if (/(maximum|minimum) \S+ usage per (Container|Pod|PersistentVolumeClaim)|must be less than or equal to \S+ limit/.test(m)) return 'LimitRange admission';
  if (/is not allowed to modify (node|labels|taints)|node "[^"]+" is not allowed to/.test(m)) return 'NodeRestriction admission';
  if (/User "[^"]*" cannot [\w*]+ resource/.test(m)) return 'authorization (RBAC: the user may not make this request)';
  if (/image policy webhook/i.test(m)) return 'ImagePolicyWebhook admission';
  if (answer.reason === 'Invalid') return 'validation (the object\'s schema or a validation rule)';
  return undefined;
}

/** Server answers that refuse the request for what it is, as admission and authorization do. */
const REFUSAL_REASONS = new Set(['Forbidden', 'Invalid']);

type Reading =
  | { kind: 'admitted'; warnings: string[] }
  | { kind: 'refused'; by: string; message: string }
  /** Refused, but not by admission or authorization: the namespace is missing, the object exists. */
  | { kind: 'other'; reason: string; message: string }
  /** The probe itself is malformed (an unknown field): the pack's fault. */
  | { kind: 'malformed'; message: string };

function read(answer: DryRunAnswer): Reading {
  if (answer.allowed) return { kind: 'admitted', warnings: answer.warnings };
  const by = refusedBy(answer);
  if (by !== undefined) return { kind: 'refused', by, message: answer.message };
  if (answer.reason !== undefined && REFUSAL_REASONS.has(answer.reason)) return { kind: 'refused', by: `the API server (${answer.reason})`, message: answer.message };
  if (answer.reason === 'BadRequest') return { kind: 'malformed', message: answer.message };
  return { kind: 'other', reason: answer.reason ?? 'no reason given', message: answer.message };
}

/** `dry-run create of pod/probe in namespace shop as jane (groups dev)`. */
function requestText(p: Params, object: ManifestObject): string {
  const namespace = object.namespace ?? p.namespace;
  const as = p.as !== undefined ? ` as ${p.as}${p.asGroups ? ` (groups ${p.asGroups.join(', ')})` : ''}` : '';
  return `dry-run ${p.operation} of ${object.kind.toLowerCase()}/${object.name}${namespace !== undefined ? ` in namespace ${namespace}` : ''}${as}`;
}

function messageWanted(p: Params): string {
  return [
    p.messageContains !== undefined ? `containing "${p.messageContains}"` : undefined,
    p.messageMatches !== undefined ? `matching /${p.messageMatches}/` : undefined,
  ]
    .filter((s) => s !== undefined)
    .join(' and ');
}

/**
 * A request submitted with server-side dry-run is admitted or refused: admission webhooks,
 * PodSecurity, ValidatingAdmissionPolicy, quotas, LimitRanges, NodeRestriction, RBAC and schema
 * validation all run, and nothing is stored.
 */
export const admissionChecker = defineChecker({
  type: 'admission',
  summary: 'a request submitted with server-side dry-run (optionally impersonating) is admitted or refused',
  params,
  needs: [],
  async run(p, ctx) {
    const object = readManifest(p.manifest);
    if ('problem' in object) return errored(`the check's manifest: ${object.problem}`);
    const opts: DryRunOptions = { operation: p.operation };
    if (p.namespace !== undefined) opts.namespace = p.namespace;
    if (p.as !== undefined) opts.as = p.as;
    if (p.asGroups !== undefined) opts.asGroups = p.asGroups;
    // Offline the port throws UnsupportedOperationError: the engine reports `unsupported`.
    const answer = await ctx.cluster.dryRun(p.manifest, opts);
    const reading = read(answer);
    const request = requestText(p, object);
    const wantText = messageWanted(p);
    const expected = p.allowed ? `${request}: admitted` : `${request}: refused${wantText ? ` with a message ${wantText}` : ''}`;

    if (reading.kind === 'malformed') return errored(`the check's manifest is refused as malformed (${request}): ${excerpt(reading.message, 300)}`);
    if (reading.kind === 'other') {
      // Neither admission nor authorization answered: no expectation about them holds.
      const actual = `refused, but not by admission or authorization (${reading.reason}): ${excerpt(reading.message, 300)}`;
      return failed(expected, actual, {
        hint: reading.reason === 'AlreadyExists' ? 'the object exists, so a create cannot be judged; the check may need operation: apply or another name' : undefined,
        summary: `${request}: ${actual}`,
      });
    }
    if (reading.kind === 'admitted') {
      // A warning (PodSecurity warn mode, a policy with validationActions Warn) is not a refusal.
      const warned = reading.warnings.length > 0 ? ` with warning: ${excerpt(reading.warnings.join(' | '), 300)}` : '';
      if (p.allowed) return passed(`${request}: admitted${warned}`);
      const actual = `admitted${warned}`;
      return failed(expected, actual, { summary: `${request}: ${actual}` });
    }
    const refused = `refused by ${reading.by}: ${excerpt(reading.message, 300)}`;
    if (p.allowed) return failed(expected, refused, { summary: `${request}: ${refused}` });
    const containsOk = p.messageContains === undefined || reading.message.includes(p.messageContains);
    const matchesOk = p.messageMatches === undefined || new RegExp(p.messageMatches).test(reading.message);
    if (containsOk && matchesOk) return passed(`${request}: ${refused}`);
    // The refusal is the learner's cluster's answer; the wanted wording is not shown before the reveal.
    return failed(expected, refused, { summary: `${request}: refused, but not for the reason the task is about (${refused})` });
  },
});

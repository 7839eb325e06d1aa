import { z } from 'zod';

// A task's parameters: named values drawn per attempt (issue 14), so a learner who retakes a
// drill or an exam meets other names, ports and values. The shapes here are checked by zod;
// what zod cannot say (min ≤ max, words that make valid names, derived values that refer to
// known params without a cycle) is checked by src/packs/validate-params.ts, naming FILE:LINE:COL.
// Drawing and expanding live in src/services/task-variants.ts.

/** A parameter's name: what follows `params.` in `{{params.NAME}}` (no dots or dashes, so the placeholder reads one way). */
export const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The Service NodePort range, the default of a `port` parameter (a NodePort is what most port tasks ask for). */
export const DEFAULT_PORT_RANGE = { min: 30000, max: 32767 } as const;

const choiceSchema = z.union([z.string(), z.number(), z.boolean()]);
const intRangeSchema = z.strictObject({ min: z.number().int(), max: z.number().int() });
const portNumberSchema = z.number().int().min(1, 'a port is 1–65535').max(65535, 'a port is 1–65535');
const wordListsSchema = z
  .array(z.array(z.string()).min(1, 'a word list needs at least one word'))
  .min(1, 'words needs at least one list')
  .describe('lists of words; the value is one word of each list, joined with "-" (e.g. [[blue, green], [api, web]] → green-api)');

/** The kinds of parameter, one key each; a parameter has exactly one of them. */
export const PARAM_KINDS = ['oneOf', 'int', 'port', 'name', 'label', 'value'] as const;
export type ParamKind = (typeof PARAM_KINDS)[number];

/**
 * One parameter. An object with exactly one kind key (checked in validate-params.ts, which says
 * so by name) rather than a union, so a mistake reads "unknown key" instead of "no branch matched".
 */
export const paramSpecSchema = z.strictObject({
  oneOf: z.array(choiceSchema).min(1, 'oneOf needs at least one choice').optional().describe('one of these values, e.g. oneOf: [shop, store, market]'),
  int: intRangeSchema.optional().describe('an integer from min to max, both included'),
  port: z
    .strictObject({ min: portNumberSchema.default(DEFAULT_PORT_RANGE.min), max: portNumberSchema.default(DEFAULT_PORT_RANGE.max) })
    .optional()
    .describe('a port from min to max, both included (default: the NodePort range 30000–32767)'),
  name: z.strictObject({ words: wordListsSchema }).optional().describe('a DNS-1123 name (namespaces, most objects) built from word lists'),
  label: z.strictObject({ words: wordListsSchema }).optional().describe('a label value built from word lists (letters, digits, "-", "_", ".")'),
  value: z.string().min(1).optional().describe('derived from other parameters, e.g. value: "{{params.ns}}-backup"'),
});
export type ParamSpec = z.infer<typeof paramSpecSchema>;

export const paramsSchema = z
  .record(z.string().regex(PARAM_NAME, 'a parameter name starts with a letter, then letters, digits or "_"'), paramSpecSchema)
  .describe('values drawn per attempt; {{params.NAME}} stands for one in the statement, steps, checks, hints, docs and walkthrough');
export type TaskParams = z.infer<typeof paramsSchema>;

/** The kind keys a spec has (exactly one in a valid spec). */
export const paramKindsOf = (spec: ParamSpec): ParamKind[] => PARAM_KINDS.filter((kind) => spec[kind] !== undefined);

/**
 * The fields of a task where `{{params.NAME}}` is filled in. Everywhere else (metadata,
 * environment) a placeholder would stay as written, so the loader refuses one there.
 */
export const PARAM_FIELDS = ['statement', 'hints', 'setup', 'solution', 'walkthrough', 'alternatives', 'nearMisses', 'checks', 'docs'] as const;

/** How a parameter is named inside a placeholder: `{{params.NAME}}`. */
export const PARAM_PREFIX = 'params.';

/** A drawn variant: the seed it was drawn from and each parameter's value, as history and reports keep them. */
export interface TaskVariant {
  seed: number;
  params: Record<string, string>;
}

/** A variant as saved files hold it (history, the saved exam, the variant last set up): checked when read. */
export const taskVariantSchema = z.object({ seed: z.number().int().min(0).max(0xffffffff), params: z.record(z.string(), z.string()) });

/** The variant of a task without parameters. */
export const NO_PARAMS_VARIANT = (seed = 0): TaskVariant => ({ seed, params: {} });

/** Lower-case RFC 1123 label: what a `name` parameter must always produce. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A Kubernetes label value (non-empty here): what a `label` parameter must always produce. */
export const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** Both are at most 63 characters. */
export const MAX_LABEL_LENGTH = 63;

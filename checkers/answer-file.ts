import { z } from 'zod';
import { evaluateCustomColumns, evaluateJsonPath, JsonPathError, kubectlList, parseCustomColumns } from '../src/jsonpath/index.js';
import { defineChecker, errored, failed, passed } from '../src/models/index.js';
import type { CheckContext, K8sObject } from '../src/models/index.js';
import { jsonPathTemplateSchema, lookup, refSchema } from './support/ref.js';

const querySchema = z
  .strictObject({
    list: z.string().min(1).optional().describe('a kind to list; the List is the JSONPath root'),
    ref: refSchema.optional().describe('one object, <kind>/<name>'),
    namespace: z.string().min(1).optional().describe('default: default, as kubectl without -n'),
    allNamespaces: z.boolean().default(false).describe('list across all namespaces, as kubectl -A'),
    jsonpath: jsonPathTemplateSchema.optional(),
    customColumns: z
      .string()
      .min(1)
      .superRefine((spec, ctx) => {
        try {
          parseCustomColumns(spec);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `invalid custom-columns: ${(error as Error).message}` });
        }
      })
      .optional(),
    noHeaders: z.boolean().default(false).describe('custom-columns without the header line (--no-headers)'),
  })
  .refine((q) => (q.list === undefined) !== (q.ref === undefined), { message: 'give exactly one of list or ref' })
  .refine((q) => (q.jsonpath === undefined) !== (q.customColumns === undefined), {
    message: 'give exactly one of jsonpath or customColumns',
  });

const params = z
  .strictObject({
    file: z
      .string()
      .min(1)
      .refine((f) => !f.split(/[\\/]/).includes('..'), { message: 'an answer file may not contain "..": it stays inside the answers directory' })
      .describe('path under the answers directory'),
    equals: z.string().optional(),
    query: querySchema.optional(),
    sortLines: z.boolean().default(false).describe('compare lines regardless of order'),
  })
  .refine((p) => (p.equals === undefined) !== (p.query === undefined), { message: 'give exactly one of equals or query' });

type Query = z.infer<typeof querySchema>;

/**
 * Lines trimmed, runs of spaces/tabs inside a line collapsed to one space, blank lines at the
 * start and end dropped — so `kubectl` column padding and a trailing newline do not matter.
 */
export function normalizeText(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim().replace(/[ \t]+/g, ' '));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const MAX_LINES = 20;
/** The file's lines as the report shows them: the first MAX_LINES, then how many more. */
function firstLines(lines: readonly string[]): string {
  if (lines.length === 0) return '(empty file)';
  const shown = lines.slice(0, MAX_LINES).join('\n');
  return lines.length > MAX_LINES ? `${shown}\n… (${lines.length - MAX_LINES} more lines)` : shown;
}

/** What kubectl would print for the query; `{ missing }` when the ref is not there. */
async function runQuery(q: Query, ctx: CheckContext): Promise<{ output: string } | { missing: string }> {
  let root: unknown;
  if (q.ref !== undefined) {
    const found = await lookup(ctx.cluster, q.ref, q.namespace);
    if ('missing' in found) return { missing: found.missing };
    root = found.object;
  } else {
    const kind = q.list ?? '';
    let items: K8sObject[];
    if (q.namespace !== undefined) items = await ctx.cluster.list(kind, { namespace: q.namespace });
    else {
      // Without -n kubectl shows the default namespace; cluster-scoped objects carry none.
      items = (await ctx.cluster.list(kind)).filter(
        (o) => q.allNamespaces || o.metadata?.namespace === undefined || o.metadata.namespace === 'default',
      );
    }
    root = kubectlList(items);
  }
  if (q.jsonpath !== undefined) return { output: evaluateJsonPath(q.jsonpath, root) };
  return { output: evaluateCustomColumns(q.customColumns ?? '', root, { noHeaders: q.noHeaders }) };
}

/** The answers-relative path: packs may also write `{{answers}}/file`. */
function relativeFile(file: string, answersDir: string): string {
  return file.startsWith(`${answersDir}/`) ? file.slice(answersDir.length + 1) : file;
}

/** The learner's answer file equals a literal or what a kubectl query prints now. */
export const answerFileChecker = defineChecker({
  type: 'answer-file',
  summary: "the learner's answer file equals a literal or the output of a JSONPath / custom-columns query",
  params,
  needs: [],
  async run(p, ctx) {
    const file = relativeFile(p.file, ctx.vars.answers);
    const shownPath = `${ctx.vars.answers}/${file}`;
    let expectedText: string;
    if (p.query !== undefined) {
      let result: Awaited<ReturnType<typeof runQuery>>;
      try {
        result = await runQuery(p.query, ctx);
      } catch (error) {
        if (error instanceof JsonPathError) return errored(`the check's query cannot be evaluated: ${error.message}`);
        throw error;
      }
      if ('missing' in result) return failed(`${shownPath} written from ${p.query.ref}`, result.missing, { summary: `${shownPath} describes ${p.query.ref}, which is not there: ${result.missing}` });
      // Nothing to report means the state the file should describe does not exist: an empty file must not pass.
      if (normalizeText(result.output).length === 0) {
        const nothing = 'the query finds nothing in the cluster to write down (the objects it reads are missing or unchanged)';
        return failed(`${shownPath} written from the cluster's state`, nothing, { summary: `${shownPath}: ${nothing}` });
      }
      expectedText = result.output;
    } else {
      expectedText = p.equals ?? '';
    }
    const order = (lines: string[]): string[] => (p.sortLines ? [...lines].sort() : lines);
    const want = order(normalizeText(expectedText));
    const content = await ctx.answers.readFile(file);
    const what = `${shownPath} containing${p.sortLines ? ' (any line order)' : ''}:\n${firstLines(want)}`;
    if (content === undefined) return failed(what, `no file ${shownPath}`, { summary: `no file ${shownPath}` });
    const got = order(normalizeText(content));
    if (got.length === want.length && got.every((line, i) => line === want[i])) {
      return passed(`${shownPath} matches (${want.length} line${want.length === 1 ? '' : 's'})`);
    }
    const first = want.findIndex((line, i) => got[i] !== line);
    const at = first === -1 ? want.length : first;
    const hint =
      at < want.length
        ? `line ${at + 1}${p.sortLines ? ' (sorted)' : ''}: expected "${want[at]}", found ${got[at] === undefined ? 'no line' : `"${got[at]}"`}`
        : `expected ${want.length} lines, found ${got.length}`;
    // The hint quotes the expected line; the summary says only which line of the learner's file is off.
    const line = at < want.length ? at + 1 : want.length + 1;
    const summary =
      got.length === 0
        ? `${shownPath} is empty`
        : got[line - 1] === undefined
        ? `${shownPath} ends after line ${got.length}: not all the task asks for is there`
        : `${shownPath}: line ${line}${p.sortLines ? ' (sorted)' : ''} is not what the task asks (it reads "${got[line - 1]}")`;
    return failed(what, firstLines(got), { hint, summary });
  },
});

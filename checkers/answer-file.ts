import { parseAllDocuments, parseDocument } from 'yaml';
import { z } from 'zod';
import { evaluateCustomColumns, evaluateJsonPath, JsonPathError, kubectlList, parseCustomColumns } from '../src/jsonpath/index.js';
import { defineChecker, errored, failed, passed } from '../src/models/index.js';
import type { CheckContext, K8sObject, Outcome } from '../src/models/index.js';
import { fieldLabel } from '../src/models/check-fields.js';
import { excerpt } from './support/excerpt.js';
import { jsonPathTemplateSchema, lookup, refSchema, regexSchema } from './support/ref.js';

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
    // YAML authors write `equals: 3` for a parsed field; kubectl-style output is text.
    equals: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
    query: querySchema.optional(),
    sortLines: z.boolean().default(false).describe('compare lines regardless of order'),
    matches: regexSchema.optional().describe('JavaScript regex over the whole file (^ and $ at line ends); with format, over the jsonpath value'),
    contains: z.string().min(1).optional().describe('text the file must contain'),
    notMatches: regexSchema.optional().describe('JavaScript regex no part of the file may match (^ and $ at line ends)'),
    format: z.enum(['json', 'yaml']).optional().describe('parse the file; several YAML documents read as a List'),
    jsonpath: jsonPathTemplateSchema.optional().describe('with format: a kubectl JSONPath over the parsed file'),
    exists: z.boolean().optional().describe('with format: the jsonpath yields a value (true) or nothing (false)'),
  })
  .superRefine((p, ctx) => {
    const issue = (message: string, path?: string): void => {
      ctx.addIssue({ code: 'custom', message, ...(path !== undefined ? { path: [path] } : {}) });
    };
    if (p.format !== undefined) {
      if (p.jsonpath === undefined) issue('format needs jsonpath: which value of the parsed file to compare', 'jsonpath');
      const ops = (['equals', 'matches', 'exists'] as const).filter((k) => p[k] !== undefined);
      if (ops.length !== 1) issue('with format, give exactly one of equals, matches or exists');
      for (const k of ['query', 'contains', 'notMatches'] as const) if (p[k] !== undefined) issue(`${k} reads the file as text: it does not go with format`, k);
      if (p.sortLines) issue('sortLines reads the file as text: it does not go with format', 'sortLines');
      return;
    }
    if (p.jsonpath !== undefined) issue('jsonpath reads a parsed file: give format: json or yaml (a query of the cluster goes in query.jsonpath)', 'jsonpath');
    if (p.exists !== undefined) issue('exists needs format and jsonpath', 'exists');
    const text = p.matches !== undefined || p.contains !== undefined || p.notMatches !== undefined;
    if ([p.equals !== undefined, p.query !== undefined, text].filter(Boolean).length !== 1) {
      issue('give exactly one of equals or query, or text conditions (matches, contains, notMatches), or format with jsonpath');
    }
    if (text && p.sortLines) issue('sortLines only goes with equals or query', 'sortLines');
  });

type Params = z.infer<typeof params>;

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

/** `line 3, column 5` of a text, from a 0-based character offset. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * The file parsed as the check declares, or where and why it does not parse. JSON is strict
 * (JSON.parse); its position comes from the message or, when V8 gives none, from the YAML
 * parser's JSON schema, which reads JSON as a subset. Several YAML documents read as a List
 * (`{.items[*].kind}`), as `kubectl get` prints several objects; one document is the root.
 */
export function parseAnswer(text: string, format: 'json' | 'yaml'): { root: unknown } | { problem: string } {
  if (format === 'json') {
    try {
      return { root: JSON.parse(text) as unknown };
    } catch (error) {
      const message = (error as Error).message;
      const position = /at position (\d+)/.exec(message);
      const located = parseDocument(text, { schema: 'json' }).errors[0]?.linePos?.[0];
      const where = position
        ? lineCol(text, Number(position[1]))
        : located
        ? `line ${located.line}, column ${located.col}`
        : lineCol(text, text.length);
      const what = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
      return { problem: `not valid JSON at ${where}: ${what}` };
    }
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { root: null };
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      return { problem: `not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}` };
    }
  }
  const values = docs.filter((d) => d.contents !== null).map((d) => d.toJS() as unknown);
  return { root: values.length === 1 ? values[0] : kubectlList(values) };
}

/** A JSONPath over the learner's parsed file, compared with equals | matches | exists. */
function gradeStructured(p: Params, content: string, shownPath: string): Outcome {
  const format = p.format ?? 'json';
  const template = p.jsonpath ?? '';
  const label = fieldLabel(template);
  const want =
    p.equals !== undefined ? `${label} = ${p.equals === '' ? '(empty)' : p.equals}` : p.matches !== undefined ? `${label} matching /${p.matches}/` : p.exists ? `${label} set` : `${label} not set`;
  const expected = `${shownPath} (${format.toUpperCase()}): ${want}`;
  const parsed = parseAnswer(content, format);
  if ('problem' in parsed) return failed(expected, parsed.problem, { summary: `${shownPath}: ${parsed.problem}` });
  let value: string;
  try {
    value = evaluateJsonPath(template, parsed.root).trim();
  } catch (error) {
    if (error instanceof JsonPathError && error.phase === 'execute') {
      const actual = `${label} cannot be read from this file: ${error.message}`;
      return failed(expected, actual, { summary: `${shownPath}: ${actual}` });
    }
    return errored(`JSONPath ${template}: ${(error as Error).message}`);
  }
  const ok =
    p.equals !== undefined ? value === p.equals.trim() : p.matches !== undefined ? new RegExp(p.matches).test(value) : (value !== '') === p.exists;
  const now = value === '' ? 'not set' : excerpt(value, 200);
  if (ok) return passed(`${shownPath}: ${label} = ${now}`);
  // The learner's own file may be quoted; the wanted value is not.
  return failed(expected, `${label} = ${now}`, { summary: `${shownPath}: ${label} is not what the task asks (now: ${now})` });
}

/** Text conditions over the whole file: contains, matches, notMatches. */
function gradeText(p: Params, content: string, shownPath: string): Outcome {
  const wants: string[] = [];
  const problems: string[] = [];
  // Before the reveal: that something is missing, or which line holds what the task forbids — never the patterns.
  const safe: string[] = [];
  if (p.contains !== undefined) {
    wants.push(`containing "${excerpt(p.contains, 60)}"`);
    if (!content.includes(p.contains)) problems.push(`text "${excerpt(p.contains, 60)}" not found`);
  }
  if (p.matches !== undefined) {
    wants.push(`matching /${p.matches}/`);
    if (!new RegExp(p.matches, 'm').test(content)) problems.push(`no match for /${p.matches}/`);
  }
  if (problems.length > 0) safe.push('something the task asks for is missing');
  if (p.notMatches !== undefined) {
    wants.push(`not matching /${p.notMatches}/`);
    const hit = new RegExp(p.notMatches, 'm').exec(content);
    if (hit) {
      const line = content.slice(0, hit.index).split('\n').length;
      problems.push(`/${p.notMatches}/ matches at line ${line}: "${excerpt(hit[0], 80)}"`);
      safe.push(`line ${line} holds something the task rules out`);
    }
  }
  const expected = `${shownPath} ${wants.join(', ')}`;
  if (problems.length === 0) return passed(`${shownPath}: ${wants.length} text condition${wants.length === 1 ? '' : 's'} hold`);
  return failed(expected, problems.join('; '), { hint: `the file begins:\n${firstLines(normalizeText(content))}`, summary: `${shownPath}: ${safe.join('; ')}` });
}

/** The answers-relative path: packs may also write `{{answers}}/file`. */
function relativeFile(file: string, answersDir: string): string {
  return file.startsWith(`${answersDir}/`) ? file.slice(answersDir.length + 1) : file;
}

/** The learner's answer file equals a literal or what a kubectl query prints now. */
export const answerFileChecker = defineChecker({
  type: 'answer-file',
  summary: "the learner's answer file: equals a literal or a query's output, matches text, or a JSONPath over it parsed as JSON/YAML",
  params,
  needs: [],
  async run(p, ctx) {
    const file = relativeFile(p.file, ctx.vars.answers);
    const shownPath = `${ctx.vars.answers}/${file}`;
    if (p.format !== undefined || (p.equals === undefined && p.query === undefined)) {
      const content = await ctx.answers.readFile(file);
      if (content === undefined) return failed(`${shownPath} exists`, `no file ${shownPath}`, { summary: `no file ${shownPath}` });
      return p.format !== undefined ? gradeStructured(p, content, shownPath) : gradeText(p, content, shownPath);
    }
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

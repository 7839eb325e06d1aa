import type { NodeName, TemplateVars } from './models/index.js';
import { NODE_NAMES } from './models/index.js';

/** A placeholder found in text: `{{ name }}` spans `start` to `end` (exclusive). */
interface Placeholder {
  start: number;
  end: number;
  name: string;
}

// Sticky pieces of `{{ name }}` (optional whitespace inside the braces; names are dotted words).
// One regex like /\{\{\s*([\w.-]*)\s*\}\}/ backtracks quadratically on `{{` followed by a long run
// of whitespace with no `}}` (two adjacent \s* split the run every possible way): a 900 KB pack
// took six minutes and blocked Ctrl-C. Matched piece by piece, each piece is greedy and final,
// which gives the same matches (the pieces' character classes are disjoint) in linear time.
const SPACES = /\s*/y;
const NAME = /[A-Za-z0-9_.-]*/y;

/** End of the run of `pattern` (sticky, may match empty) starting at `from`. */
function skip(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(text) ? pattern.lastIndex : from;
}

/**
 * Every placeholder in `text`, left to right, without overlaps. Linear in the text: an attempt
 * that fails stops at the first character that is neither whitespace nor a name character, and
 * the next attempt starts at the next `{{`, so no character is examined more than a few times.
 */
function scanPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  let from = text.indexOf('{{');
  while (from >= 0) {
    const nameStart = skip(SPACES, text, from + 2);
    const nameEnd = skip(NAME, text, nameStart);
    const close = skip(SPACES, text, nameEnd);
    if (text.startsWith('}}', close)) {
      found.push({ start: from, end: close + 2, name: text.slice(nameStart, nameEnd) });
      from = text.indexOf('{{', close + 2);
    } else {
      from = text.indexOf('{{', from + 1);
    }
  }
  return found;
}

/** Thrown when a placeholder names no known variable; the message names it and lists the known ones. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(readonly variable: string) {
    super(`unknown template variable {{${variable}}}; known: ${knownVariables().join(', ')}`);
  }
}

function knownVariables(): string[] {
  return ['cluster', 'context', 'answers', ...NODE_NAMES.map((n) => `nodes.${n}`)];
}

/** Every variable name used in `text` (in order of first use, without duplicates). */
export function findTemplateVariables(text: string): string[] {
  const seen = new Set<string>();
  for (const placeholder of scanPlaceholders(text)) seen.add(placeholder.name);
  return [...seen];
}

/** The value of one variable, or undefined when `name` is not a variable. */
export function lookupVariable(name: string, vars: TemplateVars): string | undefined {
  if (name === 'cluster' || name === 'context' || name === 'answers') return vars[name];
  if (name.startsWith('nodes.')) {
    const node = name.slice('nodes.'.length);
    if ((NODE_NAMES as readonly string[]).includes(node)) return vars.nodes[node as NodeName];
  }
  return undefined;
}

function expandString(text: string, vars: TemplateVars): string {
  const placeholders = scanPlaceholders(text);
  if (placeholders.length === 0) return text;
  let out = '';
  let done = 0;
  for (const { start, end, name } of placeholders) {
    const value = lookupVariable(name, vars);
    if (value === undefined) throw new TemplateError(name);
    out += text.slice(done, start) + value;
    done = end;
  }
  return out + text.slice(done);
}

/**
 * Expands `{{…}}` in every string of `value`, deep through arrays and plain objects (keys are left
 * alone), except inside raw steps (isRawStep). Returns a new value; the input is not modified. Throws TemplateError on an unknown
 * variable: the pack loader rejects those, so meeting one here is a pack the loader did not see.
 */
export function expandTemplates<T>(value: T, vars: TemplateVars): T {
  return expandAny(value, vars) as T;
}

/**
 * An `apply` or `answer` step marked `raw: true`: its text is used exactly as written (a manifest
 * or file carrying Go or Helm templates), so nothing in it is a placeholder.
 */
export function isRawStep(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const step = value as Record<string, unknown>;
  return step.raw === true && ('apply' in step || 'answer' in step);
}

function expandAny(value: unknown, vars: TemplateVars): unknown {
  if (typeof value === 'string') return expandString(value, vars);
  if (isRawStep(value)) return value;
  if (Array.isArray(value)) return value.map((item) => expandAny(item, vars));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = expandAny(item, vars);
    return out;
  }
  return value;
}

/**
 * Replaces the placeholders `lookup` has a value for, deep through arrays and plain objects like
 * expandTemplates, and leaves every other `{{…}}` exactly as written (a task's `{{params.NAME}}`
 * are filled in when its variant is drawn; `{{nodes.worker1}}` waits for the task's world).
 */
export function replacePlaceholders<T>(value: T, lookup: (name: string) => string | undefined): T {
  return replaceAny(value, lookup) as T;
}

function replaceAny(value: unknown, lookup: (name: string) => string | undefined): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    let out = '';
    let done = 0;
    for (const { start, end, name } of scanPlaceholders(value)) {
      const replacement = lookup(name);
      if (replacement === undefined) continue;
      out += value.slice(done, start) + replacement;
      done = end;
    }
    return done === 0 ? value : out + value.slice(done);
  }
  if (Array.isArray(value)) return value.map((item) => replaceAny(item, lookup));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = replaceAny(item, lookup);
    return out;
  }
  return value;
}

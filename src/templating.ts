import type { NodeName, TemplateVars } from './models/index.js';
import { NODE_NAMES } from './models/index.js';

/** `{{ name }}` with optional whitespace inside the braces; names are dotted words. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]*)\s*\}\}/g;

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
  for (const match of text.matchAll(PLACEHOLDER)) seen.add(match[1] ?? '');
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
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = lookupVariable(name, vars);
    if (value === undefined) throw new TemplateError(name);
    return value;
  });
}

/**
 * Expands `{{…}}` in every string of `value`, deep through arrays and plain objects (keys are left
 * alone). Returns a new value; the input is not modified. Throws TemplateError on an unknown
 * variable: the pack loader rejects those, so meeting one here is a pack the loader did not see.
 */
export function expandTemplates<T>(value: T, vars: TemplateVars): T {
  return expandAny(value, vars) as T;
}

function expandAny(value: unknown, vars: TemplateVars): unknown {
  if (typeof value === 'string') return expandString(value, vars);
  if (Array.isArray(value)) return value.map((item) => expandAny(item, vars));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = expandAny(item, vars);
    return out;
  }
  return value;
}

import { TEMPLATE_VARIABLES } from '../models/index.js';
import { PARAM_PREFIX } from '../models/task-params.js';
import { findTemplateVariables, isRawStep } from '../templating.js';

const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

/** The template variables a pack may use, for messages. */
export const KNOWN_VARIABLES: readonly string[] = TEMPLATE_VARIABLES;

/** An unknown placeholder found in a string of the document. */
export interface UnknownVariable {
  path: PropertyKey[];
  /** The variable name as written inside the braces (may be empty for `{{}}`). */
  name: string;
}

/**
 * Walks every string below `value` and returns the placeholders that are not known variables.
 * Uses the expander's own scanner (src/templating.ts), so whatever passes here expands at run
 * time — including Go templates like `{{.metadata.name}}`, which the expander would reject too.
 */
export function findUnknownVariables(value: unknown, path: PropertyKey[] = [], known: (name: string) => boolean = (name) => KNOWN.has(name)): UnknownVariable[] {
  const found: UnknownVariable[] = [];
  walk(value, [...path], found, known, new Set());
  return found;
}

/** The task's own parameters are known too, as `params.NAME` (src/models/task-params.ts). */
export const knownWithParams =
  (params: ReadonlySet<string>) =>
  (name: string): boolean =>
    KNOWN.has(name) || (name.startsWith(PARAM_PREFIX) && params.has(name.slice(PARAM_PREFIX.length)));

/**
 * `path` is one array pushed and popped on the way (copied only for a find): a copy per value cost
 * more than the scan. `seen` stops at an object met again: a YAML alias can make a document refer to itself.
 */
function walk(value: unknown, path: PropertyKey[], found: UnknownVariable[], known: (name: string) => boolean, seen: Set<object>): void {
  if (typeof value === 'string') {
    // Cheap test first: most strings have no placeholder at all.
    if (!value.includes('{{')) return;
    for (const name of findTemplateVariables(value)) if (!known(name)) found.push({ path: [...path], name });
  } else if (typeof value === 'object' && value !== null && seen.has(value)) {
    return;
  } else if (isRawStep(value)) {
    // Used as written (`raw: true`): its `{{…}}` are the manifest's own, never expanded.
  } else if (Array.isArray(value)) {
    seen.add(value);
    value.forEach((item, i) => {
      path.push(i);
      walk(item, path, found, known, seen);
      path.pop();
    });
  } else if (typeof value === 'object' && value !== null) {
    seen.add(value);
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      walk(item, path, found, known, seen);
      path.pop();
    }
  }
}

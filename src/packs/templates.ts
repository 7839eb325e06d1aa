import { TEMPLATE_VARIABLES } from '../models/index.js';

const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

/**
 * `{{ name }}` where name looks like a variable. Go templates (`{{.metadata.name}}`,
 * `{{range .items}}`) are left alone: a node script may legitimately run
 * `kubectl -o go-template=…`, and a dot or a space is never part of our variables' first word.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** An unknown placeholder found in a string of the document. */
export interface UnknownVariable {
  path: PropertyKey[];
  /** The placeholder as written, e.g. `{{nodes.worker3}}`. */
  token: string;
  name: string;
}

/** The template variables a pack may use, for messages. */
export const KNOWN_VARIABLES_TEXT = TEMPLATE_VARIABLES.join(', ');

/** Walks every string below `value` and returns the placeholders that are not known variables. */
export function findUnknownVariables(value: unknown, path: PropertyKey[] = []): UnknownVariable[] {
  const found: UnknownVariable[] = [];
  walk(value, path, found);
  return found;
}

function walk(value: unknown, path: PropertyKey[], found: UnknownVariable[]): void {
  if (typeof value === 'string') {
    // Cheap test first: most strings have no placeholder at all.
    if (!value.includes('{{')) return;
    for (const match of value.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (!KNOWN.has(name)) found.push({ path, token: match[0], name });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], found);
  }
}

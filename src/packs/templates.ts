import { TEMPLATE_VARIABLES } from '../models/index.js';
import { findTemplateVariables } from '../templating.js';

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
export function findUnknownVariables(value: unknown, path: PropertyKey[] = []): UnknownVariable[] {
  const found: UnknownVariable[] = [];
  walk(value, [...path], found);
  return found;
}

/** `path` is one array pushed and popped on the way (copied only for a find): a copy per value cost more than the scan. */
function walk(value: unknown, path: PropertyKey[], found: UnknownVariable[]): void {
  if (typeof value === 'string') {
    // Cheap test first: most strings have no placeholder at all.
    if (!value.includes('{{')) return;
    for (const name of findTemplateVariables(value)) if (!KNOWN.has(name)) found.push({ path: [...path], name });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      path.push(i);
      walk(item, path, found);
      path.pop();
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      walk(item, path, found);
      path.pop();
    }
  }
}

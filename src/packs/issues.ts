import type { z } from 'zod';
import { formatPath, type PackProblem } from './problem.js';
import type { YamlDocument } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into problems that point at the YAML node. `prefix` is where the validated
 * value sits in the document (a check's params are validated apart, under `checks[i]`).
 */
export function issueProblems(issues: readonly Issue[], doc: YamlDocument, prefix: readonly PropertyKey[] = []): PackProblem[] {
  const problems: PackProblem[] = [];
  for (const issue of issues) collect(issue, doc, prefix, problems);
  return problems;
}

/** Keys the format used to have, with what replaced them, so an older pack says how to update. */
const RENAMED: Record<string, { under: string; hint: string }> = {
  disruptive: { under: 'environment', hint: 'replaced by disrupts, the list of what the task disrupts, e.g. disrupts: [kubelet]' },
};

function collect(issue: Issue, doc: YamlDocument, prefix: readonly PropertyKey[], out: PackProblem[]): void {
  const path = [...prefix, ...issue.path];
  const push = (where: readonly PropertyKey[], message: string): void => {
    const pos = doc.locate(where);
    out.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath(where), message });
  };
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) push([...path, key], `unknown key "${key}"${RENAMED[key] && path.at(-1) === RENAMED[key].under ? `: ${RENAMED[key].hint}` : ''}`);
      return;
    case 'invalid_union': {
      const best = bestBranch(issue.errors);
      if (best) {
        for (const inner of best) collect(inner, doc, path, out);
        return;
      }
      push(path, unionMessage(issue.errors, valueAt(doc.value, path)));
      return;
    }
    case 'invalid_type': {
      const parent = valueAt(doc.value, path.slice(0, -1));
      const key = path[path.length - 1];
      if (isRecord(parent) && typeof key === 'string' && !(key in parent)) {
        push(path, `missing required key "${key}" (${issue.expected})`);
        return;
      }
      push(path, issue.message);
      return;
    }
    case 'invalid_key':
      // A map key of the wrong shape (a parameter's name): the key's own rule says what is wrong.
      push(path, `"${String(path[path.length - 1])}": ${issue.issues[0]?.message ?? issue.message}`);
      return;
    case 'too_small':
      if (path[path.length - 1] === 'points') {
        push(path, 'points must not be negative');
        return;
      }
      push(path, issue.message);
      return;
    default:
      push(path, issue.message);
  }
}

/**
 * For a union of strict objects (steps), the branch the author meant is the one with the fewest
 * root-level mismatches (unknown or missing keys). Undefined when no branch stands out.
 */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let bestScore = Infinity;
  let tie = false;
  for (const branch of branches) {
    const score = branch.reduce((sum, i) => sum + (i.code === 'unrecognized_keys' ? i.keys.length : 1), 0);
    if (score < bestScore) {
      best = branch;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

function unionMessage(branches: readonly (readonly Issue[])[], value: unknown): string {
  // Each branch of a step union misses its own discriminating key: list those as the choices.
  const choices = new Set<string>();
  for (const branch of branches) {
    const missing = branch.find((i) => i.code === 'invalid_type' && i.path.length === 1);
    if (missing) choices.add(String(missing.path[0]));
  }
  if (isRecord(value) && choices.size > 0) {
    return `not a valid step: expected exactly one of the keys ${[...choices].join(', ')}; found ${Object.keys(value).join(', ') || 'none'}`;
  }
  const first = branches[0]?.[0];
  return first?.message ?? 'invalid value';
}

/** The plain value at `path` in a parsed document, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value)) value = value[String(segment)];
    else return undefined;
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

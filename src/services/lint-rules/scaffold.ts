import type { Task } from '../../models/index.js';
import type { LintFinding, LintRule } from './rule.js';

/** The marker `kubedrill pack new` and `task new` leave wherever the author has to write. */
export const TODO_MARKER = 'TODO';

const TODO = /\bTODO\b/;

/** Every string of the task with its path. */
function strings(value: unknown, path: PropertyKey[], out: [PropertyKey[], string][]): [PropertyKey[], string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => strings(item, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) strings(item, [...path, key], out);
  return out;
}

/** The top-level field a path is in, as the author knows it (`statement`, `nearMisses`…). */
const section = (path: readonly PropertyKey[]): string => (path[0] === 'metadata' ? `metadata.${String(path[1])}` : String(path[0]));

/**
 * A scaffold not filled in: the `TODO` markers the scaffolds leave. One warning per section,
 * at its first marker, so the list reads as what is left to write.
 */
export const scaffoldTodo: LintRule = {
  id: 'scaffold-todo',
  summary: `a ${TODO_MARKER} left by the scaffold: a section not filled in yet`,
  check(task: Task): LintFinding[] {
    const seen = new Set<string>();
    const findings: LintFinding[] = [];
    for (const [path, text] of strings(task, [], [])) {
      if (!TODO.test(text) || seen.has(section(path))) continue;
      seen.add(section(path));
      findings.push({ path, message: `scaffold not filled in: ${section(path)} still says ${TODO_MARKER}`, needle: TODO_MARKER });
    }
    return findings;
  },
};

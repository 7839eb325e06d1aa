import type { Task } from '../../models/index.js';

/** What a rule says about a task: where (a document path, and text inside it) and why. */
export interface LintFinding {
  /** Path in the task document, like `['checks', 2, 'ref']`. */
  path: PropertyKey[];
  message: string;
  /** Text inside the node at `path` to point at (a name inside a statement), when there is one. */
  needle?: string;
}

/**
 * A lint rule: something valid that is likely wrong. Rules only read the validated task, so a
 * rule is a pure function and its fixtures are plain task objects.
 */
export interface LintRule {
  /** Stable id, shown with every warning and used in `# kubedrill-lint-disable` comments. */
  id: string;
  /** One line for `pack lint --help` and the README. */
  summary: string;
  check(task: Task): LintFinding[];
}

/** A regular expression matching `text` as a whole word of a name (letters, digits, `-`, `_` around it end the match). */
export function nameMatcher(text: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`);
}

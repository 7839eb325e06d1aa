// The lint rules of `kubedrill pack lint`: what is valid but likely wrong in a task. Each has an
// id for `# kubedrill-lint-disable` comments; the README (For instructors) lists them.
import { fewNearMisses, hintGivesSolution, minutesMismatch, noAlternative, noDocs } from './coverage.js';
import { literalNodeName, unnamedReference } from './references.js';
import { unanchoredRegex } from './regex.js';
import type { LintRule } from './rule.js';
import { scaffoldTodo } from './scaffold.js';

export type { LintFinding, LintRule } from './rule.js';

export const LINT_RULES: readonly LintRule[] = [
  scaffoldTodo,
  unnamedReference,
  literalNodeName,
  noDocs,
  fewNearMisses,
  noAlternative,
  minutesMismatch,
  unanchoredRegex,
  hintGivesSolution,
];

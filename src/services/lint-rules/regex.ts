import type { Task } from '../../models/index.js';
import type { LintFinding, LintRule } from './rule.js';

/** Params holding a regular expression: `matches` (jsonpath), `stdoutMatches` (node-command), and the like. */
const REGEX_KEY = /^(matches|[a-z]+Matches)$/;

/**
 * Whether the pattern says where it may match: a `^`, `$` or `\\b` outside a character class,
 * or an explicit "anywhere" (`.*` or `[\\s\\S]*` at its start or end).
 */
export function hasAnchor(pattern: string): boolean {
  if (/^(\.\*|\[\\s\\S\]\*)|(\.\*|\[\\s\\S\]\*)$/.test(pattern)) return true;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      if (!inClass && pattern[i + 1] === 'b') return true;
      i++;
    } else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '^' || char === '$') return true;
  }
  return false;
}

/**
 * A regex with no anchor at all matches anywhere in the output (checkers use RegExp.test), so
 * `matches: 'nginx'` passes `not-nginx-at-all`. Anchors at token edges (`(^|\s)UDP/53(\s|$)`),
 * word boundaries and an explicit leading or trailing `.*` count: the author thought about where
 * the match may sit.
 */
export const unanchoredRegex: LintRule = {
  id: 'unanchored-regex',
  summary: 'a matches regex without anchors (^, $ or \\b)',
  check(task: Task): LintFinding[] {
    const findings: LintFinding[] = [];
    task.checks.forEach((check, i) => {
      for (const [key, value] of Object.entries(check)) {
        if (!REGEX_KEY.test(key) || typeof value !== 'string' || hasAnchor(value)) continue;
        findings.push({ path: ['checks', i, key], message: `regex /${value}/ has no anchor, so it matches anywhere in the output: write ^…$ for the whole output (\\b…\\b for a word, .* to say anywhere on purpose)` });
      }
    });
    return findings;
  },
};

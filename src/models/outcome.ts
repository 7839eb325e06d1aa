/**
 * What one check concluded (the README, Writing a pack). `failed` is a result, not an exception.
 *
 * A failure carries two readings. `expected`/`actual`/`hint` are the full evidence, shown once the
 * solution is revealed (or the exam submitted): they may hold the very value the task asks for.
 * `summary` says what is wrong without giving the answer away — which object, which field, which
 * behaviour, and what the learner's own cluster shows — and is what the learner sees before that.
 * A checker sets `summary` where it can say more than the engine's generic one
 * (src/grading/summary.ts) without leaking; rule: it may show what the learner could read from
 * their own cluster, never what the check wants (expected values, regexes, expected pod sets).
 */
export type Outcome =
  | { status: 'passed'; evidence?: string }
  | { status: 'failed'; expected: string; actual: string; hint?: string; summary?: string }
  | { status: 'error'; reason: string }
  | { status: 'unsupported'; reason: string };

export type OutcomeStatus = Outcome['status'];

/** The optional parts of a failure: a hint (evidence, shown after the reveal) and a learner-safe summary. */
export interface FailureNotes {
  hint?: string | undefined;
  summary?: string | undefined;
}

export const passed = (evidence?: string): Outcome =>
  evidence === undefined ? { status: 'passed' } : { status: 'passed', evidence };

/** A failure; the third argument is a hint (as before) or `{ hint, summary }`. */
export const failed = (expected: string, actual: string, notes?: string | FailureNotes): Outcome => {
  const { hint, summary } = typeof notes === 'string' ? { hint: notes, summary: undefined } : (notes ?? {});
  return {
    status: 'failed',
    expected,
    actual,
    ...(hint !== undefined ? { hint } : {}),
    ...(summary !== undefined ? { summary } : {}),
  };
};
export const errored = (reason: string): Outcome => ({ status: 'error', reason });
export const unsupported = (reason: string): Outcome => ({ status: 'unsupported', reason });

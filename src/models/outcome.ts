/** What one check concluded (DESIGN.md §4). `failed` is a result, not an exception. */
export type Outcome =
  | { status: 'passed'; evidence?: string }
  | { status: 'failed'; expected: string; actual: string; hint?: string }
  | { status: 'error'; reason: string }
  | { status: 'unsupported'; reason: string };

export type OutcomeStatus = Outcome['status'];

export const passed = (evidence?: string): Outcome =>
  evidence === undefined ? { status: 'passed' } : { status: 'passed', evidence };
export const failed = (expected: string, actual: string, hint?: string): Outcome =>
  hint === undefined ? { status: 'failed', expected, actual } : { status: 'failed', expected, actual, hint };
export const errored = (reason: string): Outcome => ({ status: 'error', reason });
export const unsupported = (reason: string): Outcome => ({ status: 'unsupported', reason });

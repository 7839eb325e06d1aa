import type { TaskReport } from '../../models/index.js';
import { inertJson } from '../../text/inert.js';
import { renderPlain } from './plain.js';

export const REPORT_FORMATS = ['plain', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** ANSI colours in `plain`; ignored by `json`. */
  color: boolean;
  /**
   * `plain` only: expected/actual/hint under failed checks (as after the solution) instead of the
   * learner-safe summary. Default false. `json` always carries everything (summary included): it
   * is a contract for scripts.
   */
  reveal?: boolean;
}

/** Renders one task report: human text (`plain`) or the versioned TaskReport JSON (`json`). */
export function renderReport(report: TaskReport, format: ReportFormat, options: RenderOptions = { color: false }): string {
  // JSON keeps every value; C1 and bidi characters, which JSON.stringify leaves raw, become \u escapes.
  return format === 'json' ? `${inertJson(JSON.stringify(report, null, 2))}\n` : renderPlain(report, options);
}

/** Renders several reports: plain ones one after another, JSON as `{formatVersion: 1, reports}`. */
export function renderReports(reports: readonly TaskReport[], format: ReportFormat, options: RenderOptions = { color: false }): string {
  if (format === 'json') return `${inertJson(JSON.stringify({ formatVersion: 1, reports }, null, 2))}\n`;
  return reports.map((r) => renderPlain(r, options)).join('\n');
}

export { FALLBACK_SUMMARY, HIDDEN_NOTE, renderPlain, type PlainOptions } from './plain.js';

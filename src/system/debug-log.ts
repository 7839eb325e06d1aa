import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
// The file, not models/index.ts: the debug log is loaded by every command and needs no zod.
import { shQuoteIfNeeded } from '../models/shell-quote.js';

/** One finished (or failed-to-start) external command, as the debug log records it. */
export interface CommandRecord {
  command: string;
  args: readonly string[];
  /** Undefined when the process never exited normally (missing binary, timeout, abort). */
  exitCode: number | undefined;
  durationMs: number;
  /** `timeout`, `aborted`, `missing binary`, when it did not simply exit. */
  outcome?: string;
  /** Bytes written to the child's stdin (the content itself is not logged: it may hold secrets). */
  inputBytes?: number;
  /** The last lines of stderr when the command failed, for bug reports. */
  stderrTail?: string;
}

/** Where the process module reports every command it ran. */
export interface DebugLog {
  record(entry: CommandRecord): void;
}

/** A log that drops everything (the default when `--debug` is not given). */
export const silentLog: DebugLog = { record: () => {} };

/** Formats one record as a single readable line (plus an indented stderr tail). */
export function formatRecord(entry: CommandRecord, at: Date): string {
  const argv = [entry.command, ...entry.args].map(shQuoteIfNeeded).join(' ');
  const status = entry.outcome ?? `exit ${entry.exitCode ?? '?'}`;
  const input = entry.inputBytes !== undefined ? ` stdin=${entry.inputBytes}B` : '';
  const head = `${at.toISOString()} ${status} ${entry.durationMs}ms${input} $ ${argv}`;
  if (!entry.stderrTail) return `${head}\n`;
  return `${head}\n${entry.stderrTail.split('\n').map((line) => `    | ${line}`).join('\n')}\n`;
}

/**
 * A debug log appended to FILE (`kubedrill --debug FILE`), one line per command with its
 * duration and exit code, so users can attach it to a bug report. Writes synchronously so the
 * log is complete even when the CLI is interrupted.
 */
export function createDebugLog(path: string, now: () => Date = () => new Date()): DebugLog {
  mkdirSync(dirname(path), { recursive: true });
  return {
    record(entry) {
      appendFileSync(path, formatRecord(entry, now()), 'utf8');
    },
  };
}


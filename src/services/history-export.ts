import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { CommandIO } from '../system/io.js';
import { writeFileAtomic } from '../system/state-file.js';
import { inertJson, inertLine } from '../text/inert.js';
import { storePaths } from './exam-store.js';
import type { ExamAttempt, HistoryEntry } from './history-entry.js';
import { readHistoryFile } from './history.js';

/**
 * One exam attempt as a learner hands it in (`kubedrill history --export`), for an instructor's
 * `kubedrill results summarize`: the attempt exactly as history.jsonl records it (every check's
 * outcome, the packs' versions and hashes when recorded), with who and which kubedrill.
 */
export interface AttemptExport {
  format: 'kubedrill-attempt';
  formatVersion: 1;
  kubedrillVersion: string;
  /** ISO time of the export. */
  exportedAt: string;
  /** `--name`, else $KUBEDRILL_LEARNER; absent when neither is set. */
  learner?: string;
  attempt: ExamAttempt;
}

/** The learner's name may be a full name with accents, but one line and not a novel. */
export const LEARNER_NAME_MAX = 100;
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The name to put in the export: `--name` wins over $KUBEDRILL_LEARNER; blank means none. */
export function learnerName(option: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const from = option !== undefined ? '--name' : 'KUBEDRILL_LEARNER';
  const name = (option ?? env.KUBEDRILL_LEARNER ?? '').trim();
  if (name === '') return undefined;
  if (CONTROL.test(name)) throw new UsageError(`${from}: the name must be one line of printable text`);
  if (name.length > LEARNER_NAME_MAX) throw new UsageError(`${from}: the name is longer than ${LEARNER_NAME_MAX} characters`);
  return name;
}

/** The exam attempt `ref` names: its attempt id, or `latest` for the newest. */
export function findAttempt(entries: readonly HistoryEntry[], ref: string): ExamAttempt {
  const exams = entries.filter((e): e is ExamAttempt => e.kind === 'exam').sort((a, b) => b.finishedAt - a.finishedAt);
  const found = ref === 'latest' ? exams[0] : exams.find((e) => e.attemptId === ref);
  if (found) return found;
  if (exams.length === 0) throw new UserError('no exam attempt to export yet: finish a mock exam first (kubedrill exam cka)');
  const recent = exams.slice(0, 3).map((e) => e.attemptId);
  throw new UsageError(`no exam attempt "${inertLine(ref)}" in the history`, [`the newest: ${recent.join(', ')} (kubedrill history lists them; latest names the newest)`]);
}

export function attemptExport(attempt: ExamAttempt, options: { learner?: string; kubedrillVersion: string; now: number }): AttemptExport {
  return {
    format: 'kubedrill-attempt',
    formatVersion: 1,
    kubedrillVersion: options.kubedrillVersion,
    exportedAt: new Date(options.now).toISOString(),
    ...(options.learner !== undefined ? { learner: options.learner } : {}),
    attempt,
  };
}

const kubedrillVersion = (): string => (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

/**
 * `kubedrill history --export ATTEMPT [--out FILE] [--name NAME]`: the attempt as JSON, into FILE
 * or on stdout. Drill checks are not exported: history keeps their score, not their checks.
 */
export async function exportAttempt(ref: string, options: { out?: string; name?: string }, io: CommandIO): Promise<number> {
  const learner = learnerName(options.name, io.env);
  const { entries, notice } = await readHistoryFile(storePaths(io.env).history, { now: io.now });
  if (notice) io.stderr.write(`note: ${notice}\n`);
  const attempt = findAttempt(entries, ref);
  if (!attempt.packs) io.stderr.write('note: this attempt was recorded before kubedrill kept pack versions: the export cannot say which pack content it used\n');
  const json = JSON.stringify(attemptExport(attempt, { ...(learner !== undefined ? { learner } : {}), kubedrillVersion: kubedrillVersion(), now: io.now() }), null, 2);
  if (options.out === undefined) {
    io.stdout.write(`${inertJson(json)}\n`);
    return 0;
  }
  const file = resolve(io.cwd, options.out);
  try {
    await writeFileAtomic(file, `${json}\n`);
  } catch (error) {
    throw new UserError(`cannot write ${options.out}: ${(error as Error).message}`);
  }
  io.stderr.write(`exported ${inertLine(attempt.attemptId)}${learner !== undefined ? ` for ${inertLine(learner)}` : ''} to ${inertLine(file)}\n`);
  return 0;
}

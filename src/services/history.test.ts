import { appendFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskReport } from '../models/index.js';
import { ckaCatalog, ckaProfile, makeTask } from '../../test/ui/fixtures.js';
import { drawExam } from './exam-draw.js';
import { computeResults, createExamState } from './exam-session.js';
import { appendHistory, ATTEMPT_LIMITS, drillAttempt, examAttempt, readHistory, readHistoryFile, recordExamAttempt, summarizeHistory, type ExamAttempt, type DrillAttempt } from './history.js';

const exam = (finishedAt: number, domains: [string, number][], tasks: [string, string[], number, number][]): ExamAttempt => ({
  formatVersion: 1,
  kind: 'exam',
  attemptId: `a${finishedAt}`,
  exam: 'CKA',
  seed: 1,
  practice: false,
  startedAt: finishedAt - 1,
  finishedAt,
  endedBy: 'submit',
  earned: 0,
  possible: 0,
  percent: 50,
  passPercent: 66,
  passed: false,
  domains: domains.map(([id, percent]) => ({ id, title: id, earned: 0, possible: 0, percent })),
  tasks: tasks.map(([domain, tags, earned, possible], i) => ({ id: `t${i}`, domain, tags, earned, possible, spentMs: 1 })),
});

describe('history', () => {
  it('Given appended attempts and a torn last line, When read, Then every whole line comes back', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kubedrill-hist-')), 'history.jsonl');
    expect(await readHistory(file)).toEqual([]);
    await appendHistory(file, exam(1, [], []));
    await appendHistory(file, exam(2, [], []));
    await appendFile(file, '{"formatVersion":1,"ki');
    expect((await readHistory(file)).map((e) => (e as ExamAttempt).finishedAt)).toEqual([1, 2]);
  });

  it('Given a torn last line, When two attempts are appended, Then both count and only the torn line is skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-hist-'));
    const file = join(dir, 'history.jsonl');
    await appendHistory(file, exam(1, [], []));
    await appendFile(file, JSON.stringify(exam(2, [], [])).slice(0, 40)); // a crash mid-append
    await appendHistory(file, exam(3, [], []));
    await appendHistory(file, exam(4, [], []));
    const read = await readHistoryFile(file);
    expect(read.entries.map((e) => (e as ExamAttempt).finishedAt)).toEqual([1, 3, 4]);
    expect(read.skipped).toEqual([{ line: 2, reason: 'not JSON (a torn or damaged line)' }]);
  });

  it('Given lines of the wrong shape, When read, Then each is skipped with its line number and the next line still counts', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kubedrill-hist-')), 'history.jsonl');
    const lines = [
      '{"formatVersion":1,"kind":"exam"}',
      JSON.stringify({ ...exam(5, [], []), tasks: [{ id: 't', domain: 'd', tags: null, earned: 0, possible: 1, spentMs: 0 }] }),
      JSON.stringify({ ...exam(6, [], []), finishedAt: 1e20 }),
      JSON.stringify(exam(7, [['storage', 50]], [])),
      '{"formatVersion":2,"kind":"exam"}',
      '[]',
      JSON.stringify({ formatVersion: 1, kind: 'lesson' }),
    ];
    await writeFile(file, lines.join('\n') + '\n');
    const read = await readHistoryFile(file);
    expect(read.entries.map((e) => (e as ExamAttempt).finishedAt)).toEqual([7]);
    expect(read.skipped.map((s) => s.line)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(read.skipped[0]?.reason).toMatch(/^not a valid exam attempt: attemptId: /);
    expect(read.skipped[1]?.reason).toMatch(/tasks\.0\.tags/);
    expect(read.skipped[3]?.reason).toBe('unknown formatVersion 2');
    expect(read.skipped[5]?.reason).toBe('unknown kind "lesson"');
    // The summary of what is left works (it threw "attempt.domains is not iterable" before).
    expect(summarizeHistory(read.entries).exams).toHaveLength(1);
  });

  it('Given one exam attempt recorded twice, When read, Then it counts once and the copy is reported', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kubedrill-hist-')), 'history.jsonl');
    await appendHistory(file, exam(1, [], []));
    await appendHistory(file, exam(1, [], []));
    const read = await readHistoryFile(file);
    expect(read.entries).toHaveLength(1);
    expect(read.skipped).toEqual([{ line: 2, reason: 'exam attempt a1 is already counted (line 1)' }]);
  });

  it('Given an attempt already in the history, When recorded again, Then nothing is written', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kubedrill-hist-')), 'history.jsonl');
    expect(await recordExamAttempt(file, exam(1, [], []))).toEqual({ written: true });
    expect(await recordExamAttempt(file, exam(1, [], []))).toEqual({ written: false });
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('Given a directory where history.jsonl goes, When read and then recorded to, Then it is moved aside with a note and the new attempt is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedrill-hist-'));
    const file = join(dir, 'history.jsonl');
    await mkdir(file);
    const result = await recordExamAttempt(file, exam(1, [], []));
    expect(result.written).toBe(true);
    expect(result.notice).toMatch(new RegExp(`^the history ${file} was damaged \\(it is a directory\\); moved it to ${file}\\.damaged-`));
    expect((await readdir(dir)).filter((n) => n.startsWith('history.jsonl.damaged-'))).toHaveLength(1);
    expect(await readHistory(file)).toHaveLength(1);
  });

  it('Given two exams, When summarized, Then trends show the change per domain and exams come newest first', () => {
    const summary = summarizeHistory([exam(1, [['storage', 40], ['troubleshooting', 80]], []), exam(2, [['storage', 70], ['troubleshooting', 60]], [])]);
    expect(summary.exams.map((e) => e.finishedAt)).toEqual([2, 1]);
    expect(summary.trends.find((t) => t.domain === 'storage')).toMatchObject({ percents: [40, 70], change: 30 });
    expect(summary.trends.find((t) => t.domain === 'troubleshooting')?.change).toBe(-20);
  });

  it('Given task scores from exams and drills, When summarized, Then the weakest topic is suggested as a drill', () => {
    const drill: DrillAttempt = {
      formatVersion: 1,
      kind: 'drill',
      at: 3,
      exams: ['CKA'],
      percent: 0,
      task: { id: 'cka/np', domain: 'services-networking', tags: ['network-policy'], earned: 0, possible: 4, spentMs: 1 },
    };
    const summary = summarizeHistory([
      exam(1, [], [['storage', ['pv'], 3, 4], ['services-networking', ['network-policy'], 1, 4], ['troubleshooting', ['kubelet'], 5, 5]]),
      drill,
    ]);
    expect(summary.weakest[0]).toMatchObject({ kind: 'tag', id: 'network-policy', earned: 1, possible: 8, percent: 12.5, samples: 2 });
    expect(summary.weakest.some((t) => t.id === 'kubelet')).toBe(false);
    expect(summary.suggestion?.command).toBe('kubedrill drill network-policy');
    expect(summary.drills).toBe(1);
  });

  it('Given no history, When summarized, Then there is nothing to suggest', () => {
    expect(summarizeHistory([])).toEqual({ exams: [], drills: 0, trends: [], weakest: [] });
  });

  it('Given a graded exam with long check texts, When recorded, Then the line keeps titles, flags and each check in a few words, within its bounds, and reads back', async () => {
    const state = createExamState(drawExam(ckaProfile, ckaCatalog(4), { seed: 3 }), ckaProfile, { practice: false, source: { packDirs: [] }, now: 0 });
    const checks = Array.from({ length: 60 }, (_, i) => ({ id: `check-${i}`, type: 'resource', status: 'failed' as const, points: 1, earned: 0, expected: 'x', actual: 'a'.repeat(1000), summary: `s${i} ${'b'.repeat(1000)}`, durationMs: 1 }));
    const reports = new Map<string, TaskReport>(
      state.tasks.map((t) => [t.id, { formatVersion: 1, task: { id: t.id, title: t.title }, score: { earned: 0, possible: 60, percent: 0 }, ungraded: 0, checks }]),
    );
    const finished = { ...state, tasks: state.tasks.map((t, i) => ({ ...t, flagged: i === 0 })), phase: 'finished' as const, endedAt: 1000 };
    const attempt = examAttempt({ ...finished, results: computeResults(finished, reports) }, () => ['tag']);
    const [first] = attempt.tasks;
    expect(first).toMatchObject({ title: state.tasks[0]?.title, flagged: true });
    expect(first?.checks).toHaveLength(ATTEMPT_LIMITS.checksPerTask);
    expect(first?.checks?.[0]).toEqual({ id: 'check-0', status: 'failed', points: 1, earned: 0, summary: expect.stringMatching(/^s0 b+…$/) });
    expect(first?.checks?.[0]?.summary).toHaveLength(ATTEMPT_LIMITS.summary);
    // All summaries share one budget: a long exam's line stays small, later checks keep their points.
    const line = JSON.stringify(attempt);
    expect(line.length).toBeLessThan(ATTEMPT_LIMITS.summaries + attempt.tasks.length * ATTEMPT_LIMITS.checksPerTask * 80 + 10_000);
    expect(attempt.tasks.at(-1)?.checks?.at(-1)).toEqual({ id: `check-${ATTEMPT_LIMITS.checksPerTask - 1}`, status: 'failed', points: 1, earned: 0 });
    const file = join(await mkdtemp(join(tmpdir(), 'kubedrill-hist-')), 'history.jsonl');
    await appendHistory(file, attempt);
    expect(await readHistory(file)).toEqual([attempt]);
  });
});

describe('history of drills on tasks with params', () => {
  const report = { taskId: 'cka/params', score: { earned: 1, possible: 2, percent: 50 }, checks: [] } as unknown as TaskReport;

  it('Given a drill check of a variant, When recorded and read back, Then the line keeps the seed and values under the task id', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kubedrill-hist-')), 'history.jsonl');
    const variant = { seed: 42, params: { ns: 'shop', replicas: '3' } };
    await appendHistory(file, drillAttempt(makeTask('cka/params'), report, 5, 10, variant));
    // A line from before variants existed still reads.
    await appendHistory(file, drillAttempt(makeTask('cka/params'), report, 6, 10));
    const read = await readHistoryFile(file);
    expect(read.skipped).toEqual([]);
    expect(read.entries.map((e) => (e as DrillAttempt).task)).toEqual([
      expect.objectContaining({ id: 'cka/params', variant }),
      expect.not.objectContaining({ variant: expect.anything() }),
    ]);
    // Statistics stay per task (and its tags), whatever the variant.
    expect(summarizeHistory(read.entries).drills).toBe(2);
  });

  it('Given the variant of a task without params, Then nothing is added to the line', () => {
    expect(drillAttempt(makeTask('cka/plain'), report, 5, 10, { seed: 3, params: {} }).task).not.toHaveProperty('variant');
  });

  it('Given a line whose variant is damaged, When read, Then that line is skipped with the reason', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kubedrill-hist-')), 'history.jsonl');
    const line = drillAttempt(makeTask('cka/params'), report, 5, 10, { seed: 1, params: { ns: 'shop' } });
    await writeFile(file, `${JSON.stringify({ ...line, task: { ...line.task, variant: { seed: -1, params: { ns: 3 } } } })}\n`);
    const read = await readHistoryFile(file);
    expect(read.entries).toEqual([]);
    expect(read.skipped[0]?.reason).toMatch(/^not a valid drill attempt: task\.variant/);
  });
});

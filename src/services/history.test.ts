import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, readHistory, summarizeHistory, type ExamAttempt, type DrillAttempt } from './history.js';

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
});

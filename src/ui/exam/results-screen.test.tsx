import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { resultsFromAttempt } from '../../services/exam-review.js';
import type { ExamAttempt } from '../../services/history.js';
import { makeTask, waitFor } from '../../../test/ui/fixtures.js';
import { ResultsScreen } from './results-screen.js';

afterEach(() => cleanup());
const MIN = 60_000;

/** A recorded CKA attempt: one task solved, one failed, one that could not be graded offline. */
const attempt: ExamAttempt = {
  formatVersion: 1,
  kind: 'exam',
  attemptId: 'cka-1',
  exam: 'CKA',
  seed: 1,
  practice: false,
  startedAt: 0,
  finishedAt: 30 * MIN,
  endedBy: 'submit',
  earned: 3,
  possible: 5,
  percent: 60,
  passPercent: 66,
  passed: false,
  verdict: 'incomplete',
  incompleteReason: '1 task had checks that could not be graded here (needs nodes)',
  ungraded: 4,
  domains: [
    { id: 'storage', title: 'Storage', earned: 0, possible: 2, percent: 0 },
    { id: 'troubleshooting', title: 'Troubleshooting', earned: 3, possible: 3, percent: 100 },
  ],
  tasks: [
    { id: 'cka/pv', domain: 'storage', tags: [], earned: 0, possible: 2, spentMs: 12 * MIN, title: 'Bind a PersistentVolume', flagged: true, checks: [{ id: 'bound', status: 'failed', points: 2, earned: 0, summary: 'pvc/data is Pending' }] },
    { id: 'cka/logs', domain: 'troubleshooting', tags: [], earned: 3, possible: 3, spentMs: 5 * MIN, title: 'Find the crashing pod', checks: [{ id: 'answer', status: 'passed', points: 3, earned: 3 }] },
    { id: 'cka/kubelet', domain: 'troubleshooting', tags: [], earned: 0, possible: 0, spentMs: 2 * MIN, title: 'Fix the kubelet', checks: [{ id: 'running', status: 'unsupported', points: 4, earned: 0, summary: 'needs nodes' }] },
  ],
};

function mount(onRetry?: (ids: string[]) => void) {
  let done = false;
  const taskOf = (id: string) => (id === 'cka/pv' ? makeTask(id) : undefined);
  const ui = render(
    <ResultsScreen exam="CKA" results={resultsFromAttempt(attempt)} taskOf={taskOf} when="Tue 1 Dec 14:05" columns={80} rows={40} onDone={() => (done = true)} {...(onRetry ? { onRetry } : {})} />,
  );
  return { ui, frame: () => ui.lastFrame() ?? '', done: () => done };
}

describe('ResultsScreen', () => {
  it('Given results reopened from History, When shown, Then the verdict, time per domain and task, each check in a few words and the missed solution show', async () => {
    const { frame } = mount();
    await waitFor(() => frame().includes('results · Tue 1 Dec 14:05'), frame);
    expect(frame()).toContain('INCOMPLETE 60% (pass mark 66%) · 3/5 points · time used 30 min 00 s');
    expect(frame()).toContain('From your history');
    expect(frame()).toMatch(/0% +0\/2 +12 min 00 s {2}Storage/);
    expect(frame()).toMatch(/100% +3\/3 +7 min 00 s {2}Troubleshooting/);
    expect(frame()).toMatch(/ {2}1 ✗ +0\/2 +12 min 00 s {2}Bind a PersistentVolume ⚑/);
    expect(frame()).toContain('✗ bound (0/2) — pvc/data is Pending');
    expect(frame()).toContain('✓ answer (3/3)');
    expect(frame()).toContain('– running (0/4) — not here: needs nodes');
    expect(frame()).toContain('Solution');
    expect(frame().split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('Given missed tasks and a retry, When r is pressed, Then it resolves with the tasks below full marks; q closes', async () => {
    let retried: string[] | undefined;
    const { ui, frame, done } = mount((ids) => (retried = ids));
    await waitFor(() => frame().includes('r drill the 2 missed tasks'), frame);
    ui.stdin.write('r');
    await waitFor(() => retried !== undefined, frame);
    expect(retried).toEqual(['cka/pv', 'cka/kubelet']);
    ui.stdin.write('q');
    await waitFor(done, frame);
  });

  it('Given no retry offered, When shown, Then r is not in the help bar', async () => {
    const { frame } = mount();
    await waitFor(() => frame().includes('q done'), frame);
    expect(frame()).not.toContain('missed task');
  });
});

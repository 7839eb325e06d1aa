// Drives the BUILT CLI's timed mock exam in a pseudo-terminal as a learner would: countdown and
// task list, move, flag, come back, answer a task in the offline workspace, submit, results,
// history; and a crash (SIGKILL) mid-exam followed by `exam --resume`. Needs
// `npx tsc -p tsconfig.build.json` first (npm test builds before vitest).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExamState } from '../../src/services/exam-session.js';
import type { ExamAttempt } from '../../src/services/history.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const driver = join(root, 'test', 'pty', 'pty-driver.py');
const python = spawnSync('python3', ['--version']).status === 0;
const built = existsSync(cli);

// Seed 7 draws ckad/resource-quota first and 14 tasks in all (checked against --plan below).
const SEED = '7';
const FIRST = 'ckad/resource-quota';
// The learner's answer to task 1, as the task's solution in scenarios/ has it.
const ANSWER = `apiVersion: v1
kind: ResourceQuota
metadata: { name: compute-quota, namespace: dev }
spec:
  hard: { requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi, pods: "10" }
---
apiVersion: v1
kind: Pod
metadata: { name: quota-pod, namespace: dev }
spec:
  containers:
  - name: quota-pod
    image: nginx:1.27
    resources:
      requests: { cpu: 200m, memory: 256Mi }
      limits: { cpu: 500m, memory: 512Mi }
`;
/** Columns of the exam's statement pane at 80x24 (exam-screen.tsx: 80 - 27 list - 2). */
const PANE = 51;

type Step = Record<string, unknown>;

/** A fresh data dir and workspace; the workspace path is as long as a real one. */
async function sandbox() {
  const base = await mkdtemp(join(tmpdir(), 'kubedrill-pty-exam-'));
  const home = join(base, 'home');
  return { base, home, workspace: join(base, 'workspace'), state: join(home, 'exam', 'current.json'), history: join(home, 'history.jsonl') };
}

/** Runs the CLI under the pty driver; the driver's stderr (screen tail) is empty on success. */
async function drive(base: string, home: string, steps: Step[], args: string[]) {
  const script = join(base, `steps-${args[1] ?? 'x'}.json`);
  await writeFile(script, JSON.stringify(steps));
  return spawnSync('python3', [driver, script, '--', process.execPath, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBEDRILL_HOME: home, NO_COLOR: '1' },
    timeout: 90_000,
  });
}

describe.skipIf(!python || !built)('mock exam in a pseudo-terminal', () => {
  it('Given an offline CKAD exam, When the learner moves, flags, answers task 1 and submits, Then the results show its points and history records the attempt', async () => {
    const { base, home, workspace, state, history } = await sandbox();
    const plan = spawnSync(process.execPath, [cli, 'exam', 'ckad', '--seed', SEED, '--plan', '--json', '--offline', workspace], { encoding: 'utf8', env: { ...process.env, KUBEDRILL_HOME: home } });
    expect(plan.status).toBe(0);
    const draw = JSON.parse(plan.stdout) as { tasks: { id: string }[] };
    expect(draw.tasks.map((t) => t.id).slice(0, 1)).toEqual([FIRST]);
    expect(draw.tasks).toHaveLength(14);
    // A path wider than the statement pane once froze the screen (wrapping never ended).
    expect(join(workspace, 'answers', 'ckad__resource-quota').length).toBeGreaterThan(PANE);

    const steps: Step[] = [
      // The first frame: title with visits and flags, the countdown, the task list with weights.
      { expect: 'CKAD mock exam · task 1/14 · visited 1 · ⚑ 0' },
      { expect: '⏳ 1:59:' },
      { expect: '▸ 1  ●  9p ResourceQuota' },
      { expect: '14  ○  7p CronJob with a' },
      // A key the moment the first frame is up must land (it once stalled the exam).
      { send: 'n' },
      { expect: 'task 2/14 · visited 2 · ⚑ 0' },
      { send: 'f' },
      { expect: 'task 2/14 · visited 2 · ⚑ 1' },
      { send: 'p' },
      { expect: 'task 1/14 · visited 2 · ⚑ 1' },
      { expect: '2 ⚑●  6p' },
      // The task's world loaded: its access lines (long paths) are wrapped into the pane.
      { expect: 'answers in' },
      { write: [join(workspace, 'dev', 'quota.yaml'), ANSWER] },
      // The state is saved on every change, while the exam runs.
      // Saved asynchronously: wait for the save that has both the flag and the move back to task 1.
      { file: state, contains: ['"flagged": true', '"current": 0'], copy: join(base, 'mid-exam.json') },
      { send: 's' },
      // The question names the flagged task and those never opened.
      { expect: '1 flagged: 2; 12 not opened: 3–14 — submit anyway? yes / no' },
      { send: 'y' },
      { expect: 'CKAD mock exam — results' },
      // Offline, behavioural checks of other tasks cannot be graded: no PASS or FAIL, but why.
      { expect: 'INCOMPLETE' },
      { expect: '(pass mark 66%)' },
      // The task table, then (a page down) each task in detail.
      { expect: '  1 ✓   9/9 ' },
      { send: '\u001b[6~' },
      { expect: ' 1. ✓ 9/9 points' },
      { expect: 'ckad/resource-quota' },
      { send: 'q' },
    ];
    const result = await drive(base, home, steps, ['exam', 'ckad', '--offline', workspace, '--seed', SEED]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const mid = JSON.parse(await readFile(join(base, 'mid-exam.json'), 'utf8')) as ExamState;
    expect(mid).toMatchObject({ exam: 'CKAD', seed: 7, phase: 'running', current: 0 });
    expect(mid.tasks.map((t) => t.flagged)).toEqual(mid.tasks.map((_, i) => i === 1));
    expect(mid.tasks.map((t) => t.visited)).toEqual(mid.tasks.map((_, i) => i < 2));
    // Finished: the attempt is in history and the exam in progress is gone.
    expect(existsSync(state)).toBe(false);
    const lines = (await readFile(history, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const attempt = JSON.parse(lines[0] as string) as ExamAttempt;
    expect(attempt).toMatchObject({ kind: 'exam', exam: 'CKAD', seed: 7, endedBy: 'submit', passed: false, verdict: 'incomplete', passPercent: 66 });
    expect(attempt.tasks[0]).toMatchObject({ id: FIRST, earned: 9, possible: 9 });
    expect(attempt.earned).toBeGreaterThanOrEqual(9);
    expect(attempt.percent).toBeLessThan(66);
  }, 120_000);

  it('Given an exam killed mid-way, When resumed, Then flags, visits and the current task are kept and the clock did not restart', async () => {
    const { base, home, workspace, state } = await sandbox();
    const crash: Step[] = [
      { expect: 'CKAD mock exam · task 1/14 · visited 1 · ⚑ 0' },
      { send: 'n' },
      { expect: 'task 2/14 · visited 2 · ⚑ 0' },
      { send: 'f' },
      { expect: 'task 2/14 · visited 2 · ⚑ 1' },
      { send: 'n' },
      { expect: 'task 3/14 · visited 3 · ⚑ 1' },
      { file: state, contains: '"current": 2' },
      { kill: 'SIGKILL' },
    ];
    const first = await drive(base, home, crash, ['exam', 'ckad', '--offline', workspace, '--seed', SEED]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);

    // Coming back 10 minutes later, without waiting: every saved instant moves 10 minutes back.
    const saved = JSON.parse(await readFile(state, 'utf8')) as ExamState;
    const away = 10 * 60_000;
    const deadline = saved.deadline - away;
    await writeFile(state, JSON.stringify({ ...saved, startedAt: saved.startedAt - away, deadline, currentSince: saved.currentSince - away }));

    const resume: Step[] = [
      { expect: 'CKAD mock exam · task 3/14 · visited 3 · ⚑ 1' },
      // 120 minutes minus the 10 away minus a few seconds; a restarted clock would show 1:59 or 2:00.
      { expect: '⏳ 1:49:' },
      { expect: '2 ⚑●  6p' },
      { expect: '▸ 3  ●' },
      { send: 'q' },
      { expect: 'Leave? The clock keeps running' },
      { send: 'y' },
      { expect: 'Exam saved (110 min left on the clock)' },
    ];
    const second = await drive(base, home, resume, ['exam', '--resume']);
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);

    const after = JSON.parse(await readFile(state, 'utf8')) as ExamState;
    expect(after).toMatchObject({ attemptId: saved.attemptId, deadline, current: 2, phase: 'running' });
    expect(after.tasks.map((t) => t.flagged)).toEqual(after.tasks.map((_, i) => i === 1));
    expect(after.tasks.map((t) => t.visited)).toEqual(after.tasks.map((_, i) => i < 3));
  }, 120_000);
});

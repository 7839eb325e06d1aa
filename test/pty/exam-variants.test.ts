// Issue 14 on the BUILT CLI in a pseudo-terminal: a mock exam states each task with params as the
// variant drawn from the exam's seed, and a crash (SIGKILL) followed by `exam --resume` states it
// the same way again. Needs `npm run build` first (npm test builds before vitest).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExamState } from '../../src/services/exam-session.js';
import type { TaskVariant } from '../../src/services/task-variants.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const driver = join(root, 'test', 'pty', 'pty-driver.py');
const python = spawnSync('python3', ['--version']).status === 0;
const built = existsSync(cli);

// Seed 28 draws ckad/sidecar-logs first; seed 37 draws it with another log directory and file
// name (both checked against --plan below). Its statement names `LOGDIR/LOGNAME.log` twice and
// ends "Both containers mount logs at LOGDIR.", all within the first 19 lines of the pane.
const SEED = 28;
const OTHER_SEED = 37;
const TASK = 'ckad/sidecar-logs';
/** The pty driver's ANSI filter (pty-driver.py), so the raw screen reads as its `expect` steps do. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-B]|\u001b[=>78]/g;

type Step = Record<string, unknown>;
interface Plan { tasks: { id: string; variant: TaskVariant }[] }

/** A fresh data dir and workspace. */
async function sandbox() {
  const base = await mkdtemp(join(tmpdir(), 'kubedrill-pty-variants-'));
  const home = join(base, 'home');
  return { base, home, workspace: join(base, 'workspace'), state: join(home, 'exam', 'current.json') };
}

/** The exam's draw for `seed`, as `--plan --json` prints it. */
function plan(home: string, workspace: string, seed: number): Plan {
  const run = spawnSync(process.execPath, [cli, 'exam', 'ckad', '--seed', String(seed), '--plan', '--json', '--offline', workspace], { encoding: 'utf8', env: { ...process.env, KUBEDRILL_HOME: home } });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Plan;
}

/** The variant `plan` gives the task; fails when the task is not drawn or has no params. */
function variantOf(draw: Plan, id: string): Record<string, string> {
  const params = draw.tasks.find((t) => t.id === id)?.variant.params ?? {};
  expect(Object.keys(params)).toEqual(['logdir', 'logname']);
  return params;
}

/** Runs the CLI under the pty driver; returns the run and everything it showed, ANSI removed. */
async function drive(base: string, home: string, name: string, steps: Step[], args: string[]) {
  const script = join(base, `steps-${name}.json`);
  const raw = join(base, `screen-${name}.txt`);
  await writeFile(script, JSON.stringify(steps));
  const run = spawnSync('python3', [driver, script, '--', process.execPath, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBEDRILL_HOME: home, NO_COLOR: '1', PTY_RAW: raw },
    timeout: 90_000,
  });
  // A run ended by a kill step leaves no raw file (the driver writes it when the command exits).
  const screen = existsSync(raw) ? (await readFile(raw, 'utf8')).replace(ANSI, '') : '';
  return { run, screen };
}

/** The steps that see task 1 stated as `params` (the title first, then its statement in order). */
const statedAs = (params: Record<string, string>, title: string): Step[] => [
  { expect: title },
  { expect: 'Log sidecar on a shared emptyDir' },
  { expect: `date >> ${params.logdir}/${params.logname}.log` },
  { expect: `tail -F ${params.logdir}/${params.logname}.log` },
  { expect: `Both containers mount logs at ${params.logdir}.` },
];

/** Leaving the exam with the clock running: the driver keeps the screen (PTY_RAW) on a clean exit. */
const leave: Step[] = [{ send: 'q' }, { expect: 'Leave? The clock keeps running' }, { send: 'y' }, { expect: 'Exam saved' }];

describe.skipIf(!python || !built)('task variants of a mock exam in a pseudo-terminal', () => {
  it('Given an offline CKAD exam whose first task has params, When it is killed and resumed, Then the task is stated with the same drawn values, which another seed draws differently', async () => {
    const { base, home, workspace, state } = await sandbox();
    const draw = plan(home, workspace, SEED);
    expect(draw.tasks[0]?.id).toBe(TASK);
    const params = variantOf(draw, TASK);
    // The contrast: another seed states the same task otherwise (both values differ), so the
    // screens below could not show these values by accident.
    const other = variantOf(plan(home, workspace, OTHER_SEED), TASK);
    expect(other.logdir).not.toBe(params.logdir);
    expect(other.logname).not.toBe(params.logname);

    const crash: Step[] = [
      ...statedAs(params, 'CKAD mock exam · task 1/14 · visited 1'),
      // Killed only once the exam (with its variants) is on disk.
      { file: state, contains: `"logdir": "${params.logdir}"` },
      { kill: 'SIGKILL' },
    ];
    const first = await drive(base, home, 'crash', crash, ['exam', 'ckad', '--offline', workspace, '--seed', String(SEED)]);
    expect(first.run.stderr).toBe('');
    expect(first.run.status).toBe(0);

    const saved = JSON.parse(await readFile(state, 'utf8')) as ExamState;
    expect(saved).toMatchObject({ seed: SEED, phase: 'running', current: 0 });
    expect(saved.tasks[0]).toMatchObject({ id: TASK, variant: draw.tasks[0]?.variant });

    const second = await drive(base, home, 'resume', [...statedAs(params, 'CKAD mock exam · task 1/14 · visited 1'), ...leave], ['exam', '--resume']);
    expect(second.run.stderr).toBe('');
    expect(second.run.status).toBe(0);
    // The whole resumed screen, not just the lines matched: nothing of the other variant shows.
    expect(second.screen).toContain(`${params.logdir}/${params.logname}.log`);
    expect(second.screen).not.toContain(`${other.logdir}/${other.logname}.log`);
    expect(second.screen).not.toContain(`mount logs at ${other.logdir}`);

    const after = JSON.parse(await readFile(state, 'utf8')) as ExamState;
    expect(after).toMatchObject({ attemptId: saved.attemptId, phase: 'running' });
    expect(after.tasks[0]?.variant).toEqual(saved.tasks[0]?.variant);
  }, 120_000);

  it('Given a killed exam whose saved variant differs from its seed\u2019s draw (an older kubedrill drew it), When resumed, Then the task is stated as saved, not drawn again', async () => {
    const { base, home, workspace, state } = await sandbox();
    const params = variantOf(plan(home, workspace, SEED), TASK);
    const otherVariant = plan(home, workspace, OTHER_SEED).tasks.find((t) => t.id === TASK)?.variant as TaskVariant;
    const other = variantOf({ tasks: [{ id: TASK, variant: otherVariant }] }, TASK);

    const crash: Step[] = [
      { expect: 'CKAD mock exam · task 1/14' },
      { file: state, contains: `"logdir": "${params.logdir}"` },
      { kill: 'SIGKILL' },
    ];
    const first = await drive(base, home, 'crash', crash, ['exam', 'ckad', '--offline', workspace, '--seed', String(SEED)]);
    expect(first.run.stderr).toBe('');
    expect(first.run.status).toBe(0);

    // The saved exam states task 1 as the other seed draws it; its own seed still draws `params`.
    const saved = JSON.parse(await readFile(state, 'utf8')) as ExamState;
    expect(saved.tasks[0]?.id).toBe(TASK);
    await writeFile(state, JSON.stringify({ ...saved, tasks: saved.tasks.map((t, i) => (i === 0 ? { ...t, variant: otherVariant } : t)) }));

    const second = await drive(base, home, 'resume', [...statedAs(other, 'CKAD mock exam · task 1/14'), ...leave], ['exam', '--resume']);
    expect(second.run.stderr).toBe('');
    expect(second.run.status).toBe(0);
    expect(second.screen).toContain(`${other.logdir}/${other.logname}.log`);
    expect(second.screen).not.toContain(`${params.logdir}/${params.logname}.log`);
    const after = JSON.parse(await readFile(state, 'utf8')) as ExamState;
    expect(after.tasks[0]?.variant).toEqual(otherVariant);
  }, 120_000);
});

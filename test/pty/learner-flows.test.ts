// The first hour of a learner, driven on the BUILT CLI in a pseudo-terminal: a reset that keeps
// everything kubedrill did not write, home on a machine without kind, keys that arrive in one
// chunk, the question before an exam, Ctrl-C in an exam, and help. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { colourTask } from '../support/colour-task.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const driver = join(root, 'test', 'pty', 'pty-driver.py');
// The interpreter itself (not a shim on PATH): one test runs kubedrill with an empty PATH.
const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout?.trim() ?? '';
const built = existsSync(cli);

const PACK = `apiVersion: kubedrill.dev/v1
kind: Pack
metadata: { id: ptyflows, title: PTY flows, version: 1.0.0, exams: [CKA] }
`;
const ANSWER = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: colour, namespace: paint }\ndata: { shade: blue }\n';
const DOWN = '\u001b[B';
const UP = '\u001b[A';
const ESC = '\u001b';

type Step = Record<string, unknown>;

/** A data directory, a workspace and a pack with the colour task. */
async function sandbox() {
  const base = await mkdtemp(join(tmpdir(), 'kubedrill-pty-flows-'));
  const pack = join(base, 'pack');
  await mkdir(pack);
  await writeFile(join(pack, 'pack.yaml'), PACK);
  await writeFile(join(pack, 'colour.yaml'), colourTask('ptyflows/colour-config'));
  return { base, pack, home: join(base, 'home'), workspace: join(base, 'ws') };
}

/** Runs the built CLI under the driver; `env` adds to (or replaces) the process environment. */
async function drive(base: string, steps: Step[], args: string[], env: NodeJS.ProcessEnv) {
  const script = join(base, `steps-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(script, JSON.stringify(steps));
  return spawnSync(python, [driver, script, '--', process.execPath, cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 90_000 });
}

describe.skipIf(!python || !built)('a learner\u2019s first hour in a pseudo-terminal', () => {
  it('Given a workspace with a .git, notes and another task\u2019s object, When the drill is reset, Then they survive and the learner\u2019s answer is backed up, not lost', async () => {
    const { base, pack, home, workspace } = await sandbox();
    await mkdir(join(workspace, '.git'), { recursive: true });
    await writeFile(join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(workspace, 'notes.md'), 'my notes\n');
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: other, namespace: elsewhere }\ndata: { keep: me }\n';
    await mkdir(join(workspace, 'elsewhere'));
    await writeFile(join(workspace, 'elsewhere', 'other.yaml'), other);
    const steps: Step[] = [
      { expect: 'Drill 1/1' },
      // The task is set up once its world shows.
      { expect: 'edit YAML here' },
      { write: [join(workspace, 'paint', 'colour.yaml'), ANSWER] },
      { send: 'c' },
      { expect: 'Score 3/3 points (100%)' },
      { send: 'r' },
      { send: 'y' },
      // Offline, the reset takes milliseconds; a check during it would be ignored.
      { sleep: 1.5 },
      { send: 'c' },
      { expect: 'Score 0/3 points (0%)' },
      { send: 'q' },
    ];
    const result = await drive(base, steps, ['drill', 'ptyflows/colour-config', '--pack', pack, '--offline', workspace], { KUBEDRILL_HOME: home });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(await readFile(join(workspace, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await readFile(join(workspace, 'notes.md'), 'utf8')).toBe('my notes\n');
    expect(await readFile(join(workspace, 'elsewhere', 'other.yaml'), 'utf8')).toBe(other);
    const backups = await readdir(join(workspace, '.kubedrill', 'backup'), { recursive: true });
    expect(backups.some((file) => file.endsWith('colour.yaml'))).toBe(true);
  }, 120_000);

  it('Given no kind or Docker on PATH, When kubedrill opens with no flags, Then home says what to install and offline practice is one Enter away', async () => {
    const { base, home } = await sandbox();
    const emptyBin = join(base, 'bin');
    await mkdir(emptyBin);
    const steps: Step[] = [
      { expect: 'Practise offline' },
      { expect: 'not installed' },
      { expect: 'no cluster needed' },
      { send: '\r' },
      { expect: `offline workspace ${join(home, 'workspace')}` },
      { send: 'q' },
    ];
    const result = await drive(base, steps, [], { KUBEDRILL_HOME: home, PATH: emptyBin });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('Given ↓↓↓⏎ arriving as one chunk, When home reads it, Then the fourth entry opens; an exam asks before it starts; Esc goes back and never quits', async () => {
    const { base, pack, home, workspace } = await sandbox();
    const steps: Step[] = [
      { expect: 'browse' },
      // Mock exam CKA, CKAD, CKS, then Drill: the fourth entry, in one write.
      { send: `${DOWN}${DOWN}${DOWN}\r` },
      { expect: 'Filter:' },
      { send: ESC },
      { expect: 'Mock exam CKA' },
      { send: ESC },
      { send: `${UP}${UP}${UP}\r` },
      { expect: 'clock starts' },
      { send: 'n' },
      { expect: 'Mock exam CKAD' },
      { send: 'q' },
    ];
    const result = await drive(base, steps, ['--pack', pack, '--offline', workspace], { KUBEDRILL_HOME: home });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Answered no: no exam was started.
    expect(existsSync(join(home, 'exam', 'current.json'))).toBe(false);
  }, 120_000);

  it('Given an exam in progress, When Ctrl-C is pressed, Then kubedrill exits 130 with the exam saved and the terminal given back', async () => {
    const { base, home, workspace } = await sandbox();
    const raw = join(base, 'terminal.bin');
    const state = join(home, 'exam', 'current.json');
    const steps: Step[] = [
      { expect: 'CKAD mock exam · task 1/' },
      { send: 'n' },
      { expect: 'task 2/' },
      { file: state, contains: '"current": 1' },
      { send: '\u0003' },
    ];
    const result = await drive(base, steps, ['exam', 'ckad', '--offline', workspace, '--seed', '13'], { KUBEDRILL_HOME: home, PTY_EXPECT_EXIT: '130', PTY_RAW: raw });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(await readFile(state, 'utf8'))).toMatchObject({ exam: 'CKAD', phase: 'running', current: 1 });
    // The alternate screen was left, the cursor shown again, and raw mode ended (the shell echoes again).
    const written = (await readFile(raw)).toString('latin1');
    const lastLeave = written.lastIndexOf('\u001b[?1049l');
    expect(lastLeave).toBeGreaterThan(written.lastIndexOf('\u001b[?1049h'));
    expect(written.lastIndexOf('\u001b[?25h')).toBeGreaterThan(written.lastIndexOf('\u001b[?25l'));
  }, 120_000);

  it('Given `drill --help` in a terminal, When run, Then its help prints and the exit code is 0', async () => {
    const { base, home } = await sandbox();
    const result = await drive(base, [{ expect: 'Usage: kubedrill drill' }, { expect: '--offline [dir]' }], ['drill', '--help'], { KUBEDRILL_HOME: home });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});

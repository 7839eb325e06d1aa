// Ctrl-C and SIGTERM against the BUILT CLI in a child process, as a shell, `timeout` or a CI
// runner sends them: the work stops at once, the exit code says which signal (130, 143), and
// nothing reads like a crash. `npm test` builds before vitest runs, so dist/ is current.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourTask } from '../support/colour-task.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli.js');

/** Enough task files that `pack validate` runs for many seconds (about 5 ms a task). */
const SLOW_TASKS = 3000;
/** Offline-capable tasks, each self-tested in its own workspace: `pack test` runs for a while. */
const SELF_TESTED_TASKS = 60;

const PACK = (id: string) => `apiVersion: kubedrill.dev/v1
kind: Pack
metadata: { id: ${id}, title: Signal test, version: 1.0.0, exams: [CKA] }
`;
const OFFLINE_TASK = (i: number) => colourTask(`sigdemo/colour-${i}`);

interface Ended {
  code: number | null;
  /** Set when the process died of the signal itself (Node's default), not by exiting. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the signal to the exit. */
  afterSignalMs: number;
}

/**
 * Starts the CLI, waits until `ready` says it is busy (or a delay has passed), sends `signal`,
 * and resolves when it has ended.
 */
function interrupt(args: string[], signal: NodeJS.Signals, ready: (stderr: string, elapsedMs: number) => boolean, home: string): Promise<Ended> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', KUBEDRILL_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    const started = Date.now();
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const poll = setInterval(() => {
      if (sentAt === 0 && ready(stderr, Date.now() - started)) {
        sentAt = Date.now();
        child.kill(signal);
      }
    }, 20);
    child.on('error', fail);
    child.on('exit', (code, killedBy) => {
      clearInterval(poll);
      if (sentAt === 0) fail(new Error(`ended before it was interrupted (exit ${code}): ${stdout}${stderr}`));
      else done({ code, signal: killedBy, stdout, stderr, afterSignalMs: Date.now() - sentAt });
    });
  });
}

/** A Node stack frame line ("    at fn (file:1:2)"). */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe.skipIf(!existsSync(cli))('built CLI: interrupts', () => {
  let base: string;
  let slowPack: string;
  let offlinePack: string;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'kubedrill-signals-'));
    slowPack = join(base, 'slow');
    offlinePack = join(base, 'offline');
    await mkdir(slowPack);
    await mkdir(offlinePack);
    const example = join(root, 'test', 'broken-packs', 'valid', 'design-example');
    await writeFile(join(slowPack, 'pack.yaml'), await readFile(join(example, 'pack.yaml')));
    const task = await readFile(join(example, 'static-pod-web.yaml'), 'utf8');
    await Promise.all(Array.from({ length: SLOW_TASKS }, (_, i) => writeFile(join(slowPack, `t${i}.yaml`), task.replace('id: cka/static-pod-web', `id: cka/slow-${i}`))));
    await writeFile(join(offlinePack, 'pack.yaml'), PACK('sigdemo'));
    await Promise.all(Array.from({ length: SELF_TESTED_TASKS }, (_, i) => writeFile(join(offlinePack, `colour-${i}.yaml`), OFFLINE_TASK(i))));
  }, 120_000);

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('Given `pack validate` of a large pack, When %s arrives during the load, Then it stops at once and exits %i quietly', async (signal, code) => {
    // Node is up and loading after a second; the whole load takes far longer.
    const ended = await interrupt(['pack', 'validate', slowPack], signal, (_stderr, elapsed) => elapsed > 1000, base);
    expect(ended.signal).toBeNull();
    expect(ended.code).toBe(code);
    expect(ended.afterSignalMs).toBeLessThan(5000);
    expect(ended.stdout).not.toMatch(/^ok:/m);
    expect(ended.stderr).not.toMatch(/bug/i);
    expect(ended.stderr).not.toMatch(STACK_FRAME);
  }, 60_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('Given `pack test --offline`, When %s arrives while tasks are being self-tested, Then it stops at once and exits %i quietly', async (signal, code) => {
    const ended = await interrupt(['pack', 'test', offlinePack, '--offline'], signal, (stderr) => stderr.includes('testing sigdemo/colour-1…'), base);
    expect(ended.signal).toBeNull();
    expect(ended.code).toBe(code);
    expect(ended.afterSignalMs).toBeLessThan(5000);
    // Interrupted, so no summary pretends the run finished.
    expect(ended.stdout).not.toMatch(/passed, \d+ failed/);
    expect(ended.stderr).not.toMatch(/bug/i);
    expect(ended.stderr).not.toMatch(STACK_FRAME);
  }, 60_000);
});

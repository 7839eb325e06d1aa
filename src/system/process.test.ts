import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDebugLog, type CommandRecord } from './debug-log.js';
import { ExternalError, MissingBinaryError, ProcessAbortedError, ProcessTimeoutError } from './errors.js';
import { createProcessRunner } from './process.js';

describe('process runner (real child processes)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-process-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given stdin input, when the child echoes it, then stdout holds it and exit code is 0', async () => {
    const result = await createProcessRunner().run('cat', [], { input: 'apiVersion: v1\n' });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'apiVersion: v1\n' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('given arguments with shell metacharacters, when run, then they reach the binary verbatim (no shell)', async () => {
    const result = await createProcessRunner().run('printf', ['%s|', '$(id)', 'a b', '*;']);
    expect(result.stdout).toBe('$(id)|a b|*;|');
  });

  it('given a non-zero exit, when run, then it is a result; when runOk, then ExternalError with the stderr tail', async () => {
    const runner = createProcessRunner();
    const script = 'echo line1 >&2; echo "ERROR: boom" >&2; exit 3';
    expect((await runner.run('sh', ['-c', script])).exitCode).toBe(3);
    const error = await runner.runOk('sh', ['-c', script]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect(error).toMatchObject({ command: 'sh', exitCode: 3, stderrTail: 'line1\nERROR: boom' });
    expect((error as Error).message).toContain('failed (exit 3): ERROR: boom');
  });

  it('given a timeout beyond what a Node timer holds (600 h), when run, then it is capped and the child runs to the end', async () => {
    const result = await createProcessRunner().run('sh', ['-c', 'sleep 0.2; echo done'], { timeoutMs: 600 * 3_600_000 });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n' });
  });

  it('given a binary that does not exist, when run, then MissingBinaryError names it', async () => {
    const error = await createProcessRunner().run('kubedrill-no-such-binary', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingBinaryError);
    expect((error as Error).message).toContain('kubedrill-no-such-binary was not found');
  });

  it('given a deadline, when the child runs longer, then it is killed and ProcessTimeoutError is thrown', async () => {
    const started = Date.now();
    const error = await createProcessRunner().run('sleep', ['10'], { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessTimeoutError);
    expect((error as Error).message).toContain('timed out after 200ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('given Ctrl-C (abort), when a child runs, then it is killed and ProcessAbortedError is thrown', async () => {
    const controller = new AbortController();
    const pidFile = join(dir, 'pid');
    const pending = createProcessRunner().run('sh', ['-c', `echo $$ > ${pidFile}; exec sleep 10`], { signal: controller.signal });
    await waitFor(async () => (await readFile(pidFile, 'utf8').catch(() => '')).trim() !== '');
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(ProcessAbortedError);
    await waitFor(async () => !isAlive(pid));
    expect(isAlive(pid)).toBe(false);
  });

  it('given env overrides, when run, then the child sees them and not unrelated parent variables', async () => {
    const runner = createProcessRunner({ env: { PATH: process.env.PATH, ONLY_BASE: 'base' } });
    const result = await runner.run('sh', ['-c', 'echo "$ONLY_BASE $EXTRA $HOME"'], { env: { EXTRA: 'extra' } });
    expect(result.stdout).toBe('base extra \n');
  });

  it('given a debug log, when commands run, then each is recorded with exit code and duration', async () => {
    const records: CommandRecord[] = [];
    const runner = createProcessRunner({ log: { record: (r) => records.push(r) } });
    await runner.run('true', []);
    await runner.run('sh', ['-c', 'echo bad >&2; exit 2'], { input: 'xyz' });
    await runner.run('kubedrill-no-such-binary', []).catch(() => undefined);
    expect(records.map((r) => [r.command, r.exitCode, r.outcome])).toEqual([
      ['true', 0, undefined],
      ['sh', 2, undefined],
      ['kubedrill-no-such-binary', undefined, 'missing binary'],
    ]);
    expect(records[1]).toMatchObject({ inputBytes: 3, stderrTail: 'bad' });
  });

  it('given --debug FILE, when commands run, then the file has one line per command', async () => {
    const file = join(dir, 'logs', 'debug.log');
    const runner = createProcessRunner({ log: createDebugLog(file, () => new Date('2025-01-02T03:04:05Z')) });
    await runner.run('true', []);
    await runner.run('sh', ['-c', 'exit 4']);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^2025-01-02T03:04:05.000Z exit 0 \d+ms \$ true$/);
    expect(lines[1]).toMatch(/exit 4 \d+ms \$ sh -c 'exit 4'$/);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

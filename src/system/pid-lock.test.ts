import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, lockHolder, pidAlive } from './pid-lock.js';

const NOW = Date.UTC(2026, 0, 1);

describe('pid lock', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-lock-'));
    file = join(dir, 'current.json.lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  // Two "kubedrill processes": 101 and 202; `alive` says which exist.
  const as = (pid: number, alive: number[]) => ({ pid, now: () => NOW, isAlive: (p: number) => alive.includes(p) });

  it('Given no lock, When taken, Then the file names this pid and start time, and release removes it', async () => {
    const lock = await acquireLock(file, as(101, [101]));
    expect(lock.acquired).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ pid: 101, startedAt: '2026-01-01T00:00:00.000Z' });
    if (lock.acquired) await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('Given a lock held by a live process, When another takes it, Then it is refused with the holder, and the holder keeps it', async () => {
    const first = await acquireLock(file, as(101, [101, 202]));
    const second = await acquireLock(file, as(202, [101, 202]));
    expect(second).toEqual({ acquired: false, holder: { pid: 101, startedAt: '2026-01-01T00:00:00.000Z' } });
    expect(await lockHolder(file, as(202, [101, 202]))).toMatchObject({ pid: 101 });
    expect(await lockHolder(file, as(101, [101, 202]))).toBeUndefined();
    if (first.acquired) await first.release();
  });

  it('Given a lock whose process is gone (crash, kill -9), When taken, Then the stale lock is replaced', async () => {
    await acquireLock(file, as(101, [101]));
    const lock = await acquireLock(file, as(202, [202]));
    expect(lock.acquired).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: 202 });
  });

  it('Given a damaged lock file, When taken, Then it is moved aside and the lock is taken', async () => {
    await writeFile(file, 'garbage');
    expect((await acquireLock(file, as(202, [202]))).acquired).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['current.json.lock', 'current.json.lock.damaged-2026-01-01T00-00-00.000Z']);
  });

  it('Given a directory where the lock goes, When taken, Then it is moved aside and the lock is taken', async () => {
    await mkdir(file);
    expect((await acquireLock(file, as(202, [202]))).acquired).toBe(true);
  });

  it('Given a lock taken over by another process, When the first releases, Then the other\'s lock stays', async () => {
    const first = await acquireLock(file, as(101, [101]));
    await acquireLock(file, as(202, [202])); // 101 "died"
    if (first.acquired) await first.release();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: 202 });
  });

  it('Given this process and a pid that cannot exist, When asked if alive, Then yes and no', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(2 ** 30)).toBe(false);
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { examAttemptOf } from '../../test/support/exam-attempts.js';
import type { Catalog } from '../packs/catalog.js';
import { treeFingerprint } from '../packs/fingerprint.js';
import type { CommandIO } from '../system/io.js';
import { attemptPacks } from './attempt-packs.js';
import { exportAttempt, findAttempt, learnerName } from './history-export.js';
import { appendHistory, readHistory } from './history.js';
import { readExport } from './results-run.js';

describe('exporting an attempt', () => {
  let dir: string;
  let io: CommandIO & { err: () => string };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-export-'));
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    io = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: { KUBEDRILL_HOME: join(dir, 'home') }, cwd: dir, signal: new AbortController().signal, now: () => Date.UTC(2026, 0, 2), err: () => err };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Given --name and $KUBEDRILL_LEARNER, When the name is chosen, Then --name wins, blank is none, and a name that is not one printable line is refused', () => {
    expect(learnerName('Ada Lovelace', { KUBEDRILL_LEARNER: 'Env Name' })).toBe('Ada Lovelace');
    expect(learnerName(undefined, { KUBEDRILL_LEARNER: ' Env Name ' })).toBe('Env Name');
    expect(learnerName(undefined, {})).toBeUndefined();
    expect(learnerName('  ', {})).toBeUndefined();
    expect(() => learnerName('Ada\nLovelace', {})).toThrow(/--name: the name must be one line/);
    expect(() => learnerName(undefined, { KUBEDRILL_LEARNER: 'x'.repeat(101) })).toThrow(/KUBEDRILL_LEARNER: the name is longer than 100/);
  });

  it('Given attempts, When one is named by id or latest, Then that one is found; an unknown id names the newest ones', () => {
    const older = examAttemptOf('cka-1-1', [{ id: 't', domain: 'd', checks: { a: true } }], undefined, 1000);
    const newer = examAttemptOf('cka-2-2', [{ id: 't', domain: 'd', checks: { a: false } }], undefined, 2000);
    expect(findAttempt([older, newer], 'latest').attemptId).toBe('cka-2-2');
    expect(findAttempt([older, newer], 'cka-1-1').attemptId).toBe('cka-1-1');
    expect(() => findAttempt([older, newer], 'cka-9')).toThrow(/no exam attempt "cka-9"/);
    expect(() => findAttempt([], 'latest')).toThrow(/no exam attempt to export yet/);
  });

  it('Given an attempt in the history, When exported to a file, Then the file reads back as an export with the name, every check and the packs', async () => {
    const packs = [{ id: 'acme', version: '1.2.0', sha256: 'c'.repeat(64) }];
    await appendHistory(join(dir, 'home', 'history.jsonl'), examAttemptOf('cka-5-5', [{ id: 'acme/t1', domain: 'storage', checks: { a: true, b: false } }], packs));
    expect(await exportAttempt('cka-5-5', { out: 'out/ada.json', name: 'Ada' }, io)).toBe(0);
    expect(io.err()).toMatch(/exported cka-5-5 for Ada to .*out\/ada\.json/);
    const read = await readExport(join(dir, 'out', 'ada.json'), 'ada.json');
    if (typeof read === 'string') throw new Error(read);
    expect(read).toMatchObject({ format: 'kubedrill-attempt', formatVersion: 1, learner: 'Ada', exportedAt: '2026-01-02T00:00:00.000Z', attempt: { attemptId: 'cka-5-5', packs } });
    expect(read.attempt.tasks[0]?.checks?.map((c) => [c.id, c.status])).toEqual([
      ['a', 'passed'],
      ['b', 'failed'],
    ]);
    expect(read.kubedrillVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('Given an attempt recorded before packs were kept, When exported, Then it still exports and a note says the pack content is unknown', async () => {
    await appendHistory(join(dir, 'home', 'history.jsonl'), examAttemptOf('cka-6-6', [{ id: 't', domain: 'd', checks: { a: true } }]));
    expect(await exportAttempt('latest', { out: 'old.json' }, io)).toBe(0);
    expect(io.err()).toMatch(/recorded before kubedrill kept pack versions/);
    const read = await readExport(join(dir, 'old.json'), 'old.json');
    expect(typeof read === 'string' ? read : read.learner).toBeUndefined();
  });

  it('Given files that are not exports, When read, Then each problem names the file (and line and column for broken JSON) and the field', async () => {
    await writeFile(join(dir, 'broken.json'), '{\n  "format": "kubedrill-attempt",\n  oops\n}');
    await writeFile(join(dir, 'other.json'), '{ "formatVersion": 1 }');
    const attempt = examAttemptOf('cka-7-7', [{ id: 't', domain: 'd', checks: { a: true } }]);
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ format: 'kubedrill-attempt', formatVersion: 1, kubedrillVersion: '0.1.0', exportedAt: 'x', attempt: { ...attempt, percent: 'high' } }));
    expect(await readExport(join(dir, 'broken.json'), 'broken.json')).toMatch(/^broken\.json:3:3: not JSON/);
    expect(await readExport(join(dir, 'other.json'), 'other.json')).toMatch(/^other\.json: format: not a kubedrill attempt export/);
    expect(await readExport(join(dir, 'bad.json'), 'bad.json')).toMatch(/^bad\.json: attempt\.percent: /);
    expect(await readExport(join(dir, 'missing.json'), 'missing.json')).toBe('missing.json: cannot read it (ENOENT)');
  });

  it('Given a catalog with two packs, When the packs of an attempt are taken, Then only the pack its tasks came from is kept, with its version and content hash', async () => {
    const packDir = join(dir, 'acme');
    await mkdir(packDir);
    await writeFile(join(packDir, 'pack.yaml'), 'id: acme\n');
    const catalog = {
      packs: [
        { pack: { metadata: { id: 'acme', version: '1.2.0' } }, dir: packDir, file: join(packDir, 'pack.yaml') },
        { pack: { metadata: { id: 'other', version: '2.0.0' } }, dir: join(dir, 'nowhere'), file: '' },
      ],
      tasks: [
        { task: { metadata: { id: 'acme/t1' } }, packId: 'acme', file: '' },
        { task: { metadata: { id: 'other/t' } }, packId: 'other', file: '' },
      ],
    } as unknown as Pick<Catalog, 'packs' | 'tasks'>;
    expect(await attemptPacks(catalog, ['acme/t1'])).toEqual([{ id: 'acme', version: '1.2.0', sha256: await treeFingerprint(packDir) }]);
    // A pack gone since the exam started is left out, not a failure to record.
    expect(await attemptPacks(catalog, ['other/t'])).toEqual([]);
  });

  it('Given an attempt with packs, When recorded and read back, Then the packs are kept; older lines without them still read', async () => {
    const file = join(dir, 'history.jsonl');
    const packs = [{ id: 'acme', version: '1.2.0', sha256: 'd'.repeat(64) }];
    await appendHistory(file, examAttemptOf('cka-8-8', [{ id: 't', domain: 'd', checks: { a: true } }], packs));
    await appendHistory(file, examAttemptOf('cka-9-9', [{ id: 't', domain: 'd', checks: { a: true } }]));
    const entries = await readHistory(file);
    expect(entries.map((e) => (e.kind === 'exam' ? e.packs : 'drill'))).toEqual([packs, undefined]);
    expect(JSON.parse((await readFile(file, 'utf8')).split('\n')[1] ?? '{}')).not.toHaveProperty('packs');
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { createStubBin, type StubBin } from '../../test/stubs/index.js';
import type { CommandIO } from '../system/io.js';

// `check` on a context the learner names, through the CLI entry, with kubectl as a recording stub.
describe('kubedrill check --context (stub kubectl)', () => {
  let stubs: StubBin;
  let home: string;
  beforeEach(async () => {
    stubs = await createStubBin([], ['kind', 'kubectl', 'docker']);
    home = await mkdtemp(join(tmpdir(), 'kubedrill-check-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(home, { recursive: true, force: true });
  });

  it('given --debug FILE, when a task is checked, then every kubectl call is logged with its duration, progress goes to stderr and stdout holds only the JSON report', async () => {
    const nodes = JSON.stringify({ kind: 'List', items: [{ metadata: { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' } } }] });
    await stubs.setRules([
      { bin: 'kubectl', match: ['get', 'nodes'], stdout: nodes },
      // The NetworkPolicy probe cannot start its pods here: it must fail fast and say so.
      { bin: 'kubectl', match: ['apply'], stderr: 'error: no route to host\n', exitCode: 1 },
      { bin: 'kubectl', match: ['get'], stderr: 'Error from server (NotFound): not found\n', exitCode: 1 },
    ]);
    let out = '';
    let err = '';
    const stdout = new PassThrough().on('data', (d: Buffer) => (out += d.toString()));
    const stderr = new PassThrough().on('data', (d: Buffer) => (err += d.toString()));
    const io: CommandIO = { stdout, stderr, stdin: new PassThrough(), env: { ...stubs.env, KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: () => 0 };
    const debug = join(home, 'debug.log');

    const code = await main(['check', 'ckad/configmap-secret', '--context', 'lab', '--json', '--debug', debug], io);

    expect(code).toBe(1);
    const report = JSON.parse(out) as { formatVersion: number; score: { earned: number } };
    expect(report).toMatchObject({ formatVersion: 1, score: { earned: 0 } });
    expect(err).toContain('checking that NetworkPolicy is enforced');
    const log = await readFile(debug, 'utf8');
    expect(log).toMatch(/exit 0 \d+ms \$ kubectl --context lab --request-timeout=15s get nodes /);
    expect(log).toMatch(/exit 1 \d+ms stdin=\d+B \$ kubectl --context lab --request-timeout=15s apply -f -\n {4}\| error: no route to host/);
    for (const call of (await stubs.calls()).filter((c) => c.bin === 'kubectl')) expect(call.args.slice(0, 2)).toEqual(['--context', 'lab']);
  });

  it('given no kind cluster, when a task is checked, then it says how to create one and creates nothing (grading "as it is now")', async () => {
    await stubs.setRules([
      { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0 go1.23 linux/amd64\n' },
      { bin: 'kind', match: ['get', 'clusters'], stderr: 'No kind clusters found.\n' },
    ]);
    let err = '';
    const stderr = new PassThrough().on('data', (d: Buffer) => (err += d.toString()));
    const io: CommandIO = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: { ...stubs.env, KUBEDRILL_HOME: home }, cwd: home, signal: new AbortController().signal, now: () => 0 };

    expect(await main(['check', 'ckad/configmap-secret'], io)).toBe(3);

    expect(err).toContain('there is no kind cluster "kubedrill" yet');
    expect(err).toContain('kubedrill cluster up creates it');
    expect((await stubs.calls()).filter((c) => c.args.includes('create'))).toEqual([]);
  });
});

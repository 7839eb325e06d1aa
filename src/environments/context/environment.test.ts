import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../system/index.js';
import { createStubBin, type StubBin } from '../../../test/stubs/index.js';
import { openContextEnvironment } from './environment.js';

const nodes = JSON.stringify({
  items: [
    { metadata: { name: 'node02', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    { metadata: { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    { metadata: { name: 'node01', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  ],
});

// The shared live behaviour (NetworkPolicy probe cache, answers layout) is tested here too:
// a context needs the fewest stubs to open.
describe('context environment (stub kind, kubectl, docker, ssh)', () => {
  let stubs: StubBin;
  let data: string;
  beforeEach(async () => {
    stubs = await createStubBin([], ['kind', 'kubectl', 'docker', 'ssh']);
    data = await mkdtemp(join(tmpdir(), 'kubedrill-env-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(data, { recursive: true, force: true });
  });

  it('given a learner context with an ssh template, when opened, then real node names are mapped and scripts go over ssh', async () => {
    await stubs.setRules([{ bin: 'kubectl', match: ['nodes'], stdout: nodes }, { bin: 'ssh', stdout: 'ok\n' }]);
    const env = await openContextEnvironment({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, context: 'lab', nodeSsh: 'ssh -l admin {node}', probeNetworkPolicy: false });
    expect(env.capabilities.has('node-shell')).toBe(true);
    const world = await env.openTask('cka/x');
    expect(world.vars.nodes).toEqual({ controlplane: 'cp', worker1: 'node01', worker2: 'node02' });
    expect(world.accessLines).toEqual(['ssh -l admin cp', 'ssh -l admin node01', 'ssh -l admin node02']);
    // The shell gets kubedrill's one-context copy, never the learner's kubeconfig (whose current context must not move).
    const copy = join(data, 'kube', 'context-lab.kubeconfig');
    expect(world.terminal).toEqual({ env: { KUBECONFIG: copy }, contextLine: `export KUBECONFIG=${copy}; kubectl config use-context lab` });
    await world.ports.nodes.exec('worker2', 'echo hi');
    const calls = await stubs.calls();
    expect(calls.find((c) => c.bin === 'kubectl')?.args.slice(0, 2)).toEqual(['--context', 'lab']);
    expect(env.capabilities.has('apparmor')).toBe(true);
    expect(calls.filter((c) => c.bin === 'ssh').map((c) => c.args[2])).toEqual(['cp', 'node02']);
    expect(calls.filter((c) => c.bin === 'ssh').at(-1)).toMatchObject({ args: ['-l', 'admin', 'node02', 'bash', '-s'], stdin: 'echo hi' });
  });

  it('given a cluster that passed the NetworkPolicy probe before, when opened again, then the kept result is used and no probe pods are made', async () => {
    await stubs.setRules([
      { bin: 'kubectl', match: ['nodes'], stdout: nodes },
      { bin: 'kubectl', match: ['kube-system'], stdout: 'uid-1234' },
    ]);
    await mkdir(join(data, 'probes'), { recursive: true });
    await writeFile(join(data, 'probes', 'network-policy-uid-1234.json'), JSON.stringify({ enforced: true, detail: 'a deny-all policy blocked a new connection' }));
    const env = await openContextEnvironment({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, context: 'lab' });
    expect(env.capabilities.has('network-policy')).toBe(true);
    expect((await stubs.calls()).filter((c) => c.bin === 'kubectl' && c.args.includes('apply'))).toEqual([]);
  });

  it('given a kept result for another cluster or a negative one, when opened, then the probe runs again', async () => {
    await stubs.setRules([
      { bin: 'kubectl', match: ['nodes'], stdout: nodes },
      { bin: 'kubectl', match: ['kube-system'], stdout: 'uid-new' },
      { bin: 'kubectl', match: ['apply'], stderr: 'error: image pull failed', exitCode: 1 },
    ]);
    await mkdir(join(data, 'probes'), { recursive: true });
    await writeFile(join(data, 'probes', 'network-policy-uid-old.json'), JSON.stringify({ enforced: true, detail: 'old cluster' }));
    await writeFile(join(data, 'probes', 'network-policy-uid-new.json'), JSON.stringify({ enforced: false, detail: 'slow pull last time' }));
    const env = await openContextEnvironment({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, context: 'lab' });
    expect(env.capabilities.has('network-policy')).toBe(false);
    expect(env.unavailable['network-policy']).toContain('the NetworkPolicy probe failed');
    expect((await stubs.calls()).some((c) => c.bin === 'kubectl' && c.args.includes('apply'))).toBe(true);
  });

  for (const [what, make] of [
    ['empty (a crash mid-write)', (f: string) => writeFile(f, '')],
    ['a directory', (f: string) => mkdir(f)],
  ] as const) {
    it(`given a NetworkPolicy probe cache that is ${what}, when opened, then the probe runs again, the file is moved aside with a note, and a new result is kept`, async () => {
      await stubs.setRules([
        { bin: 'kubectl', match: ['nodes'], stdout: nodes },
        { bin: 'kubectl', match: ['kube-system'], stdout: 'uid-1' },
        { bin: 'kubectl', match: ['podIP'], stdout: '10.0.0.9' },
        // Connects before the deny-all policy, then never again: enforced.
        { bin: 'kubectl', match: ['nc'], exitCode: 0, times: 1 },
        { bin: 'kubectl', match: ['nc'], exitCode: 1 },
      ]);
      const cache = join(data, 'probes', 'network-policy-uid-1.json');
      await mkdir(join(data, 'probes'), { recursive: true });
      await make(cache);
      const lines: string[] = [];
      const env = await openContextEnvironment({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, context: 'lab', onProgress: (l) => lines.push(l) });
      expect(env.capabilities.has('network-policy')).toBe(true);
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^the NetworkPolicy probe cache ${cache} was damaged .*; moved it to .*\\.damaged-.*; the probe runs again$`)));
      expect(JSON.parse(await readFile(cache, 'utf8'))).toMatchObject({ enforced: true });
      expect((await readdir(join(data, 'probes'))).filter((n) => n.includes('.damaged-'))).toHaveLength(1);
    });
  }

  it('given answers in the old nested layout, when the task is opened, then they are in its answers dir, with a note', async () => {
    await stubs.setRules([{ bin: 'kubectl', match: ['nodes'], stdout: nodes }]);
    await mkdir(join(data, 'answers', 'cka', 'x'), { recursive: true });
    await writeFile(join(data, 'answers', 'cka', 'x', 'pods.txt'), 'work');
    const lines: string[] = [];
    const env = await openContextEnvironment({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, context: 'lab', probeNetworkPolicy: false, onProgress: (l) => lines.push(l) });
    const world = await env.openTask('cka/x');
    expect(await world.ports.answers.readFile('pods.txt')).toBe('work');
    expect(lines).toContain(`moved this task's earlier answers from ${join(data, 'answers', 'cka', 'x')} to ${join(data, 'answers', 'cka__x')}`);
  });

  it('given a learner context without --node-ssh, when opened, then node-shell is absent with the reason', async () => {
    await stubs.setRules([{ bin: 'kubectl', match: ['nodes'], stdout: nodes }]);
    const env = await openContextEnvironment({ runner: createProcessRunner({ env: stubs.env }), dataDir: data, context: 'lab', probeNetworkPolicy: false });
    expect(env.capabilities.has('node-shell')).toBe(false);
    expect(env.unavailable['node-shell']).toContain('--node-ssh');
    const world = await env.openTask('cka/x');
    await expect(world.ports.nodes.exec('controlplane', 'true')).rejects.toThrow('--node-ssh');
  });
});

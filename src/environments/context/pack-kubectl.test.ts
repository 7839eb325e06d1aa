import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../system/index.js';
import { createStubBin, type StubBin } from '../../../test/stubs/index.js';
import { createKubectl } from '../live/kubectl.js';
import { contextCopyPath, kubectlOnContextCopy } from './pack-kubectl.js';

// Tier 2: the context environment's pack kubectl, its exact kubectl commands recorded by stub executables.
describe('pack kubectl on a named context (stub kubectl)', () => {
  let stubs: StubBin;
  let dir: string;
  beforeEach(async () => {
    stubs = await createStubBin();
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-runner-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('given a context the learner named, when a pack kubectl step runs, then it uses a one-context copy kubedrill wrote, not the learner kubeconfig', async () => {
    await stubs.setRules([{ bin: 'kubectl', match: ['config', 'view'], stdout: 'apiVersion: v1\nkind: Config\ncurrent-context: prod\n' }]);
    const process = createProcessRunner({ env: stubs.env });
    const learner = createKubectl({ runner: process, target: { context: 'prod', kubeconfig: '/home/me/.kube/config' } });
    const copy = contextCopyPath(dir, 'prod');
    const run = await kubectlOnContextCopy(learner, copy, (kubeconfig) => createKubectl({ runner: process, target: { context: 'prod', kubeconfig } }));
    await run(['cordon', 'node-1'], { timeoutMs: 10_000 });
    const calls = (await stubs.calls()).map((c) => c.args);
    expect(calls[0]).toEqual(['--kubeconfig', '/home/me/.kube/config', '--context', 'prod', '--request-timeout=15s', 'config', 'view', '--minify', '--flatten']);
    expect(calls[1]).toEqual(['--kubeconfig', copy, '--context', 'prod', '--request-timeout=15s', 'cordon', 'node-1']);
    expect(await readFile(copy, 'utf8')).toContain('current-context: prod');
  });
});

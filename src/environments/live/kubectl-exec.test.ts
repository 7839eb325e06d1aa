import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../system/index.js';
import { createStubBin, type StubBin } from '../../../test/stubs/index.js';
import { createKubectl, createKubectlCluster } from './kubectl.js';

// execInPod needs a streaming API the fake server does not speak: stub kubectl records the argv.
describe('kubectl execInPod (stub kubectl)', () => {
  let stubs: StubBin;
  beforeEach(async () => {
    stubs = await createStubBin([], ['kubectl']);
  });
  afterEach(() => stubs.cleanup());
  const cluster = () => createKubectlCluster(createKubectl({ runner: createProcessRunner({ env: stubs.env }), target: { context: 'kind-k' } }));

  it('given a probe command, when the command itself fails, then its exit code and output come back (not an error)', async () => {
    await stubs.setRules([{ bin: 'kubectl', match: ['exec'], exitCode: 1, stdout: '', stderr: 'nc: timed out\ncommand terminated with exit code 1\n' }]);
    const result = await cluster().execInPod({ namespace: 'prod', pod: 'api', container: 'main', command: ['nc', '-z', '-w', '2', 'db', '3306'] });
    expect(result).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('nc: timed out') as string });
    expect((await stubs.calls())[0]?.args).toEqual(['--context', 'kind-k', '--request-timeout=15s', 'exec', '-n', 'prod', 'api', '-c', 'main', '--', 'nc', '-z', '-w', '2', 'db', '3306']);
  });

  it('given the pod does not exist, when execInPod, then kubectl\'s own failure is thrown', async () => {
    await stubs.setRules([{ bin: 'kubectl', match: ['exec'], exitCode: 1, stderr: 'Error from server (NotFound): pods "api" not found\n' }]);
    await expect(cluster().execInPod({ namespace: 'prod', pod: 'api', command: ['true'] })).rejects.toThrow('pods "api" not found');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../system/index.js';
import { createStubBin, type StubBin } from '../../test/stubs/index.js';
import { preloadImages } from './preload-images.js';

// docker and kind as recording stubs (test/stubs): which commands run, in which order, with which argv.
describe('preloadImages', () => {
  let stubs: StubBin;
  beforeEach(async () => {
    stubs = await createStubBin([], ['docker', 'kind']);
  });
  afterEach(() => stubs.cleanup());
  const runner = () => createProcessRunner({ env: stubs.env });
  const commands = async () => (await stubs.calls()).map((c) => `${c.bin} ${c.args.join(' ')}`);

  it('Given one image on the host and one not, When preloaded, Then only the missing one is pulled and both are loaded into the named cluster', async () => {
    await stubs.setRules([
      { bin: 'docker', match: ['image', 'inspect', 'nginx:1.27'], stdout: 'sha256:aaa\n' },
      { bin: 'docker', match: ['image', 'inspect', 'busybox:1.36'], exitCode: 1, stderr: 'Error: No such image: busybox:1.36\n' },
    ]);
    const lines: string[] = [];
    const results = await preloadImages(runner(), 'kubedrill-lab1', ['nginx:1.27', 'busybox:1.36', 'nginx:1.27'], { onProgress: (l) => lines.push(l) });
    expect(results).toEqual([
      { image: 'nginx:1.27', pulled: false },
      { image: 'busybox:1.36', pulled: true },
    ]);
    expect(await commands()).toEqual([
      'docker image inspect --format {{.Id}} nginx:1.27',
      'kind load docker-image nginx:1.27 --name kubedrill-lab1',
      'docker image inspect --format {{.Id}} busybox:1.36',
      'docker pull busybox:1.36',
      'kind load docker-image busybox:1.36 --name kubedrill-lab1',
    ]);
    expect(lines).toEqual([
      'image nginx:1.27: already on this machine',
      'image nginx:1.27: loading into kind cluster kubedrill-lab1',
      'image busybox:1.36: pulling',
      'image busybox:1.36: loading into kind cluster kubedrill-lab1',
    ]);
  });

  it('Given a pull that fails, When preloaded, Then the error names the image and docker\'s reason, and nothing is loaded', async () => {
    await stubs.setRules([
      { bin: 'docker', match: ['image', 'inspect'], exitCode: 1 },
      { bin: 'docker', match: ['pull'], exitCode: 1, stderr: 'Error response from daemon: manifest for nginx:9.99 not found: manifest unknown\n' },
    ]);
    await expect(preloadImages(runner(), 'kubedrill', ['nginx:9.99'])).rejects.toThrow('cannot pull image nginx:9.99: Error response from daemon: manifest for nginx:9.99 not found: manifest unknown');
    expect((await commands()).some((c) => c.startsWith('kind'))).toBe(false);
  });

  it('Given kind failing because Docker is down, When loading, Then the learner is told to start Docker', async () => {
    await stubs.setRules([{ bin: 'kind', match: ['load'], exitCode: 1, stderr: 'ERROR: failed to load image: Cannot connect to the Docker daemon at unix:///var/run/docker.sock\n' }]);
    await expect(preloadImages(runner(), 'kubedrill', ['nginx:1.27'])).rejects.toThrow(/daemon is not running/);
  });
});

describe('prepareTaskCluster', () => {
  let stubs: StubBin;
  beforeEach(async () => {
    stubs = await createStubBin([], ['docker', 'kind', 'kubectl']);
  });
  afterEach(() => stubs.cleanup());

  it('Given images on a --context cluster or nothing to do, When prepared, Then no command runs; on kind the images are loaded', async () => {
    const { prepareTaskCluster } = await import('./addons/prepare.js');
    const { createKubectl } = await import('./live/kubectl.js');
    const runner = createProcessRunner({ env: stubs.env });
    const kubectl = createKubectl({ runner, target: { context: 'kind-x' } });
    const lines: string[] = [];
    await prepareTaskCluster({ environment: { workers: 0, needs: [], disrupts: [] } }, { kubectl, runner, kindCluster: 'x' });
    await prepareTaskCluster({ environment: { workers: 0, needs: [], disrupts: [], images: ['nginx:1.27'] } }, { kubectl, runner }, { onProgress: (l) => lines.push(l) });
    expect(await stubs.calls()).toEqual([]);
    expect(lines).toEqual(['images nginx:1.27: not preloaded (not a kind cluster); the nodes pull them when pods start']);
    await prepareTaskCluster({ environment: { workers: 0, needs: [], disrupts: [], images: ['nginx:1.27'] } }, { kubectl, runner, kindCluster: 'x' });
    expect((await stubs.calls()).map((c) => `${c.bin} ${c.args[0]}`)).toEqual(['docker image', 'kind load']);
  });
});

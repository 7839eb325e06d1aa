import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { createStubBin, type StubBin } from '../../test/stubs/index.js';

// `kubedrill edit` with docker as a stub and a scripted "editor" standing in for the learner.
describe('kubedrill edit NODE:PATH (stub docker, scripted editor)', () => {
  let stubs: StubBin;
  let dir: string;
  beforeEach(async () => {
    stubs = await createStubBin([
      { bin: 'docker', match: ['inspect'], stdout: 'true\n' },
      { bin: 'docker', match: ['cat'], stdout: 'staticPodPath: /etc/kubernetes/manifests\n' },
    ]);
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-edit-test-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(editorScript: string) {
    const editor = join(dir, 'editor.sh');
    await writeFile(editor, `#!/bin/sh\n${editorScript}\n`);
    await chmod(editor, 0o755);
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await main(['edit', 'worker1:/var/lib/kubelet/config.yaml'], {
      stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { ...stubs.env, EDITOR: editor, VISUAL: '' }, cwd: dir, signal: new AbortController().signal, now: () => 0,
    });
    return { code, out };
  }

  it('given the learner changes the file, when the editor exits, then it is written back into the node over stdin', async () => {
    const { code, out } = await run(`sed -i 's#/etc/kubernetes/manifests#/etc/kubelet.d#' "$1"`);
    expect(code).toBe(0);
    expect(out).toContain('saved /var/lib/kubelet/config.yaml on worker1');
    const write = (await stubs.calls()).find((c) => c.args.includes('sh'));
    expect(write?.args).toEqual(['exec', '-i', 'kubedrill-worker', 'sh', '-c', 'cat > "$1"', 'sh', '/var/lib/kubelet/config.yaml']);
    expect(write?.stdin).toBe('staticPodPath: /etc/kubelet.d\n');
  });

  it('given the learner saves without changes, when the editor exits, then nothing is written back', async () => {
    const { code, out } = await run('true');
    expect(code).toBe(0);
    expect(out).toContain('no changes');
    expect((await stubs.calls()).some((c) => c.args.includes('sh'))).toBe(false);
  });
});

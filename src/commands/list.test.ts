import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL, HOSTILE } from '../../test/text/hostile-text.js';
import { main } from '../cli.js';
import type { CommandIO } from '../system/io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function fakeIO(cwd: string): CommandIO & { out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd, signal: new AbortController().signal, now: () => 0, out: () => text };
}

describe('list', () => {
  let pack: string;
  const title = `Run ${HOSTILE.title}${HOSTILE.clipboard}${HOSTILE.hidden}${HOSTILE.c1}${HOSTILE.bidi}`;

  beforeAll(async () => {
    pack = await mkdtemp(join(tmpdir(), 'kubedrill-list-'));
    await cp(join(root, 'test/broken-packs/valid/design-example'), pack, { recursive: true });
    const file = join(pack, 'static-pod-web.yaml');
    const task = await readFile(file, 'utf8');
    // JSON is valid YAML: a double-quoted scalar carries the control characters verbatim.
    const hostile = task
      .replace('title: Run a static pod on a worker', `title: ${JSON.stringify(title)}`)
      .replace('id: cka/static-pod-web', 'id: cka/inert-title-demo')
      .replace('tags: [static-pods, kubelet]', 'tags: [inert-demo]');
    await writeFile(file, hostile);
  });
  afterAll(async () => {
    await rm(pack, { recursive: true, force: true });
  });

  it('Given a pack whose title holds OSC 0/52, hidden text, C1 and bidi controls, When listed, Then the title shows escaped and nothing reaches the terminal raw', async () => {
    const io = fakeIO(root);
    expect(await main(['list', '--pack', pack, '--tag', 'inert-demo'], io)).toBe(0);
    expect(io.out()).not.toMatch(CONTROL);
    expect(io.out()).toContain('Run \\x1b]0;PWNED-BY-STATEMENT\\x07\\x1b]52;c;');
    expect(io.out()).toContain('\\u202edcba');
  });

  it('Given the same pack, When listed as JSON, Then the JSON holds no raw control and parses back to the real title', async () => {
    const io = fakeIO(root);
    expect(await main(['list', '--pack', pack, '--tag', 'inert-demo', '--json'], io)).toBe(0);
    expect(io.out()).not.toMatch(CONTROL);
    const parsed = JSON.parse(io.out()) as { tasks: { title: string; pack: string }[] };
    expect(parsed.tasks.find((t) => t.pack === 'acme-cka-week3')?.title).toBe(title);
  });
});

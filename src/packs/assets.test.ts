import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CHECKERS } from '../../test/broken-packs/test-checkers.js';
import { expandTemplates } from '../templating.js';
import { MAX_ASSET_FILE_BYTES } from './assets.js';
import { formatProblem, loadPacks } from './load.js';
import { LOCK_FILE, writePackLock } from './lock.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/helm-pack', import.meta.url));

let root: string;
let pack: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kubedrill-assets-'));
  pack = join(root, 'helm-pack');
  await cp(FIXTURE, pack, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

const load = () => loadPacks([pack], { checkers: TEST_CHECKERS, checkManifests: true });
const task = (lines: string[]) => ['apiVersion: kubedrill.dev/v1', 'kind: Task', 'metadata: { id: assets/t, title: T, exams: [CKA], domain: storage, difficulty: quick, minutes: 2 }', 'statement: Do it.', ...lines, 'checks:', '  - { id: ns, type: resource, points: 1, ref: namespace/web, expect: exists }', ''].join('\n');

describe('pack assets', () => {
  it('given a Helm chart asset with {{ .Values.replicaCount }}, when the pack loads, then it validates and the chart is not read as a task', async () => {
    const result = await load();
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.tasks.map((t) => t.task.metadata.id)).toEqual(['assets/helm-web']);
    // The steps know where their pack's assets are, and expanding placeholders keeps the raw answer as written.
    const loaded = result.tasks[0]!.task;
    expect(loaded.setup[0]).toMatchObject({ assetsDir: join(pack, 'assets') });
    const vars = { cluster: 'c', context: 'c', answers: '/a', nodes: { controlplane: 'cp', worker1: 'w1', worker2: 'w2' } };
    const nearMiss = expandTemplates(loaded.nearMisses[0]!.steps[0]!, vars);
    expect(nearMiss).toMatchObject({ answer: { content: 'spec:\n  replicas: {{ .Values.replicaCount }}\n' } });
    expect(expandTemplates(loaded.setup[0]!, vars)).toMatchObject({ helm: ['upgrade', '--install', 'web', '{{asset:charts/web}}', '-n', 'shop', '--create-namespace'] });
  });

  it('given the raw flag removed, when validated, then the Helm template in the answer is an unknown placeholder again', async () => {
    await writeFile(join(pack, 'web.yaml'), task(['solution:', '  - answer: { path: a.yaml, content: "{{ .Values.x }}" }']));
    const result = await load();
    expect(result.problems.map(formatProblem)).toEqual([expect.stringMatching(/web\.yaml:6:\d+: solution\[0\]\.answer\.content: unknown template variable \{\{\.Values\.x\}\}/)]);
  });

  it('given steps naming missing or escaping assets and refused helm flags, when validated, then each problem names FILE:LINE:COL and the field', async () => {
    await writeFile(
      join(pack, 'web.yaml'),
      task([
        'setup:',
        '  - files: { asset: charts/nope, to: answers }',
        '  - files: { asset: ../pack.yaml, to: node, path: relative/x }',
        'solution:',
        '  - helm: [install, web, "{{asset:charts/missing}}", --kube-context, prod]',
        '  - kustomize: [build, /etc]',
      ]),
    );
    const lines = (await load()).problems.map(formatProblem);
    const file = join(pack, 'web.yaml');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file}:6:\\d+: setup\\[0\\]\\.files\\.asset: no asset charts/nope`)),
        expect.stringMatching(new RegExp(`^${file}:7:\\d+: setup\\[1\\]\\.files\\.asset: asset path \\.\\./pack\\.yaml may not contain "\\.\\."`)),
        expect.stringMatching(new RegExp(`^${file}:7:\\d+: setup\\[1\\]\\.files\\.path: node path "relative/x" must be an absolute path`)),
        expect.stringMatching(new RegExp(`^${file}:9:\\d+: solution\\[0\\]\\.helm\\[3\\]: a helm step may not set --kube-context`)),
        expect.stringMatching(new RegExp(`^${file}:9:\\d+: solution\\[0\\]\\.helm\\[2\\]: no asset charts/missing`)),
        expect.stringMatching(new RegExp(`^${file}:10:\\d+: solution\\[1\\]\\.kustomize\\[1\\]: a kustomize step builds a directory`)),
      ]),
    );
    expect(lines).toHaveLength(6);
  });

  it('given a symlink or an oversized file in assets/, when loaded, then the pack is refused naming the file', async () => {
    await symlink('/etc/passwd', join(pack, 'assets', 'passwd'));
    await writeFile(join(pack, 'assets', 'big.bin'), Buffer.alloc(MAX_ASSET_FILE_BYTES + 1));
    const result = await load();
    expect(result.tasks).toEqual([]);
    expect(result.packs).toEqual([]);
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(new RegExp(`^${join(pack, 'assets', 'big.bin')}:1:1: asset is ${MAX_ASSET_FILE_BYTES + 1} bytes`)),
      expect.stringMatching(new RegExp(`^${join(pack, 'assets', 'passwd')}:1:1: symlinks are not allowed`)),
    ]);
  });
});

describe('pack lock', () => {
  it('given a pack without a lock, when loaded, then it loads (the lock is opt-in); locked, then it still loads', async () => {
    expect((await load()).tasks).toHaveLength(1);
    const { lock } = await writePackLock(pack);
    expect(Object.keys(lock.assets)).toEqual(['charts/web/Chart.yaml', 'charts/web/templates/deployment.yaml', 'charts/web/values.yaml', 'values-three.yaml']);
    expect(Object.values(lock.assets).every((h) => /^sha256:[0-9a-f]{64}$/.test(h))).toBe(true);
    expect((await load()).problems).toEqual([]);
  });

  it('given a locked pack whose chart template changed, when loaded, then it is refused naming the changed file', async () => {
    await writePackLock(pack);
    const template = join(pack, 'assets', 'charts', 'web', 'templates', 'deployment.yaml');
    await writeFile(template, 'kind: Pod\n');
    const result = await load();
    expect(result.tasks).toEqual([]);
    expect(result.problems.map(formatProblem)).toEqual([expect.stringMatching(new RegExp(`^${template}:1:1: asset differs from ${LOCK_FILE}`))]);
  });

  it('given a locked pack with a new asset and a removed one, when loaded, then both are named (the removed one at its line in the lock)', async () => {
    await writePackLock(pack);
    await rm(join(pack, 'assets', 'values-three.yaml'));
    await writeFile(join(pack, 'assets', 'extra.txt'), 'x');
    const lines = (await load()).problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${join(pack, 'assets', 'extra.txt')}:1:1: asset is not in ${LOCK_FILE}`)),
        expect.stringMatching(new RegExp(`^${join(pack, LOCK_FILE)}:7:\\d+: assets\\.values-three\\.yaml: locked asset assets/values-three\\.yaml is missing`)),
      ]),
    );
  });

  it('given assets that break the rules, when locking, then nothing is written', async () => {
    await symlink('/etc/passwd', join(pack, 'assets', 'passwd'));
    const written = await writePackLock(pack);
    expect(written.problems.map((p) => p.message)).toEqual([expect.stringMatching(/symlinks are not allowed/)]);
    expect(existsSync(join(pack, LOCK_FILE))).toBe(false);
  });
});

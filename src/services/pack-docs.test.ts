import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { CLEAN_TASK, LINT_PACK_YAML } from '../../test/support/lint-fixtures.js';
import type { CommandIO } from '../system/io.js';
import { writePackDocs } from './pack-docs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function fakeIO(cwd: string): CommandIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  let errors = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env: {}, cwd, signal: new AbortController().signal, now: () => 0, out: () => text, err: () => errors };
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'kubedrill-docs-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pack docs', () => {
  it('Given a pack with a live-only task and an offline one, When documented, Then tasks are listed by exam and domain with minutes, points and needs', async () => {
    await writeFile(join(work, 'pack.yaml'), LINT_PACK_YAML);
    await writeFile(join(work, 'scale.yaml'), CLEAN_TASK.replace('title: Scale a Deployment', 'title: "Scale | a Deployment"'));
    await cp(join(root, 'scenarios/cka/services-networking/netpol-default-deny.yaml'), join(work, 'netpol.yaml'));
    const io = fakeIO(work);
    expect(await writePackDocs('.', {}, CHECKERS, io)).toBe(0);
    const md = io.out();
    expect(md).toMatch(/^# Lint fixtures\n/);
    expect(md).toContain('2 tasks, 8 minutes and 10 points in all; 1 run offline too, 1 need a live cluster; up to 2 workers.');
    // Domains in the profile's order, empty ones said so; a pipe in a title cannot break the table.
    const headings = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Cluster Architecture, Installation & Configuration (`cluster-architecture`, 25% of the exam)',
      'Workloads & Scheduling (`workloads-scheduling`, 15% of the exam)',
      'Services & Networking (`services-networking`, 20% of the exam)',
      'Storage (`storage`, 10% of the exam)',
      'Troubleshooting (`troubleshooting`, 30% of the exam)',
    ]);
    expect(md).toContain('| `lint/scale-web` | Scale \\| a Deployment | quick | 4 | 2 | 0 | — | — | — | — | live only |');
    expect(md).toContain('| `cka/netpol-default-deny` | Default-deny all traffic in a namespace | quick | 4 | 8 | 2 | — | — | network-policy, pod-exec | — | offline or live |');
    expect(md.match(/No task yet\./g)).toHaveLength(3);
    expect(md).toMatch(/- \*\*network-policy\*\*: a CNI that enforces NetworkPolicy/);
  });

  it('Given --out, Then the catalogue is written to the file and the output says where', async () => {
    const io = fakeIO(root);
    const out = join(work, 'CATALOGUE.md');
    expect(await writePackDocs('scenarios/ckad', { out }, CHECKERS, io)).toBe(0);
    const md = await readFile(out, 'utf8');
    expect(md).toMatch(/^# kubedrill built-in CKAD tasks\n/);
    expect(md).toContain('`ckad/rollout-undo`');
    expect(io.out()).toMatch(/^wrote .*CATALOGUE\.md \(\d+ tasks\)\n$/);
  });

  it('Given a pack that does not validate, Then no catalogue: the problems as FILE:LINE:COL and exit 1', async () => {
    await writeFile(join(work, 'pack.yaml'), LINT_PACK_YAML);
    await writeFile(join(work, 'bad.yaml'), CLEAN_TASK.replace('difficulty: quick', 'difficulty: easy'));
    const io = fakeIO(work);
    expect(await writePackDocs('.', {}, CHECKERS, io)).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/^bad\.yaml:8:3: metadata\.difficulty: /m);
  });
});

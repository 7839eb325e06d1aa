// A task filed in two exams (metadata.domains) as a pack author writes it: loaded against the
// built-in profiles, and refused with FILE:LINE:COL where a domain or exam is wrong.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineChecker, type Checker } from '../models/index.js';
import { domainIn } from '../models/task-domains.js';
import { filterTasks } from './catalog.js';
import { loadPacks } from './load.js';

const resource = defineChecker({
  type: 'resource',
  summary: 'exists',
  needs: [],
  params: z.strictObject({ ref: z.string() }),
  run: async () => ({ status: 'error', reason: 'not run' }),
});
const checkers = [resource] as unknown as readonly Checker[];

const PACK = 'apiVersion: kubedrill.dev/v1\nkind: Pack\nmetadata:\n  id: p\n  title: T\n  version: 1.0.0\n  exams: [CKA, CKS]\n';
const task = (metadataLines: string) => `apiVersion: kubedrill.dev/v1
kind: Task
metadata:
  id: p/t
  title: T
${metadataLines}
  difficulty: quick
  minutes: 2
statement: Do it.
solution:
  - apply: "{apiVersion: v1, kind: Namespace, metadata: {name: web}}"
checks:
  - { id: ns, type: resource, points: 1, ref: namespace/web }
`;

describe('metadata.domains in a pack', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubedrill-domains-'));
    await mkdir(join(root, 'p'));
    await writeFile(join(root, 'p', 'pack.yaml'), PACK);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const load = async (metadataLines: string) => {
    await writeFile(join(root, 'p', 't.yaml'), task(metadataLines));
    return loadPacks([join(root, 'p')], { checkers });
  };
  const where = (p: { file: string; line: number; col: number; path: string; message: string }) => `${p.file.slice(root.length + 1)}:${p.line}:${p.col} ${p.path}: ${p.message}`;

  it('Given domains for CKA and CKS, When loaded, Then the task counts in both with each domain, and a domain filter finds it per exam', async () => {
    const result = await load('  domains:\n    CKA: troubleshooting\n    CKS: cluster-hardening');
    expect(result.problems).toEqual([]);
    const [loaded] = result.tasks;
    expect(loaded && domainIn(loaded.task, 'CKA')).toBe('troubleshooting');
    expect(loaded && domainIn(loaded.task, 'CKS')).toBe('cluster-hardening');
    expect(filterTasks(result, { domain: 'cluster-hardening' })).toHaveLength(1);
    expect(filterTasks(result, { domain: 'cluster-hardening', exam: 'cks' })).toHaveLength(1);
    // Its CKA domain is troubleshooting: asked for cluster-hardening in CKA, it is not there.
    expect(filterTasks(result, { domain: 'cluster-hardening', exam: 'CKA' })).toHaveLength(0);
  });

  it('Given a domain that is not in one exam, When loaded, Then the problem names the file, line and column of that exam\'s entry', async () => {
    const result = await load('  domains:\n    CKA: troubleshooting\n    CKS: troubleshooting');
    expect(result.tasks).toEqual([]);
    expect(result.problems.map(where)).toEqual([expect.stringMatching(/^p\/t\.yaml:8:5 metadata\.domains\.CKS: "troubleshooting" is not a CKS domain; .*CKS domains: cluster-setup/)]);
  });

  it('Given an unknown exam as a key of domains, When loaded, Then the problem points at that key', async () => {
    const result = await load('  domains:\n    CKA: troubleshooting\n    CKX: cluster-hardening');
    expect(result.problems.map(where)).toEqual([expect.stringMatching(/^p\/t\.yaml:8:5 metadata\.domains\.CKX: unknown exam "CKX"; did you mean CK/)]);
  });

  it('Given both domain and domains, When loaded, Then the problem points at domains', async () => {
    const result = await load('  exams: [CKA]\n  domain: troubleshooting\n  domains: { CKA: troubleshooting }');
    expect(result.problems.map(where)).toEqual([expect.stringMatching(/^p\/t\.yaml:8:3 metadata\.domains: give domain .* not both/)]);
  });

  it('Given exams that disagree with domains, When loaded, Then the problem points at exams', async () => {
    const result = await load('  exams: [CKA]\n  domains: { CKA: troubleshooting, CKS: cluster-hardening }');
    expect(result.problems.map(where)).toEqual([expect.stringMatching(/^p\/t\.yaml:6:3 metadata\.exams: exams \(CKA\) must be the exams domains names \(CKA, CKS\)/)]);
  });
});

// environment.addons and environment.images as a pack author writes them: checked against the
// add-on registry and the image-reference rules, with FILE:LINE:COL; add-ons make a task live-only.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineChecker, type Checker } from '../models/index.js';
import { preparable } from '../services/preparable.js';
import { loadPacks } from './load.js';
import { offlineCapability } from './offline-capable.js';

const resource = defineChecker({ type: 'resource', summary: 'exists', needs: [], params: z.strictObject({ ref: z.string() }), run: async () => ({ status: 'error', reason: 'not run' }) });
const checkers = [resource] as unknown as readonly Checker[];
const PACK = 'apiVersion: kubedrill.dev/v1\nkind: Pack\nmetadata:\n  id: p\n  title: T\n  version: 1.0.0\n  exams: [CKA]\n';
const task = (environment: string) => `apiVersion: kubedrill.dev/v1
kind: Task
metadata: { id: p/t, title: T, exams: [CKA], domain: services-networking, difficulty: quick, minutes: 2 }
environment:
${environment}
statement: Do it.
solution:
  - apply: "{apiVersion: v1, kind: Namespace, metadata: {name: web}}"
checks:
  - { id: ns, type: resource, points: 1, ref: namespace/web }
`;

describe('environment.addons and environment.images', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubedrill-addons-pack-'));
    await mkdir(join(root, 'p'));
    await writeFile(join(root, 'p', 'pack.yaml'), PACK);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));
  const load = async (environment: string) => {
    await writeFile(join(root, 'p', 't.yaml'), task(environment));
    const result = await loadPacks([join(root, 'p')], { checkers });
    return { ...result, where: result.problems.map((p) => `${p.file.slice(root.length + 1)}:${p.line}:${p.col} ${p.path}: ${p.message}`) };
  };

  it('Given known bundled add-ons and pinned images, When loaded, Then the task loads and is live-only', async () => {
    const result = await load('  addons: [gateway-api-crds, ingress-nginx]\n  images: [nginx:1.27, registry.k8s.io/pause:3.10, localhost:5000/app@sha256:' + 'a'.repeat(64) + ']');
    expect(result.where).toEqual([]);
    const loaded = result.tasks[0]?.task;
    expect(loaded?.environment.addons).toEqual(['gateway-api-crds', 'ingress-nginx']);
    expect(loaded && preparable(loaded, 'offline')).toBe(false);
    expect(loaded && preparable(loaded, 'kind')).toBe(true);
    expect(loaded && offlineCapability(loaded, checkers)).toEqual({ capable: false, reasons: ['it needs the add-ons gateway-api-crds, ingress-nginx (a live cluster)'] });
  });

  it('Given a misspelt add-on and one not bundled, When loaded, Then each is a problem at its list entry', async () => {
    const result = await load('  addons:\n    - gateway-api-crd\n    - metrics-server');
    expect(result.where).toEqual([
      'p/t.yaml:6:7 environment.addons[0]: unknown add-on "gateway-api-crd"; did you mean gateway-api-crds? known add-ons: gateway-api-crds, ingress-nginx, metrics-server',
      expect.stringMatching(/^p\/t\.yaml:7:7 environment\.addons\[1\]: add-on metrics-server v0\.7\.2 is not bundled in this build of kubedrill/),
    ]);
  });

  it('Given unpinned or malformed images, When loaded, Then each is refused at its entry', async () => {
    const result = await load('  images:\n    - nginx\n    - nginx:latest\n    - localhost:5000/app\n    - Nginx:1.27\n    - nginx:1.27');
    expect(result.where).toEqual([
      expect.stringMatching(/^p\/t\.yaml:6:7 environment\.images\[0\]: pin the image/),
      expect.stringMatching(/^p\/t\.yaml:7:7 environment\.images\[1\]: pin the image/),
      expect.stringMatching(/^p\/t\.yaml:8:7 environment\.images\[2\]: pin the image/),
      expect.stringMatching(/^p\/t\.yaml:9:7 environment\.images\[3\]: expected an image reference/),
    ]);
  });

  it('Given a task without add-ons, When loaded, Then it stays offline-preparable', async () => {
    const result = await load('  workers: 0');
    const loaded = result.tasks[0]?.task;
    expect(loaded && preparable(loaded, 'offline')).toBe(true);
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { createStubBin, type StubBin } from '../../test/stubs/index.js';
import { openKindEnvironment } from '../environments/kind/environment.js';
import { formatProblem, loadPacks } from '../packs/load.js';
import { createProcessRunner } from '../system/index.js';
import { helmCalls, installStandInHelm, type HelmCall } from '../../test/support/stand-in-helm.js';
import { selfTestTask } from './self-test.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/helm-pack', import.meta.url));


const nodes = JSON.stringify({
  items: [
    { metadata: { name: 'kubedrill-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    { metadata: { name: 'kubedrill-worker', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    { metadata: { name: 'kubedrill-worker2', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  ],
});

describe('self-test of a pack with a Helm chart asset on kind (stand-in kind, kubectl, docker, helm, openssl)', () => {
  let stubs: StubBin;
  let data: string;
  let learner: string;
  beforeEach(async () => {
    stubs = await createStubBin(
      [
        { bin: 'kind', match: ['version'], stdout: 'kind v0.27.0\n' },
        { bin: 'openssl', match: ['version'], stdout: 'OpenSSL 3.0.13 30 Jan 2024\n' },
        { bin: 'kind', match: ['get', 'clusters'], stdout: 'kubedrill\n' },
        { bin: 'kind', match: ['get', 'kubeconfig'], stdout: 'apiVersion: v1\n' },
        { bin: 'kubectl', match: ['nodes'], stdout: nodes },
        { bin: 'kubectl', match: ['coredns'], stdout: JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } }) },
      ],
      ['kind', 'kubectl', 'docker', 'helm', 'openssl'],
    );
    await installStandInHelm(stubs.dir);
    data = await mkdtemp(join(tmpdir(), 'kubedrill-selftest-helm-'));
    learner = await mkdtemp(join(tmpdir(), 'kubedrill-learner-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(data, { recursive: true, force: true });
    await rm(learner, { recursive: true, force: true });
  });

  const recorded = (): Promise<HelmCall[]> => helmCalls(stubs.dir);

  it("given the helm fixture task, when self-tested, then every phase's steps run helm on a copy of the chart, {{ .Values.replicaCount }} intact, with kubedrill's kubeconfig, never the learner's", async () => {
    // The learner's own kubeconfig, named by KUBECONFIG in the shell kubedrill runs in.
    const decoy = join(learner, '.kube', 'config');
    await mkdir(join(learner, '.kube'));
    await writeFile(decoy, 'apiVersion: v1\nkind: Config\ncurrent-context: production\n');
    const runner = createProcessRunner({ env: { ...stubs.env, KUBECONFIG: decoy } });
    const loaded = await loadPacks([FIXTURE], { checkers: CHECKERS, checkManifests: true });
    expect(loaded.problems.map(formatProblem)).toEqual([]);
    const task = loaded.tasks[0]!.task;
    const environment = await openKindEnvironment({ runner, dataDir: data, probeNetworkPolicy: false, workers: 2 });
    expect(environment.capabilities.has('helm')).toBe(true);

    const result = await selfTestTask(task, environment, CHECKERS);

    // Grading reads deployment/web from a stub kubectl that answers nothing: no phase can pass here.
    // What matters is that every phase's steps ran (no "a step failed").
    expect(result.phases.map((p) => p.phase)).toEqual(['setup', 'solution', 'alternative: a values file instead of --set', 'near miss: the template edited in the answers directory, not installed']);
    for (const phase of result.phases) expect(phase.problem ?? '').not.toMatch(/^a step failed/);

    const kubeconfig = join(data, 'kube', 'kubedrill.kubeconfig');
    const target = ['--kubeconfig', kubeconfig, '--kube-context', 'kind-kubedrill'];
    const calls = await recorded();
    const shown = (c: HelmCall) => c.args.map((a) => (a === c.chart ? '<chart>' : c.values.some((v) => v.path === a) ? '<values>' : a));
    const install = ['upgrade', '--install', 'web', '<chart>', '-n', 'shop', '--create-namespace', ...target];
    // Each phase starts from a reset world (the release uninstalled), then setup, then the phase's own steps.
    const uninstall = ['uninstall', 'web', '-n', 'shop', '--ignore-not-found', '--wait', ...target];
    expect(calls.map(shown)).toEqual([
      install,
      uninstall,
      install,
      ['upgrade', 'web', '<chart>', '-n', 'shop', '--set', 'replicaCount=3', ...target],
      uninstall,
      install,
      ['upgrade', 'web', '<chart>', '-n', 'shop', '-f', '<values>', ...target],
      uninstall,
      install,
      uninstall,
    ]);
    for (const call of calls) {
      expect(call.env.KUBECONFIG).toBe(kubeconfig);
      expect(call.args.join(' ')).not.toContain(learner);
      expect(Object.entries(call.env).filter(([, value]) => value.includes(learner))).toEqual([]);
    }
    for (const call of calls.filter((c) => c.args[0] === 'upgrade')) {
      // Helm, not kubedrill, renders the chart: the copy it got is the asset as shipped.
      expect(call.template).toContain('replicas: {{ .Values.replicaCount }}');
      expect(call.template).toBe(await readFile(join(FIXTURE, 'assets', 'charts', 'web', 'templates', 'deployment.yaml'), 'utf8'));
      expect(call.chart?.startsWith(call.cwd)).toBe(true);
    }
    expect(calls.find((c) => c.values.length > 0)?.values.map((v) => v.content)).toEqual(['replicaCount: 3\n']);
    // Nor did kind, kubectl or docker get the learner's kubeconfig on their command line.
    expect(JSON.stringify((await stubs.calls()).map((c) => c.args))).not.toContain(learner);
  }, 120_000);
});

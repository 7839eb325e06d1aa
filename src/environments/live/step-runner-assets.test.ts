import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStubBin, type StubBin } from '../../../test/stubs/index.js';
import { TEST_CHECKERS } from '../../../test/broken-packs/test-checkers.js';
import { loadPacks } from '../../packs/load.js';
import { createProcessRunner } from '../../system/index.js';
import { expandTemplates } from '../../templating.js';
import { createDockerNodes } from '../kind/docker-nodes.js';
import { kubectlInControlPlane } from '../kind/pack-kubectl.js';
import { createKubectl } from './kubectl.js';
import { helmCalls, installStandInHelm, type HelmCall } from '../../../test/support/stand-in-helm.js';
import { createLiveRunner } from './step-runner.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/helm-pack', import.meta.url));


describe('asset steps on a live runner (stand-in helm, stub kubectl and docker)', () => {
  let stubs: StubBin;
  let dir: string;
  beforeEach(async () => {
    stubs = await createStubBin();
    await installStandInHelm(stubs.dir);
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-assets-run-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const recorded = (): Promise<HelmCall[]> => helmCalls(stubs.dir);

  async function fixtureTask() {
    const loaded = await loadPacks([FIXTURE], { checkers: TEST_CHECKERS, checkManifests: true });
    expect(loaded.problems).toEqual([]);
    return loaded.tasks[0]!.task;
  }

  function runner(withHelm = true) {
    // A learner's shell may point helm elsewhere: the step must not inherit that.
    const process = createProcessRunner({ env: { ...stubs.env, HELM_KUBEAPISERVER: 'https://evil.example:6443' } });
    const kubectl = createKubectl({ runner: process, target: { context: 'kind-kubedrill', kubeconfig: '/data/kube/kubedrill.kubeconfig' } });
    const nodes = createDockerNodes({ runner: process, cluster: 'kubedrill' });
    const answersDir = join(dir, 'answers');
    return {
      answersDir,
      run: createLiveRunner({
        kubectl,
        nodes,
        packKubectl: kubectlInControlPlane(nodes, answersDir),
        ...(withHelm ? { packHelm: { runner: process, kubeconfig: '/data/kube/kubedrill.kubeconfig', context: 'kind-kubedrill' } } : {}),
        answersDir,
        statePath: join(dir, 'state.json'),
        backupDir: join(dir, 'backup'),
      }),
    };
  }
  const vars = (answers: string) => ({ cluster: 'kubedrill', context: 'kind-kubedrill', answers, nodes: { controlplane: 'kubedrill-control-plane', worker1: 'kubedrill-worker', worker2: 'kubedrill-worker2' } });

  it('given the fixture task, when setup and solution run, then helm installs a copy of the chart, {{ .Values }} intact, with kubedrill\'s kubeconfig only', async () => {
    const task = await fixtureTask();
    const { answersDir, run } = runner();
    for (const step of [...task.setup, ...task.solution]) await run.runStep(expandTemplates(step, vars(answersDir)));

    const calls = await recorded();
    expect(calls.map((c) => c.args.map((a) => (a === c.chart ? '<chart>' : a)))).toEqual([
      ['upgrade', '--install', 'web', '<chart>', '-n', 'shop', '--create-namespace', '--kubeconfig', '/data/kube/kubedrill.kubeconfig', '--kube-context', 'kind-kubedrill'],
      ['upgrade', 'web', '<chart>', '-n', 'shop', '--set', 'replicaCount=3', '--kubeconfig', '/data/kube/kubedrill.kubeconfig', '--kube-context', 'kind-kubedrill'],
    ]);
    for (const call of calls) {
      expect(call.template).toContain('replicas: {{ .Values.replicaCount }}');
      // A copy in the step's own directory, not the pack; gone once the step is done.
      expect(call.chart?.startsWith(call.cwd)).toBe(true);
      expect(call.chart?.startsWith(FIXTURE)).toBe(false);
      expect(existsSync(call.cwd)).toBe(false);
      expect({ KUBECONFIG: call.env.KUBECONFIG, HELM_KUBEAPISERVER: call.env.HELM_KUBEAPISERVER, HELM_CONFIG_HOME: call.env.HELM_CONFIG_HOME }).toEqual({ KUBECONFIG: '/data/kube/kubedrill.kubeconfig', HELM_KUBEAPISERVER: undefined, HELM_CONFIG_HOME: join(call.cwd, '.helm', 'config') });
    }
    // The files step copied the chart byte for byte into the answers directory.
    expect(await readFile(join(answersDir, 'chart', 'templates', 'deployment.yaml'), 'utf8')).toBe(await readFile(join(FIXTURE, 'assets', 'charts', 'web', 'templates', 'deployment.yaml'), 'utf8'));
  });

  it('given the alternative with a values file, when run, then helm reads a copy of the values asset', async () => {
    const task = await fixtureTask();
    const { answersDir, run } = runner();
    for (const step of task.alternatives[0]!.steps) await run.runStep(expandTemplates(step, vars(answersDir)));
    const [call] = await recorded();
    expect(call?.values.map((v) => v.content)).toEqual(['replicaCount: 3\n']);
  });

  it('given a helm release and the namespace it created, when reset, then the release is uninstalled and the namespace deleted', async () => {
    const task = await fixtureTask();
    const { answersDir, run } = runner();
    await run.runStep(expandTemplates(task.setup[0]!, vars(answersDir)));
    await run.reset();
    const uninstall = (await recorded()).at(-1);
    expect(uninstall?.args).toEqual(['uninstall', 'web', '-n', 'shop', '--ignore-not-found', '--wait', '--kubeconfig', '/data/kube/kubedrill.kubeconfig', '--kube-context', 'kind-kubedrill']);
    const kubectl = (await stubs.calls()).filter((c) => c.bin === 'kubectl').map((c) => c.args.slice(5).join(' '));
    expect(kubectl).toContain('delete namespace shop --ignore-not-found --wait=true --timeout=180s');
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });

  it('given a helm step edited to reach another cluster after validation, when run, then it is refused before helm starts', async () => {
    const { run } = runner();
    await expect(run.runStep({ helm: ['install', 'web', '{{asset:charts/web}}', '--kube-apiserver=https://evil.example'], assetsDir: join(FIXTURE, 'assets') } as never)).rejects.toThrow(/refused: a helm step may not set --kube-apiserver/);
    expect(await recorded()).toEqual([]);
  });

  it('given an environment without helm wiring, when a helm step runs, then it says so instead of using the learner\'s kubeconfig', async () => {
    const task = await fixtureTask();
    const { answersDir, run } = runner(false);
    await expect(run.runStep(expandTemplates(task.solution[0]!, vars(answersDir)))).rejects.toThrow(/cannot run helm steps/);
    expect(await recorded()).toEqual([]);
  });

  it('given a files step into a node, when run, then the asset goes in on the script\'s stdin, and that script writes it byte for byte', async () => {
    const { run } = runner();
    // A path below this test's directory, so the script docker received can be run here to prove it.
    const target = join(dir, 'node-root', 'etc', 'web');
    await run.runStep({ files: { asset: 'charts/web', to: 'node', node: 'worker1', path: target }, assetsDir: join(FIXTURE, 'assets') } as never);
    const [docker] = (await stubs.calls()).filter((c) => c.bin === 'docker');
    expect(docker?.args).toEqual(['exec', '-i', 'kubedrill-worker', 'bash', '-s']);
    expect(docker?.stdin).not.toContain('{{ .Values'); // only base64 reaches the shell
    await execa('bash', ['-s'], { input: docker?.stdin ?? '' });
    for (const file of ['Chart.yaml', 'values.yaml', join('templates', 'deployment.yaml')]) {
      expect(await readFile(join(target, file), 'utf8')).toBe(await readFile(join(FIXTURE, 'assets', 'charts', 'web', file), 'utf8'));
    }
  });

  it('given a kustomize step, when run, then kubectl kustomize builds a copy and the output is applied and remembered', async () => {
    const built = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app, namespace: shop }\n';
    await stubs.setRules([{ bin: 'kubectl', match: ['kustomize'], stdout: built }]);
    const { run } = runner();
    await run.runStep({ kustomize: ['build', '{{asset:charts/web}}'], assetsDir: join(FIXTURE, 'assets') } as never);
    const kubectl = (await stubs.calls()).filter((c) => c.bin === 'kubectl');
    expect(kubectl.map((c) => c.args.slice(5, 6).join(' '))).toEqual(['kustomize', 'apply']);
    expect(kubectl[0]?.args[6]).toMatch(/kubedrill-assets-.*\/assets\/charts\/web$/);
    expect(kubectl[1]?.stdin).toBe(built);
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toEqual({ objects: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'app', namespace: 'shop' }] });
  });
});

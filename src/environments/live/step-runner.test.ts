import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../system/index.js';
import { createStubBin, type StubBin } from '../../../test/stubs/index.js';
import { createDockerNodes } from '../kind/docker-nodes.js';
import { kubectlInControlPlane } from '../kind/pack-kubectl.js';
import { createKubectl } from './kubectl.js';
import { createLiveRunner } from './step-runner.js';
import { answersBackupDirFor, answersDirFor } from './task-files.js';

// Tier 2: the live runner's exact kubectl/docker commands, recorded by stub executables. Wired
// as the kind environment wires it (docker nodes, pack kubectl in the control-plane node); the
// context environment's pack kubectl is tested in context/pack-kubectl.test.ts.
describe('live runner (stub kubectl and docker)', () => {
  let stubs: StubBin;
  let dir: string;
  beforeEach(async () => {
    stubs = await createStubBin();
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-runner-'));
  });
  afterEach(async () => {
    await stubs.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  function runner(paths: { answersDir?: string; backupDir?: string; onNotice?: (line: string) => void } = {}) {
    const process = createProcessRunner({ env: stubs.env });
    const kubectl = createKubectl({ runner: process, target: { context: 'kind-kubedrill', kubeconfig: '/data/kube/kubedrill.kubeconfig' } });
    const nodes = createDockerNodes({ runner: process, cluster: 'kubedrill' });
    const answersDir = paths.answersDir ?? join(dir, 'answers');
    return createLiveRunner({ kubectl, nodes, packKubectl: kubectlInControlPlane(nodes, answersDir), answersDir, statePath: join(dir, 'state.json'), backupDir: join(dir, 'backup'), ...paths });
  }
  const CTX = ['--kubeconfig', '/data/kube/kubedrill.kubeconfig', '--context', 'kind-kubedrill', '--request-timeout=15s'];
  const manifests = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: web }\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: reader }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: coredns, namespace: kube-system }\n';

  it('given each kind of step, when run, then the exact commands, with the context on every kubectl call', async () => {
    const r = runner();
    await r.runStep({ apply: manifests });
    await r.runStep({ delete: 'pod/web', namespace: 'web' });
    await r.runStep({ node: 'worker1', script: 'systemctl restart kubelet\n' });
    await r.runStep({ kubectl: ['cordon', 'kubedrill-worker'] });
    await r.runStep({ wait: { for: 'condition=Ready', ref: 'node/kubedrill-worker', timeout: '60s' } });
    await r.runStep({ answer: { path: 'out/taints.txt', content: 'a\n' } });
    const calls = await stubs.calls();
    expect(calls.map((c) => [c.bin, ...c.args])).toEqual([
      ['kubectl', ...CTX, 'apply', '-f', '-'],
      ['kubectl', ...CTX, 'delete', 'pod/web', '-n', 'web', '--ignore-not-found'],
      ['docker', 'exec', '-i', 'kubedrill-worker', 'bash', '-s'],
      ['docker', 'exec', '-i', 'kubedrill-control-plane', 'bash', '-s'],
      ['kubectl', ...CTX, 'wait', '--for=condition=Ready', 'node/kubedrill-worker', '--timeout=60s'],
    ]);
    expect(calls[0]?.stdin).toBe(manifests);
    expect(calls[2]?.stdin).toBe('systemctl restart kubelet\n');
    // A pack's kubectl step runs in the control-plane node with its admin kubeconfig, never on the host.
    expect(calls[3]?.stdin).toBe("set -e\nkubectl --kubeconfig /etc/kubernetes/admin.conf 'cordon' 'kubedrill-worker'");
    expect(await readFile(join(dir, 'answers', 'out', 'taints.txt'), 'utf8')).toBe('a\n');
  });

  it('given a kubectl step that names another context, when run, then it is refused before anything runs', async () => {
    await expect(runner().runStep({ kubectl: ['--context=prod', 'delete', 'ns', 'x'] })).rejects.toThrow('may not set --context');
    expect(await stubs.calls()).toEqual([]);
  });

  it('given an answer path escaping the answers dir, when run, then it is refused', async () => {
    await expect(runner().runStep({ answer: { path: '../../etc/passwd', content: 'x' } })).rejects.toThrow('leaves the answers directory');
    // A name that merely starts with two dots stays inside.
    await runner().runStep({ answer: { path: '..notes.txt', content: 'x' } });
    expect(await readFile(join(dir, 'answers', '..notes.txt'), 'utf8')).toBe('x');
  });

  it('given a failing node script, when run, then the step fails with its stderr', async () => {
    await stubs.setRules([{ bin: 'docker', match: ['exec'], exitCode: 2, stderr: 'sed: cannot read /var/lib/kubelet/config.yaml\n' }]);
    await expect(runner().runStep({ node: 'controlplane', script: 'sed -i x /var/lib/kubelet/config.yaml' })).rejects.toThrow(/controlplane failed \(exit 2\): sed: cannot read/);
  });

  it('given a pod stuck terminating on a node whose kubelet is down, when reset, then after the graceful wait fails it is removed by force', async () => {
    await runner().runStep({ apply: 'apiVersion: v1\nkind: Pod\nmetadata: { name: canary, namespace: default }\nspec: { containers: [{ name: c, image: busybox }] }\n' });
    await stubs.setRules([{ bin: 'kubectl', match: ['delete', '--wait=true'], stderr: 'error: timed out waiting for the condition on pods/canary\n', exitCode: 1 }]);
    await runner().reset();
    const deletes = (await stubs.calls()).map((c) => c.args.slice(CTX.length)).filter((a) => a[0] === 'delete');
    expect(deletes).toEqual([
      ['delete', '-n', 'default', '--ignore-not-found', 'pod/canary', '--wait=true', '--timeout=60s'],
      ['delete', '-n', 'default', '--ignore-not-found', 'pod/canary', '--force', '--grace-period=0', '--wait=false'],
    ]);
  });

  it('given applied objects, when reset (even from a new runner), then answers go and objects are deleted, system ones kept, namespaces last', async () => {
    await runner().runStep({ apply: manifests });
    await runner().runStep({ answer: { path: 'a.txt', content: 'x' } });
    await runner().reset();
    const calls = (await stubs.calls()).slice(1).map((c) => c.args.slice(CTX.length));
    expect(calls).toEqual([
      ['delete', '--ignore-not-found', 'clusterrole.rbac.authorization.k8s.io/reader', '--wait=true', '--timeout=60s'],
      ['delete', 'namespace', 'web', '--ignore-not-found', '--wait=true', '--timeout=180s'],
    ]);
    expect(existsSync(join(dir, 'answers', 'a.txt'))).toBe(false);
    expect(existsSync(join(dir, 'answers'))).toBe(true);
    // The answers are moved aside, never deleted.
    const [stamp] = readdirSync(join(dir, 'backup'));
    expect(readFileSync(join(dir, 'backup', stamp ?? '', 'a.txt'), 'utf8')).toBe('x');
    await runner().reset();
    expect((await stubs.calls()).length).toBe(3);
  });

  for (const [what, make] of [
    ['truncated (a crash mid-write)', () => writeFile(join(dir, 'state.json'), '{"objects":[{"apiVer')],
    ['of the wrong shape', () => writeFile(join(dir, 'state.json'), '{"objects":[{"kind":1}]}')],
    ['a directory', () => mkdir(join(dir, 'state.json'))],
  ] as const) {
    it(`given a task state file that is ${what}, when reset and set up again, then it is moved aside with a note and the runner goes on`, async () => {
      await make();
      const notes: string[] = [];
      await runner({ onNotice: (line) => notes.push(line) }).reset();
      expect(notes).toEqual([expect.stringMatching(new RegExp(`^the task state ${join(dir, 'state.json')} was damaged .*; moved it to .*state\\.json\\.damaged-.*; objects this task created earlier may stay in the cluster$`))]);
      await runner().runStep({ apply: manifests });
      expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toMatchObject({ objects: [{ kind: 'Namespace', name: 'web' }, {}, {}, {}] });
      expect((await readdir(dir)).filter((n) => n.startsWith('state.json.'))).toEqual([expect.stringMatching(/^state\.json\.damaged-/)]);
    });
  }

  it('given a task id that is a prefix of others (cka vs cka/rbac), when the short one resets, then the other\'s answers stay', async () => {
    const data = join(dir, 'data');
    const short = { answersDir: answersDirFor(data, 'cka'), backupDir: answersBackupDirFor(data, 'cka') };
    const long = { answersDir: answersDirFor(data, 'cka/rbac'), backupDir: answersBackupDirFor(data, 'cka/rbac') };
    await runner(long).runStep({ answer: { path: 'role.yaml', content: 'mine' } });
    await runner(short).runStep({ answer: { path: 'x.txt', content: 'x' } });
    await runner(short).reset();
    expect(await readFile(join(long.answersDir, 'role.yaml'), 'utf8')).toBe('mine');
    expect(await readdir(short.answersDir)).toEqual([]);
  });

  it('given a kubectl step reading an answer file, when run on kind, then the file is copied into the control-plane node and the path rewritten', async () => {
    const answersDir = join(dir, 'answers');
    await mkdir(answersDir, { recursive: true });
    await writeFile(join(answersDir, 'tls.crt'), 'CERT');
    await runner().runStep({ kubectl: ['-n', 'web', 'create', 'secret', 'tls', 'x', `--cert=${answersDir}/tls.crt`, `--key=${answersDir}/tls.key`] }).catch(() => undefined);
    await writeFile(join(answersDir, 'tls.key'), 'KEY');
    await runner().runStep({ kubectl: ['-n', 'web', 'create', 'secret', 'tls', 'x', `--cert=${answersDir}/tls.crt`, `--key=${answersDir}/tls.key`] });
    const script = (await stubs.calls()).at(-1)?.stdin ?? '';
    expect(script).toContain(`printf '%s' '${Buffer.from('CERT').toString('base64')}' | base64 -d > '/tmp/kubedrill-answers/tls.crt'`);
    expect(script).toContain("'--cert=/tmp/kubedrill-answers/tls.crt' '--key=/tmp/kubedrill-answers/tls.key'");
    expect(script).not.toContain(answersDir);
  });
});

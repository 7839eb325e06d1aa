import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import type { TaskWorld } from '../types.js';
import { answersDirFor, openOfflineEnvironment } from './index.js';

let dir: string;
let world: TaskWorld;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubedrill-offline-'));
  world = await (await openOfflineEnvironment(dir)).openTask('cka/rbac-team');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const apply = (yaml: string) => world.runStep({ apply: yaml });

describe('offline environment', () => {
  it('given a task id with slashes, when opened, then its answers directory is under answers/ with __', () => {
    expect(world.vars.answers).toBe(answersDirFor(dir, 'cka/rbac-team'));
    expect(world.vars.answers.endsWith(join('answers', 'cka__rbac-team'))).toBe(true);
  });

  it('given a task, when opened, then its terminal starts in the workspace with a KUBECONFIG that reaches no cluster and its context line names the workspace and answers directory', () => {
    expect(world.terminal).toEqual({ env: { KUBECONFIG: '/dev/null' }, cwd: resolve(dir), contextLine: `offline workspace ${resolve(dir)} (edit YAML here; answers in ${world.vars.answers})` });
  });

  it('given an apply step, when run, then each object gets its own file and reads back with default namespace', async () => {
    await apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: tools}\nspec: {containers: [{name: c, image: busybox}]}\n');
    expect(await readdir(join(dir, 'default'))).toEqual(['pod-tools.yaml']);
    expect(await readdir(join(dir, '_cluster'))).toEqual(['namespace-web.yaml']);
    const pod = await world.ports.cluster.get({ kind: 'po', name: 'tools', namespace: 'default' });
    expect(pod?.metadata?.namespace).toBe('default');
  });

  it('given a learner file holding the object among others, when apply replaces it, then only that document goes', async () => {
    await writeFile(
      join(dir, 'mine.yaml'),
      '# my notes\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep}\ndata: {a: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {a: old}\n',
    );
    await apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {b: new}\n');
    const app = await world.ports.cluster.get({ kind: 'cm', name: 'app' });
    expect(app?.data).toEqual({ b: 'new' }); // replaced, not merged
    const mine = await readFile(join(dir, 'mine.yaml'), 'utf8');
    expect(mine).toContain('# my notes');
    expect(mine).not.toContain('name: app');
    expect((await world.ports.cluster.list('configmaps')).map((c) => c.metadata?.name)).toEqual(['app', 'keep']);
  });

  it('given a List document and a JSON file, when read, then items are flattened', async () => {
    await writeFile(join(dir, 'pods.yaml'), 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x}}\n- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x}}\n');
    await writeFile(join(dir, 'svc.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'x' } }));
    expect((await world.ports.cluster.list('pod', { namespace: 'x' })).map((p) => p.metadata?.name)).toEqual(['a', 'b']);
    expect(await world.ports.cluster.get({ kind: 'svc', name: 's', namespace: 'x' })).toBeDefined();
  });

  it('given files in answers/ and dot-directories, when read, then they are not objects', async () => {
    await mkdir(join(dir, '.git'), { recursive: true });
    await writeFile(join(dir, '.git', 'x.yaml'), 'not: [valid');
    await world.runStep({ answer: { path: 'out.yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata: {name: ghost}\n' } });
    expect(await world.ports.cluster.list('pods')).toEqual([]);
    expect(await world.ports.answers.readFile('out.yaml')).toContain('ghost');
    expect(await world.ports.answers.readFile('missing.txt')).toBeUndefined();
  });

  it('given one malformed file among good ones, when the cluster is read, then the others load and the bad one is a problem with file, line and column', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web\n');
    await writeFile(join(dir, 'good.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n');
    expect((await world.ports.cluster.list('configmaps')).map((c) => c.metadata?.name)).toEqual(['ok']);
    expect(await world.ports.cluster.list('pods')).toEqual([]);
    const problems = (await world.problems?.()) ?? [];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^broken\.yaml:\d+:\d+: invalid YAML/);
  });

  it('given a document that is not an object and one without a name, when read, then each is a problem and the rest of the file loads', async () => {
    await writeFile(join(dir, 'x.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: nginx}]}\n---\njust: data\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n');
    expect((await world.ports.cluster.list('pods')).map((p) => p.metadata?.name)).toEqual(['a']);
    expect(await world.problems?.()).toEqual(['x.yaml:6: not a Kubernetes object (a mapping with apiVersion, kind and metadata)', 'x.yaml:8: ConfigMap has no metadata.name']);
  });

  it('given a file in a subdirectory with a field kubectl rejects, when read, then that object is not loaded and the problem names the field and its line', async () => {
    await mkdir(join(dir, 'shop'), { recursive: true });
    await writeFile(
      join(dir, 'shop', 'web.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replica: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\n',
    );
    expect(await world.ports.cluster.get({ kind: 'deploy', name: 'web', namespace: 'shop' })).toBeUndefined();
    expect(await world.ports.cluster.get({ kind: 'cm', name: 'cfg', namespace: 'shop' })).toBeDefined();
    expect(await world.problems?.()).toEqual([`${join('shop', 'web.yaml')}:5: kubectl would reject this: unknown field "spec.replica"`]);
  });

  it('given an apply step with a field kubectl rejects, when run, then it throws a UserError naming the field and writes nothing', async () => {
    const step = apply('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n    targetport: 8080\n');
    await expect(step).rejects.toBeInstanceOf(UserError);
    await expect(apply('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n    targetport: 8080\n')).rejects.toThrow(
      'apply step:7: kubectl would reject this: unknown field "spec.ports[0].targetport"',
    );
    expect(await world.ports.cluster.list('services')).toEqual([]);
  });

  it('given a rejected file the learner then fixes, when read again, then the object loads and the problem is gone', async () => {
    const file = join(dir, 'web.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: c, image: nginx, imagePullPolicy: 3}]\n');
    expect(await world.problems?.()).toEqual(['web.yaml:5: kubectl would reject this: field "spec.containers[0].imagePullPolicy" must be a string']);
    await writeFile(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: c, image: nginx, resources: {limits: {cpu: "0.5"}}}]\n');
    expect(await world.problems?.()).toEqual([]);
    const pod = await world.ports.cluster.get({ kind: 'pod', name: 'web' });
    expect(pod?.spec).toMatchObject({ containers: [{ resources: { limits: { cpu: '500m' }, requests: { cpu: '500m' } }, imagePullPolicy: 'Always' }] });
  });

  it('given an apply step that is not valid YAML, when run, then it throws a UserError with its line', async () => {
    await expect(apply('apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n')).rejects.toThrow(/^apply step:\d+:\d+: invalid YAML/);
  });

  it('given an applied Service that leaves targetPort to its default, when read, then it is served defaulted but the file holds what was applied', async () => {
    await apply('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n');
    const svc = await world.ports.cluster.get({ kind: 'svc', name: 's' });
    expect(svc?.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
    expect(await readFile(join(dir, 'default', 'service-s.yaml'), 'utf8')).not.toContain('targetPort');
  });

  it('given a delete step of a namespace, when run, then its objects go too and other namespaces stay', async () => {
    await apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n');
    await world.runStep({ delete: 'ns/web' });
    expect((await world.ports.cluster.list('pods')).map((p) => p.metadata?.name)).toEqual(['b']);
    await world.runStep({ delete: 'pod/b', namespace: 'default' });
    await world.runStep({ delete: 'pod/never-there' });
    expect(await world.ports.cluster.list('pods')).toEqual([]);
  });

  it('given node and kubectl steps, when run, then they throw a UserError asking for a live cluster', async () => {
    await expect(world.runStep({ node: 'worker1', script: 'true' })).rejects.toThrow(/needs a live cluster/);
    await expect(world.runStep({ kubectl: ['get', 'pods'] })).rejects.toBeInstanceOf(UserError);
    await expect(world.runStep({ wait: { for: 'condition=Ready', ref: 'pod/x', timeout: '5s' } })).resolves.toBeUndefined();
  });

  it('given an answer path escaping the answers directory, when written, then it is refused', async () => {
    await expect(world.runStep({ answer: { path: '../../evil.txt', content: 'x' } })).rejects.toThrow(/outside the answers directory/);
  });

  it('given objects and answers, when reset, then what the steps wrote is gone and nothing else was there', async () => {
    await apply('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n');
    await world.runStep({ answer: { path: 'sub/a.txt', content: 'x' } });
    await world.reset();
    expect(await world.ports.cluster.list('pods')).toEqual([]);
    expect(await world.ports.answers.readFile('sub/a.txt')).toBeUndefined();
    expect((await readdir(dir)).sort()).toEqual(['.kubedrill', 'answers']);
    expect(await readdir(join(dir, '.kubedrill'))).toEqual(['journal.json']); // nothing needed a backup
  });

  it('given a .git, notes, another task and learner files, when the task is reset, then only its own objects go and learner files are backed up', async () => {
    await mkdir(join(dir, '.git'), { recursive: true });
    await writeFile(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(dir, 'notes.md'), 'my study notes\n');
    const other = await (await openOfflineEnvironment(dir)).openTask('ckad/other');
    await other.runStep({ apply: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cart, namespace: shop}\n' });
    await other.runStep({ answer: { path: 'out.txt', content: 'other answer' } });
    await apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: web}\n');
    // The learner's answer: a file of their own holding an object in the task's namespace and one elsewhere.
    const mine = 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: web}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine, namespace: shop}\n';
    await writeFile(join(dir, 'mine.yaml'), mine);
    await writeFile(join(world.vars.answers, 'learner.txt'), 'my answer');

    await world.reset();

    expect(await readFile(join(dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await readFile(join(dir, 'notes.md'), 'utf8')).toBe('my study notes\n');
    expect((await world.ports.cluster.list('configmaps', { namespace: 'shop' })).map((c) => c.metadata?.name)).toEqual(['cart', 'mine']);
    expect(await world.ports.cluster.list('pods', { namespace: 'web' })).toEqual([]);
    expect(await world.ports.cluster.get({ kind: 'svc', name: 'api', namespace: 'web' })).toBeUndefined();
    expect(await other.ports.answers.readFile('out.txt')).toBe('other answer');
    // The learner's own files are never lost: the changed one and the answer are in the backup.
    const [stamp] = await readdir(join(dir, '.kubedrill', 'backup'));
    const backup = join(dir, '.kubedrill', 'backup', stamp ?? '');
    expect(await readFile(join(backup, 'mine.yaml'), 'utf8')).toBe(mine);
    expect(await readFile(join(backup, 'answers', 'cka__rbac-team', 'learner.txt'), 'utf8')).toBe('my answer');
    expect(await readFile(join(dir, 'mine.yaml'), 'utf8')).toContain('name: mine');
  });

  it('given a workspace reset twice and setup run again, when read, then setup objects are back and the journal forgot nothing it needs', async () => {
    const setup = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: web}\n';
    await apply(setup);
    await world.reset();
    await apply(setup);
    await world.reset();
    expect(await world.ports.cluster.list('pods', { namespace: 'web' })).toEqual([]);
    await apply(setup);
    expect((await world.ports.cluster.list('pods', { namespace: 'web' })).map((p) => p.metadata?.name)).toEqual(['api']);
  });

  it('given RBAC objects in the workspace, when can-i is asked, then it is answered from them; nodes are unsupported', async () => {
    await apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: db}
rules: [{apiGroups: [""], resources: [pods/exec], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: db}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: ServiceAccount, name: team, namespace: db}]
`);
    const as = 'system:serviceaccount:db:team';
    expect(await world.ports.cluster.canI({ as, verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'db' })).toBe(true);
    expect(await world.ports.cluster.canI({ as, verb: 'delete', resource: 'pods', namespace: 'db' })).toBe(false);
    await expect(world.ports.nodes.readFile('worker1', '/etc/hosts')).rejects.toThrow(/no nodes/);
  });

  it.each([
    ['a namespace with ../', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: "../../../../tmp/escape"}\n', /is not a namespace name/],
    ['a name with /', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "/../../../tmp/escape"}\n', /may not contain/],
    ['a cluster-scoped name of ..', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ".."}\n', /may not be/],
  ])('given an apply step with %s, when run offline, then it is refused and nothing is written outside the workspace', async (_what, yaml, message) => {
    await expect(apply(yaml)).rejects.toThrow(message);
    expect(await readdir(join(dir, '..')).then((entries) => entries.filter((e) => e.startsWith('escape')))).toEqual([]);
  });
});

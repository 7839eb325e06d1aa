// The instructor kit as a CI script or an instructor runs it: the built CLI in a child process.
// `pack test --report` writes JUnit a CI reporter reads; learners' `history --export` files add up
// in `results summarize`; a pack published with npm loads by its package name. `npm test` builds
// before vitest runs, so dist/ is current.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treeFingerprint } from '../../src/packs/fingerprint.js';
import { examAttemptOf } from '../support/exam-attempts.js';
import { descendants, parseXml } from '../support/xml.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli.js');
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubedrill(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', KUBEDRILL_LEARNER: '', ...options.env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const namespaceStep = (name: string) => `      - apply: |\n          apiVersion: v1\n          kind: Namespace\n          metadata: { name: ${name} }\n`;

/** A task wanting namespace `ns`; an alternative creating `alternative` instead makes its self-test fail. */
function taskYaml(id: string, ns: string, alternative?: string): string {
  return [
    'apiVersion: kubedrill.dev/v1',
    'kind: Task',
    'metadata:',
    `  id: ${id}`,
    `  title: Create namespace ${ns}`,
    '  exams: [CKA]',
    '  domain: troubleshooting',
    '  difficulty: quick',
    '  minutes: 2',
    `statement: Create namespace ${ns}.`,
    'solution:',
    namespaceStep(ns).replace(/^ {4}/gm, ''),
    ...(alternative ? ['alternatives:', '  - name: "a <wrong> & \\"odd\\" alternative"', '    steps:', namespaceStep(alternative).trimEnd()] : []),
    'nearMisses:',
    '  - name: another namespace',
    '    steps:',
    namespaceStep(`${ns}-x`).trimEnd(),
    'checks:',
    '  - { id: ns, type: resource, points: 2, ref: "namespace/' + ns + '", expect: exists }',
    '',
  ].join('\n');
}

const PACK_YAML = ['apiVersion: kubedrill.dev/v1', 'kind: Pack', 'metadata:', '  id: acme', '  title: ACME course', '  version: 1.2.0', '  exams: [CKA]', ''].join('\n');

describe.skipIf(!existsSync(cli))('built CLI: instructor kit', () => {
  let base: string;
  let pack: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'kubedrill-class-'));
    pack = join(base, 'acme');
    await mkdir(pack);
    await writeFile(join(pack, 'pack.yaml'), PACK_YAML);
    await writeFile(join(pack, 'fair.yaml'), taskYaml('acme/fair', 'shop'));
    await writeFile(join(pack, 'unfair.yaml'), taskYaml('acme/unfair', 'market', 'bazaar'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('Given a pack with a fair task, an unfair one and one that needs a cluster, When `pack test --offline --report junit=… --report json=…` runs, Then the JUnit parses with a case per task phase matching the JSON, failures carry expected/actual', async () => {
    const design = join(root, 'test', 'broken-packs', 'valid', 'design-example');
    const run = await kubedrill(['pack', 'test', pack, design, '--offline', '--report', 'junit=reports/junit.xml', '--report', 'json=reports/self-test.json'], { cwd: base });
    expect(run.stderr).not.toMatch(STACK_FRAME);
    // The unfair task fails the self-test; the reports are written all the same.
    expect(run.code).toBe(1);
    const json = JSON.parse(await readFile(join(base, 'reports', 'self-test.json'), 'utf8')) as { results: { taskId: string; skipped?: string; phases: { phase: string }[] }[] };
    const junit = parseXml(await readFile(join(base, 'reports', 'junit.xml'), 'utf8'));
    expect(junit.name).toBe('testsuites');
    const suites = descendants(junit, 'testsuite');
    // A suite per task, a case per phase it ran; a task skipped as a whole is one skipped case.
    expect(suites.map((s) => [s.attributes.name, descendants(s, 'testcase').map((c) => c.attributes.name)])).toEqual(
      json.results.map((r) => [r.taskId, r.skipped === undefined ? r.phases.map((p) => p.phase) : ['self-test']]),
    );
    expect(suites.map((s) => s.attributes.name)).toEqual(['acme/fair', 'acme/unfair', 'cka/static-pod-web']);
    const failures = descendants(junit, 'failure');
    expect(failures.map((f) => f.attributes.message)).toEqual(['scored 0%, needs 100% (ns: expected namespace/market exists, got namespace/market not found)']);
    expect(descendants(junit, 'testcase').find((c) => c.children[0]?.name === 'failure')?.attributes.name).toBe('alternative: a <wrong> & "odd" alternative');
    expect(junit.attributes).toMatchObject({ tests: String(descendants(junit, 'testcase').length), failures: '1', skipped: '1' });
  }, 120_000);

  it('Given a bad --report, When `pack test` parses it, Then it is a usage error naming the kinds', async () => {
    const run = await kubedrill(['pack', 'test', pack, '--offline', '--report', 'xml=out.xml'], { cwd: base });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/KIND one of junit, json/);
  });

  it('Given three learners who exported their attempts, When `results summarize` runs with the instructor pack, Then the per-task and per-domain aggregates are right, the other pack version is flagged, and JUnit and CSV are written', async () => {
    const hash = await treeFingerprint(pack);
    const learners = [
      { home: 'ada', env: { KUBEDRILL_LEARNER: 'Ada' }, args: [], version: '1.2.0', sha256: hash, fair: { ns: true }, unfair: { ns: false } },
      { home: 'bob', env: { KUBEDRILL_LEARNER: 'Bob' }, args: [], version: '1.2.0', sha256: hash, fair: { ns: false }, unfair: { ns: true } },
      { home: 'cy', env: {}, args: ['--name', 'Cy'], version: '1.1.0', sha256: 'f'.repeat(64), fair: { ns: true }, unfair: { ns: true } },
    ];
    for (const [i, l] of learners.entries()) {
      const home = join(base, l.home);
      await mkdir(home, { recursive: true });
      const attempt = examAttemptOf(`cka-${i}`, [
        { id: 'acme/fair', domain: 'troubleshooting', checks: l.fair, points: 2 },
        { id: 'acme/unfair', domain: 'storage', checks: l.unfair, points: 2 },
      ], [{ id: 'acme', version: l.version, sha256: l.sha256 }]);
      await writeFile(join(home, 'history.jsonl'), `${JSON.stringify(attempt)}\n`);
      const exported = await kubedrill(['history', '--export', 'latest', '--out', join(base, 'exports', `${l.home}.json`), ...l.args], { cwd: base, env: { ...l.env, KUBEDRILL_HOME: home } });
      expect(exported.code, exported.stderr).toBe(0);
    }
    const files = learners.map((l) => join('exports', `${l.home}.json`));
    const run = await kubedrill(['results', 'summarize', ...files, '--pack', pack, '--junit', 'class.xml', '--csv', 'class.csv'], { cwd: base, env: { COLUMNS: '160' } });
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.code, run.stderr).toBe(0);
    // acme/fair: 100, 0, 100 → 66.7% with ns failed once; acme/unfair: 0, 100, 100 → 66.7%.
    expect(run.stdout).toMatch(/^acme\/fair\s+troubleshooting\s+3\s+66\.7%\s+ns ×1$/m);
    expect(run.stdout).toMatch(/^acme\/unfair\s+storage\s+3\s+66\.7%\s+ns ×1$/m);
    expect(run.stdout).toMatch(/^CKA\s+storage\s+3\s+66\.7%$/m);
    expect(run.stdout).toMatch(/^Ada\s+CKA\s+50%\s+fail\s+cka-0\s+ok$/m);
    expect(run.stdout).toMatch(/^Cy\s+CKA\s+100%\s+pass\s+cka-2\s+FLAGGED$/m);
    expect(run.stdout).toContain("Cy (exports/cy.json): pack acme 1.1.0, the instructor's 1.2.0");
    const junit = parseXml(await readFile(join(base, 'class.xml'), 'utf8'));
    expect(descendants(junit, 'testsuite').map((s) => s.attributes.name)).toEqual(['Ada cka-0', 'Bob cka-1', 'Cy cka-2']);
    expect(descendants(junit, 'testcase')).toHaveLength(6);
    expect(descendants(junit, 'failure').map((f) => f.attributes.message)).toEqual(['scored 0% (0/2): failed ns', 'scored 0% (0/2): failed ns']);
    const csv = (await readFile(join(base, 'class.csv'), 'utf8')).trimEnd().split('\r\n');
    expect(csv).toHaveLength(7);
    expect(csv[6]).toBe('Cy,exports/cy.json,cka-2,CKA,acme/unfair,storage,2,2,100,,"pack acme 1.1.0, the instructor\'s 1.2.0"');
  }, 120_000);

  it('Given a file that is not an export among good ones, When summarized, Then it is named with why, the rest is summarized, exit 1', async () => {
    await writeFile(join(base, 'notes.json'), '{ "hello": ');
    const run = await kubedrill(['results', 'summarize', join('exports', 'ada.json'), 'notes.json'], { cwd: base });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^notes\.json:1:\d+: not JSON/m);
    expect(run.stdout).toMatch(/^1 attempt\(s\)/);
  }, 60_000);

  it('Given a pack installed as an npm package above the working directory, When `--pack NAME` and `pack test NAME` name it, Then it loads by package name; live, it is untrusted like any third-party pack', async () => {
    const project = join(base, 'course');
    const pkg = join(project, 'node_modules', 'kubedrill-pack-acme');
    await cp(pack, join(pkg, 'pack'), { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'kubedrill-pack-acme', version: '1.2.0', kubedrill: { pack: 'pack' } }));
    const below = join(project, 'week3');
    await mkdir(below, { recursive: true });
    const env = { KUBEDRILL_HOME: join(base, 'npm-home') };
    const listed = await kubedrill(['list', '--pack', 'kubedrill-pack-acme', '--json'], { cwd: below, env });
    expect(listed.code, listed.stderr).toBe(0);
    const tasks = (JSON.parse(listed.stdout) as { tasks: { id: string; pack: string }[] }).tasks.filter((t) => t.pack === 'acme');
    expect(tasks.map((t) => t.id).sort()).toEqual(['acme/fair', 'acme/unfair']);
    const tested = await kubedrill(['pack', 'test', 'kubedrill-pack-acme', '--offline', '--task', 'acme/fair', '--json'], { cwd: below, env });
    expect(tested.code, tested.stderr).toBe(0);
    expect((JSON.parse(tested.stdout) as { results: { taskId: string; ok: boolean }[] }).results).toMatchObject([{ taskId: 'acme/fair', ok: true }]);
    // On a cluster, a package's pack is asked about like any other: with no terminal and no --yes, nothing runs.
    const live = await kubedrill(['pack', 'test', 'kubedrill-pack-acme', '--task', 'acme/fair'], { cwd: below, env });
    expect(live.code).toBe(3);
    expect(live.stderr).toMatch(/pack acme is not trusted: its steps were not run/);
    const missing = await kubedrill(['list', '--pack', 'kubedrill-pack-nope'], { cwd: below, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--pack kubedrill-pack-nope: no such directory, and no npm package kubedrill-pack-nope is installed/);
    expect(missing.stderr).not.toMatch(STACK_FRAME);
  }, 120_000);
});

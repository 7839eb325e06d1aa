import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineChecker, type Checker, type ExamProfile } from '../models/index.js';
import { formatProblem, loadPack, loadPacks } from './load.js';

const resource = defineChecker({
  type: 'resource',
  summary: 'exists/absent',
  needs: [],
  params: z.strictObject({ ref: z.string(), expect: z.enum(['exists', 'absent']).default('exists') }),
  run: async () => ({ status: 'error', reason: 'not run' }),
});
const pair = defineChecker({
  type: 'pair',
  summary: 'object-level refinement',
  needs: [],
  params: z.strictObject({ min: z.number(), max: z.number() }).refine((p) => p.min <= p.max, { message: 'min must not exceed max' }),
  run: async () => ({ status: 'error', reason: 'not run' }),
});
const checkers = [resource, pair] as unknown as readonly Checker[];

const profiles: ExamProfile[] = [
  {
    apiVersion: 'kubedrill.dev/v1',
    kind: 'ExamProfile',
    exam: 'CKA',
    title: 'CKA',
    durationMinutes: 120,
    tasks: { min: 15, max: 20 },
    passPercent: 66,
    domains: [{ id: 'storage', title: 'Storage', weight: 100 }],
  },
];

const pack = (id: string, exams = '[CKA]') =>
  `apiVersion: kubedrill.dev/v1\nkind: Pack\nmetadata:\n  id: ${id}\n  title: T\n  version: 1.0.0\n  exams: ${exams}\n`;

const task = (id: string, extra: { statement?: string; solution?: string; checks?: string; exams?: string } = {}) => `apiVersion: kubedrill.dev/v1
kind: Task
metadata:
  id: ${id}
  title: T
  exams: ${extra.exams ?? '[CKA]'}
  domain: storage
  difficulty: quick
  minutes: 2
statement: ${extra.statement ?? 'Do it.'}
solution:
${extra.solution ?? '  - apply: "{apiVersion: v1, kind: Namespace, metadata: {name: web}}"'}
checks:
${extra.checks ?? '  - { id: ns, type: resource, points: 1, ref: namespace/web }'}
`;

describe('loadPacks', () => {
  let root: string;
  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };
  const load = (dirs: string[], opts: { checkers?: readonly Checker[] } = {}) =>
    loadPacks(
      dirs.map((d) => join(root, d)),
      { checkers: opts.checkers ?? checkers, profiles },
    );

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubedrill-packs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads a directory of packs and ignores subdirectories that are not packs', async () => {
    // Given scenarios-like layout: two packs and a profiles/ directory
    await write('all/a/pack.yaml', pack('a'));
    await write('all/a/storage/one.yaml', task('a/one'));
    await write('all/a/storage/deeper/two.yml', task('a/two'));
    await write('all/b/pack.yaml', pack('b'));
    await write('all/b/three.yaml', task('b/three'));
    await write('all/profiles/cka.yaml', 'kind: ExamProfile\n');
    // When loaded, Then both packs and all three tasks load in path order, with their pack ids
    const result = await load(['all']);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.packs.map((p) => p.pack.metadata.id)).toEqual(['a', 'b']);
    expect(result.tasks.map((t) => [t.packId, t.task.metadata.id])).toEqual([
      ['a', 'a/two'],
      ['a', 'a/one'],
      ['b', 'b/three'],
    ]);
  });

  it('skips hidden directories and node_modules', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t'));
    await write('p/.git/x.yaml', 'not: a task');
    await write('p/node_modules/y.yaml', 'not: a task');
    const result = await load(['p']);
    expect(result.problems).toEqual([]);
    expect(result.tasks).toHaveLength(1);
  });

  it('follows symlinks that stay inside the pack and survives a link loop', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/real/t.yaml', task('p/t'));
    await symlink('real', join(root, 'p/alias-dir'));
    await symlink('..', join(root, 'p/real/loop'));
    const result = await load(['p']);
    // The task is reached through real/ and again through alias-dir/: the second is a duplicate id
    expect(result.tasks.map((t) => t.file)).toEqual([join(root, 'p/alias-dir/t.yaml')]);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^duplicate task id "p\/t"/)]);
  });

  it('reports problems in every file instead of stopping at the first', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/a.yaml', task('p/a').replace('minutes: 2', 'minutes: -1'));
    await write('p/b.yaml', task('p/b').replace('title: T', 'title: T\n  colour: red'));
    await write('p/c.yaml', task('p/c'));
    const result = await load(['p']);
    expect(result.problems.map((p) => [p.file.slice(root.length + 1), p.line, p.path])).toEqual([
      ['p/a.yaml', 9, 'metadata.minutes'],
      ['p/b.yaml', 6, 'metadata.colour'],
    ]);
    expect(result.tasks.map((t) => t.task.metadata.id)).toEqual(['p/c']);
  });

  it('checks placeholders the way the expander reads them: spaced ones, Go template actions', async () => {
    // Given a script with a Go template (the expander would reject {{.metadata.name}} and {{end}})
    await write('p/pack.yaml', pack('p'));
    const solution = [
      '  - node: worker1',
      "    script: kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{end}}' {{ nodes.worker1 }}",
    ].join('\n');
    await write('p/go.yaml', task('p/go', { solution, statement: '"On {{ nodes.worker2 }}, in {{answers}}"' }));
    await write('p/bad.yaml', task('p/bad', { checks: '  - { id: ns, type: resource, points: 1, ref: "namespace/{{namespace}}" }' }));
    // When loaded, Then the unknown ones are reported where they are written; known ones pass
    const result = await load(['p']);
    expect(result.problems.map((p) => [p.file.slice(root.length + 1), p.line, p.col, p.path, p.message])).toEqual([
      ['p/bad.yaml', 14, 58, 'checks[0].ref', expect.stringMatching(/^unknown template variable \{\{namespace\}\}; known: cluster/)],
      ['p/go.yaml', 13, 62, 'solution[0].script', expect.stringContaining('{{.metadata.name}}; known: cluster, context, answers, nodes.controlplane')],
      ['p/go.yaml', 13, 80, 'solution[0].script', expect.stringContaining('{{end}}; known:')],
    ]);
    expect(result.problems[1]?.message).toMatch(/keep Go templates out of packs/);
  });

  it('validates the tasks of a pack whose pack.yaml is broken but loads none of them', async () => {
    await write('p/pack.yaml', pack('P_bad'));
    await write('p/t.yaml', task('p/t', { checks: '  - { id: ns, type: resource, points: 1, ref: ns/web, expect: gone }' }));
    const result = await load(['p']);
    expect(result.problems.map((p) => p.path)).toEqual(['metadata.id', 'checks[0].expect']);
    expect(result.packs).toEqual([]);
    expect(result.tasks).toEqual([]);
  });

  it('reports a refinement of a check type at the check', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t', { checks: '  - { id: range, type: pair, points: 1, min: 5, max: 1 }' }));
    const result = await load(['p']);
    expect(result.problems.map((p) => [p.line, p.path, p.message])).toEqual([[14, 'checks[0]', 'min must not exceed max']]);
  });

  it('says so when no check type is registered', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t'));
    const result = await load(['p'], { checkers: [] });
    expect(result.problems[0]?.message).toBe('unknown check type "resource"; known types: (none registered)');
  });

  const acmeProfile = (exam = 'acme') =>
    `apiVersion: kubedrill.dev/v1\nkind: ExamProfile\nexam: ${exam}\ntitle: ACME practice\ndurationMinutes: 30\ntasks: { min: 1, max: 3 }\npassPercent: 70\ndomains:\n  - { id: storage, title: Storage, weight: 100 }\n`;

  it('Given a pack shipping profiles/acme.yaml, When loaded, Then its exam is known: tasks and pack.yaml may name it, and the result lists its profile', async () => {
    await write('p/pack.yaml', pack('p', '[acme]'));
    await write('p/profiles/acme.yaml', acmeProfile());
    await write('p/t.yaml', task('p/t', { exams: '[acme]' }));
    const result = await load(['p']);
    expect(result.problems).toEqual([]);
    expect(result.tasks.map((t) => t.task.metadata.exams)).toEqual([['acme']]);
    expect(result.profiles.map((p) => p.exam)).toEqual(['CKA', 'acme']);
  });

  it('Given a profile in another pack, When a task names its exam, Then it loads (every pack\'s profiles are read before tasks)', async () => {
    await write('a/pack.yaml', pack('a', '[]'));
    await write('a/t.yaml', task('a/t', { exams: '[acme]' }));
    await write('b/pack.yaml', pack('b', '[]'));
    await write('b/profiles/acme.yaml', acmeProfile());
    const result = await load(['a', 'b']);
    expect(result.problems).toEqual([]);
    expect(result.tasks).toHaveLength(1);
  });

  it('Given a pack profile whose id clashes with a loaded exam in another case, When loaded, Then the profile is a problem and the first one stays', async () => {
    await write('p/pack.yaml', pack('p', '[]'));
    await write('p/profiles/cka.yaml', acmeProfile('cka'));
    const result = await load(['p']);
    expect(result.problems.map((p) => [p.file.endsWith('cka.yaml'), p.path, p.message])).toEqual([
      [true, 'exam', 'a second profile for cka (an exam of that id is already loaded); exam ids are unique, whatever their case'],
    ]);
    expect(result.profiles.map((p) => p.exam)).toEqual(['CKA']);
  });

  it('Given a profile linked out of the pack, When loaded, Then it is not read and the link is named', async () => {
    await write('outside/acme.yaml', acmeProfile());
    await write('p/pack.yaml', pack('p', '[]'));
    await mkdir(join(root, 'p/profiles'));
    await symlink(join(root, 'outside/acme.yaml'), join(root, 'p/profiles/acme.yaml'));
    const result = await load(['p']);
    expect(result.problems.map((p) => p.message)).toEqual(['symlink escapes the pack directory; packs must be self-contained']);
    expect(result.profiles.map((p) => p.exam)).toEqual(['CKA']);
  });

  it('Given pack.yaml naming an exam near a known one, When loaded, Then the problem points at it and suggests the id', async () => {
    await write('p/pack.yaml', pack('p', '[acne]'));
    await write('p/profiles/acme.yaml', acmeProfile());
    const result = await load(['p']);
    expect(result.problems.map((p) => [p.line, p.path, p.message.split(';')[0] + ';' + p.message.split(';')[1]?.split('?')[0]])).toEqual([
      [7, 'metadata.exams[0]', 'unknown exam "acne"; did you mean acme'],
    ]);
  });

  it('Given a task naming an exam with no profile, When loaded, Then it is a problem at FILE:LINE:COL naming the near exam', async () => {
    // Given a pack without exams and a CKS task (no CKS profile here: exams are their profiles)
    await write('p/pack.yaml', pack('p', '[]'));
    await write('p/t.yaml', task('p/t', { exams: '[CKS]' }));
    const result = await load(['p']);
    expect(result.problems.map((p) => [p.line, p.col, p.path, p.message])).toEqual([
      [6, 11, 'metadata.exams[0]', 'unknown exam "CKS"; did you mean CKA? known exams: CKA (a pack adds one with a profile in its profiles/ directory)'],
    ]);
    expect(result.tasks).toHaveLength(0);
  });

  it('reports a path that does not exist or is a file', async () => {
    await write('file.yaml', 'a: 1');
    const result = await load(['nowhere', 'file.yaml']);
    expect(result.problems.map((p) => [p.file.slice(root.length + 1), p.line, p.message])).toEqual([
      ['file.yaml', 0, expect.stringMatching(/^not a directory/)],
      ['nowhere', 0, 'no such directory'],
    ]);
  });

  it('hints at pack.yml', async () => {
    await write('p/pack.yml', pack('p'));
    const result = await load(['p']);
    expect(result.problems[0]?.message).toMatch(/found pack\.yml: rename it to pack\.yaml/);
  });

  it('loadPack is loadPacks for one directory', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t'));
    const one = await loadPack(join(root, 'p'), { checkers, profiles });
    expect(one.tasks.map((t) => t.task.metadata.id)).toEqual(['p/t']);
  });

  it('uses the built-in exam profiles when none are given', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t').replace('domain: storage', 'domain: troubleshooting'));
    await write('p/u.yaml', task('p/u').replace('domain: storage', 'domain: design-build'));
    const result = await loadPacks([join(root, 'p')], { checkers });
    expect(result.problems.map((p) => [p.file.slice(root.length + 1), p.message])).toEqual([
      ['p/u.yaml', expect.stringMatching(/^"design-build" is not a CKA domain/)],
    ]);
  });

  it('given a FIFO, an uppercase .YAML, a symlink loop and a file name that is not UTF-8, when loaded, then each is a problem naming a real path', async () => {
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t'));
    await write('p/upper.YAML', task('p/upper'));
    await symlink('loop.yaml', join(root, 'p/loop.yaml'));
    await writeFile(Buffer.concat([Buffer.from(join(root, 'p/bad-')), Buffer.from([0xff]), Buffer.from('.yaml')]), task('p/bad'));
    const fifo = spawnSync('mkfifo', [join(root, 'p/pipe.yaml')]).status === 0;
    const result = await load(['p']);
    expect(result.tasks.map((t) => t.task.metadata.id)).toEqual(['p/t']);
    expect(result.problems.map((p) => [p.file.slice(root.length + 1), p.message])).toEqual([
      ['p', expect.stringMatching(/^a file name in this directory is not valid UTF-8 text/)],
      ['p/loop.yaml', 'symlink loop (the link leads back to itself)'],
      ...(fifo ? [['p/pipe.yaml', 'not a regular file: a named pipe (FIFO); a task file must be a regular file']] : []),
      ['p/upper.YAML', 'not read: the extension must be lowercase .yaml or .yml'],
    ]);
  });

  it('given a pack.yaml linked to a file outside the pack, when loaded, then that file is not read', async () => {
    await write('secret.yaml', 'aws_secret_access_key: hunter2\n');
    await mkdir(join(root, 'p'));
    await symlink(join(root, 'secret.yaml'), join(root, 'p/pack.yaml'));
    const result = await load(['p']);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^symlink escapes the pack directory/)]);
    expect(JSON.stringify(result.problems)).not.toContain('aws_secret_access_key');
  });

  it('given a task with 20,000 unknown keys (just under the file size limit), when loaded, then 10 problems are shown and the rest counted', async () => {
    let keys = '';
    for (let i = 0; i < 20_000; i++) keys += `k${i}: x\n`;
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t') + keys);
    const result = await load(['p']);
    expect(result.problems).toHaveLength(11);
    expect(result.problems[0]).toMatchObject({ line: 15, path: 'k0', message: 'unknown key "k0"' });
    expect(result.problems[10]).toMatchObject({ file: join(root, 'p/t.yaml'), message: '… and 19,990 more problems in this file (only the first 10 are shown)' });
  }, 60_000);

  it('given 20,000 unknown placeholders in one statement, when loaded, then it completes with the problems capped', async () => {
    // Each problem searched the statement for its placeholder: quadratic before the cap.
    let statement = '|\n';
    for (let i = 0; i < 20_000; i++) statement += ` {{w${i}}}\n`;
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t', { statement }));
    const result = await load(['p']);
    expect(result.problems).toHaveLength(11);
    expect(result.problems[0]).toMatchObject({ line: 11, col: 2, path: 'statement', message: expect.stringContaining('{{w0}}') });
    expect(result.problems[10]?.message).toBe('… and 19,990 more problems in this file (only the first 10 are shown)');
  }, 60_000);

  it('given a task file over 256 KiB (the 70,000-key file of the review), when loaded, then it is refused before parsing, naming the limit', async () => {
    let keys = '';
    for (let i = 0; i < 70_000; i++) keys += `k${i}: x\n`;
    await write('p/pack.yaml', pack('p'));
    await write('p/t.yaml', task('p/t') + keys);
    const result = await load(['p']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: join(root, 'p/t.yaml'), message: expect.stringMatching(/the limit is 262144 bytes \(split it up\)/) });
  });
});

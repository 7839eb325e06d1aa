import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadPacks, type PackProblem } from '../../src/packs/load.js';
import { TEST_CHECKERS } from './test-checkers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixtures = join(here, 'fixtures');

interface Case {
  /** Fixture directory under fixtures/ (a pack or a directory of packs). */
  dir: string;
  /** File the problem must name, relative to fixtures/. */
  file: string;
  /** 1-based line, or 0 when the problem concerns a directory as a whole. */
  line: number;
  path: string;
  message: RegExp;
}

const cases: Case[] = [
  { dir: 'yaml-syntax', file: 'yaml-syntax/task.yaml', line: 7, path: '', message: /^YAML syntax: Flow sequence .* end with a \]/ },
  { dir: 'wrong-type', file: 'wrong-type/task.yaml', line: 9, path: 'metadata.minutes', message: /expected number, received string/ },
  { dir: 'unknown-key', file: 'unknown-key/task.yaml', line: 10, path: 'metadata.dificulty', message: /^unknown key "dificulty"$/ },
  {
    dir: 'unknown-check-type',
    file: 'unknown-check-type/task.yaml',
    line: 19,
    path: 'checks[0].type',
    message: /unknown check type "resorce"; did you mean resource\? known types: jsonpath, resource, static-pod/,
  },
  { dir: 'check-params', file: 'check-params/task.yaml', line: 22, path: 'checks[0].expect', message: /expected one of "exists"\|"absent"/ },
  { dir: 'check-params', file: 'check-params/task.yaml', line: 23, path: 'checks[0].namespac', message: /unknown key "namespac"/ },
  { dir: 'duplicate-check-id', file: 'duplicate-check-id/task.yaml', line: 23, path: 'checks[1].id', message: /duplicate check id "ns" \(also checks\[0\], line 18\)/ },
  {
    dir: 'duplicate-task-id',
    file: 'duplicate-task-id/pack-b/second.yaml',
    line: 4,
    path: 'metadata.id',
    message: /duplicate task id "broken\/same-id": also .*duplicate-task-id\/pack-a\/first\.yaml:4$/,
  },
  {
    dir: 'duplicate-pack-id',
    file: 'duplicate-pack-id/two/pack.yaml',
    line: 4,
    path: 'metadata.id',
    message: /duplicate pack id "same-pack": also .*duplicate-pack-id\/one\/pack\.yaml:4$/,
  },
  { dir: 'unknown-template', file: 'unknown-template/task.yaml', line: 12, path: 'statement', message: /unknown template variable \{\{nodes\.worker3\}\}; did you mean \{\{nodes\.worker1\}\}\?/ },
  { dir: 'exam-not-in-pack', file: 'exam-not-in-pack/task.yaml', line: 6, path: 'metadata.exams[1]', message: /exam CKS is not one of this pack's exams \(CKA\)/ },
  { dir: 'unknown-domain', file: 'unknown-domain/task.yaml', line: 7, path: 'metadata.domain', message: /"storage-and-volumes" is not a CKA domain; did you mean storage\?/ },
  { dir: 'negative-points', file: 'negative-points/task.yaml', line: 20, path: 'checks[0].points', message: /points must not be negative/ },
  { dir: 'zero-points', file: 'zero-points/task.yaml', line: 17, path: 'checks', message: /the checks total 0 points/ },
  { dir: 'empty-file', file: 'empty-file/task.yaml', line: 1, path: '', message: /^empty file/ },
  { dir: 'binary-garbage', file: 'binary-garbage/task.yaml', line: 1, path: '', message: /^binary file, not YAML text/ },
  { dir: 'tabs', file: 'tabs/task.yaml', line: 5, path: '', message: /a tab is used for indentation; YAML indents with spaces only/ },
  { dir: 'missing-pack-yaml', file: 'missing-pack-yaml', line: 0, path: '', message: /^no pack\.yaml in / },
  { dir: 'alias-bomb', file: 'alias-bomb/task.yaml', line: 12, path: '', message: /^YAML aliases: .*resource exhaustion/ },
  { dir: 'multi-document', file: 'multi-document/task.yaml', line: 23, path: '', message: /expected exactly one YAML document, found 2/ },
  { dir: 'bad-step', file: 'bad-step/task.yaml', line: 14, path: 'solution[0].scrpit', message: /unknown key "scrpit"/ },
  { dir: 'bad-step', file: 'bad-step/task.yaml', line: 13, path: 'solution[0].script', message: /missing required key "script"/ },
  { dir: 'unsafe-step', file: 'unsafe-step/task.yaml', line: 13, path: 'setup[0].kubectl[2]', message: /may not use -s/ },
  { dir: 'unsafe-step', file: 'unsafe-step/task.yaml', line: 14, path: 'setup[1].delete', message: /not <kind>\/<name>/ },
  { dir: 'unsafe-step', file: 'unsafe-step/task.yaml', line: 16, path: 'solution[0].answer.path', message: /may not contain "\.\."/ },
  { dir: 'unsafe-step', file: 'unsafe-step/task.yaml', line: 24, path: 'docs[0].url', message: /must be an https/ },
  { dir: 'runtime-gaps', file: 'runtime-gaps/task.yaml', line: 13, path: 'setup[0].apply', message: /^not valid YAML/ },
  { dir: 'missing-key', file: 'missing-key/task.yaml', line: 1, path: 'statement', message: /missing required key "statement"/ },
  { dir: 'symlink-escape', file: 'symlink-escape/pack/leak.yaml', line: 1, path: '', message: /symlink escapes the pack directory/ },
  { dir: 'bad-pack-yaml', file: 'bad-pack-yaml/pack.yaml', line: 6, path: 'metadata.version', message: /semantic version/ },
  { dir: 'old-disruptive', file: 'old-disruptive/task.yaml', line: 12, path: 'environment.disruptive', message: /^unknown key "disruptive": replaced by disrupts, .* e\.g\. disrupts: \[kubelet\]$/ },
  { dir: 'old-disruptive', file: 'old-disruptive/task.yaml', line: 13, path: 'environment.disrupts[1]', message: /"apiserver"\|"etcd"\|"scheduling"/ },
  { dir: 'bad-node-name', file: 'bad-node-name/task.yaml', line: 13, path: 'solution[0].node', message: /"controlplane"\|"worker1"\|"worker2"/ },
];

async function load(dir: string) {
  return loadPacks([join(fixtures, dir)], { checkers: TEST_CHECKERS, checkManifests: true });
}

describe('broken packs', () => {
  it('covers at least 15 distinct broken pack fixtures', () => {
    expect(new Set(cases.map((c) => c.dir)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('$dir: names $file line $line at "$path"', async (c) => {
    // Given a pack with one kind of breakage, When it is loaded
    const result = await load(c.dir);
    // Then a problem names the file, the line and the path, with a message saying what is wrong
    const match = result.problems.find((p: PackProblem) => p.file === join(fixtures, c.file) && p.path === c.path && c.message.test(p.message));
    expect(match, `problems were:\n${result.problems.map(formatProblem).join('\n')}`).toBeDefined();
    expect(match?.line).toBe(c.line);
    const line = formatProblem(match as PackProblem);
    expect(line.startsWith(c.line > 0 ? `${join(fixtures, c.file)}:${c.line}:` : `${join(fixtures, c.file)}: `)).toBe(true);
    // And no stack trace or internal error leaks into any message
    for (const problem of result.problems) expect(formatProblem(problem)).not.toMatch(/\n\s+at |Error:|undefined/);
  });

  it('does not load the broken task files', async () => {
    // Given every fixture that breaks a task file, When loaded, Then no broken task is in the result
    for (const dir of ['wrong-type', 'unknown-key', 'unknown-check-type', 'check-params', 'negative-points', 'zero-points', 'tabs', 'bad-step', 'unsafe-step', 'runtime-gaps']) {
      const result = await load(dir);
      expect(result.tasks, dir).toEqual([]);
    }
  });

  it('keeps the first of two tasks with the same id and drops the second', async () => {
    const result = await load('duplicate-task-id');
    expect(result.tasks.map((t) => t.file)).toEqual([join(fixtures, 'duplicate-task-id/pack-a/first.yaml')]);
    expect(result.packs.map((p) => p.pack.metadata.id)).toEqual(['dup-a', 'dup-b']);
  });

  it('still loads the tasks of a pack whose symlink was refused', async () => {
    const result = await load('symlink-escape');
    expect(result.tasks.map((t) => t.task.metadata.id)).toEqual(['broken/symlink-escape']);
  });

  it('reports every broken fixture at once, sorted by file', async () => {
    // Given all fixtures passed together, When loaded, Then nothing is thrown and problems come sorted
    const dirs = [...new Set(cases.map((c) => c.dir))].map((d) => join(fixtures, d));
    const result = await loadPacks(dirs, { checkers: TEST_CHECKERS });
    expect(result.problems.length).toBeGreaterThanOrEqual(cases.length);
    const files = result.problems.map((p) => p.file);
    expect(files).toEqual([...files].sort());
  });
});

describe('the README, Writing a pack examples', () => {
  it('load as written', async () => {
    // Given the Pack and Task examples of the pack format (heredoc filled in)
    const result = await loadPacks([join(here, 'valid', 'design-example')], { checkers: TEST_CHECKERS });
    // Then they load without a problem
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.packs.map((p) => p.pack.metadata)).toEqual([
      expect.objectContaining({ id: 'acme-cka-week3', version: '1.2.0', exams: ['CKA'], authors: ['Jane Doe <jane@example.com>'] }),
    ]);
    const [loaded] = result.tasks;
    expect(loaded?.packId).toBe('acme-cka-week3');
    expect(loaded?.task.metadata).toMatchObject({ id: 'cka/static-pod-web', domain: 'workloads-scheduling', difficulty: 'core', minutes: 6 });
    expect(loaded?.task.checks.map((c) => [c.id, c.type, c.points])).toEqual([
      ['mirror-pod', 'static-pod', 3],
      ['image', 'jsonpath', 1],
    ]);
    expect(loaded?.task.setup).toHaveLength(3);
    expect(loaded?.task.solution[0]).toMatchObject({ node: 'worker1', script: expect.stringContaining('image: nginx:1.27') });
  });
});

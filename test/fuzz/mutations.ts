import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A deterministic random source (mulberry32), so a failing variant can be rebuilt from its seed. */
export function random(seed: number): { int(n: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}

export type Rng = ReturnType<typeof random>;

/** The seed pack: file name (relative to the pack) to content. */
export type Files = Record<string, string | Uint8Array>;

/** One mutated pack: its files, plus filesystem oddities made after they are written. */
export interface Variant {
  category: string;
  name: string;
  files: Files;
  /** Extra setup in the pack directory (symlinks, FIFOs, directories). */
  arrange?: (dir: string) => Promise<void>;
}

const TASK = 'static-pod-web.yaml';

/** Writes a variant's files into `dir` and runs its arrange step. */
export async function materialize(variant: Variant, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(variant.files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  await variant.arrange?.(dir);
}

const lines = (text: string): string[] => text.split('\n');

function withTask(seed: Files, task: string | Uint8Array): Files {
  return { ...seed, [TASK]: task };
}

function byteFlip(rng: Rng, bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const flips = 1 + rng.int(8);
  for (let i = 0; i < flips; i++) {
    const at = rng.int(out.length);
    out[at] = rng.int(2) === 0 ? (out[at] ?? 0) ^ (1 << rng.int(8)) : rng.int(256);
  }
  return out;
}

const WRONG_VALUES = ['[]', '{}', '123', '-1', 'null', 'true', '"str"', '[1, {a: b}]', '!!binary aGk=', '.inf', '~', '1e309', '0x1F', '"{{cluster}}"', '|\n  block', '&x 1', '*nowhere', "'{{ nodes.worker9 }}'"];

/** `key: value` lines of a text, by index. */
function keyLines(text: string): number[] {
  return lines(text).flatMap((line, i) => (/^\s*(- )?[\w.-]+:\s*\S/.test(line) ? [i] : []));
}

function replaceValue(rng: Rng, text: string): string {
  const all = lines(text);
  const index = rng.pick(keyLines(text));
  const line = all[index] ?? '';
  all[index] = line.replace(/:\s*\S.*$/, `: ${rng.pick(WRONG_VALUES)}`);
  return all.join('\n');
}

function aliasBomb(depth: number, width: number): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let d = 1; d <= depth; d++) text += `a${d}: &a${d} [${Array(width).fill(`*a${d - 1}`).join(', ')}]\n`;
  return text;
}

function mkfifo(path: string): boolean {
  return spawnSync('mkfifo', [path]).status === 0;
}

/** Every variant, derived from the seed pack `seed` (pack.yaml plus one task file) with `rng`. */
export function generateVariants(seed: Files, rng: Rng): Variant[] {
  const task = String(seed[TASK]);
  const packYaml = String(seed['pack.yaml']);
  const variants: Variant[] = [];
  const add = (category: string, name: string, files: Files, arrange?: Variant['arrange']): void => {
    variants.push({ category, name, files, ...(arrange ? { arrange } : {}) });
  };
  const taskBytes = Buffer.from(task);

  for (let i = 0; i < 300; i++) {
    const target = rng.int(5) === 0 ? 'pack.yaml' : TASK;
    add('byteflip', `${target} #${i}`, { ...seed, [target]: byteFlip(rng, Buffer.from(String(seed[target]))) });
  }
  for (let i = 0; i < 200; i++) {
    const at = rng.int(taskBytes.length);
    add('truncate', `at ${at}`, withTask(seed, taskBytes.subarray(0, at)));
  }
  for (let i = 0; i < 120; i++) {
    const all = lines(task);
    const at = rng.int(all.length);
    if (i % 2 === 0) all.splice(at, 1);
    else all.splice(at, 0, all[at] ?? '');
    add(i % 2 === 0 ? 'delete-line' : 'duplicate-line', `line ${at + 1}`, withTask(seed, all.join('\n')));
  }
  for (let i = 0; i < 220; i++) {
    add('wrong-type', `#${i}`, i % 6 === 0 ? { ...seed, 'pack.yaml': replaceValue(rng, packYaml) } : withTask(seed, replaceValue(rng, task)));
  }

  // Templates: `{{` and whitespace with no closing braces backtracked for minutes.
  for (const size of [10, 1_000, 50_000, 300_000, 900_000]) {
    add('template', `{{ + ${size} spaces`, withTask(seed, task.replace(/^hints: .*$/m, `hints: [ "{{${' '.repeat(size)}" ]`)));
  }
  for (const text of ['{{', '}}', '{{}}', '{{ }}', '{{{cluster}}}', '{{.metadata.name}}', '{{ nodes. }}', '{{nodes.worker1', `{{${'\t\n '.repeat(1000)}`, '{{'.repeat(5_000)]) {
    add('template', JSON.stringify(text.slice(0, 20)), withTask(seed, task.replace('Create a static pod', `Create ${text.replace(/\n/g, ' ')} a static pod`)));
  }

  // Huge values and many entries (the file limit is 1 MiB).
  const big = (name: string, text: string): void => add('huge', name, withTask(seed, text));
  big('900 KB statement', task.replace(/^statement: \|.*$/m, `statement: |\n  ${'x'.repeat(900_000)}`));
  big('100,000 tags', task.replace('tags: [static-pods, kubelet]', `tags: [${Array(100_000).fill('t').join(',')}]`));
  big('70,000 unknown keys', task + Array.from({ length: 70_000 }, (_, i) => `k${i}: 1`).join('\n'));
  big('50,000 unknown check params', task.replace('    image: nginx:1.27\n  - id: image', `    image: nginx:1.27\n${Array.from({ length: 50_000 }, (_, i) => `    p${i}: 1`).join('\n')}\n  - id: image`));
  big('5,000 checks', task.replace('checks:', `checks:\n${Array.from({ length: 5_000 }, (_, i) => `  - { id: c${i % 4_000}, type: jsonpath, points: 1, ref: pod/x, path: '{.a}' }`).join('\n')}`));
  big('20,000 setup steps', task.replace(/^setup: .*$/m, `setup:\n${'  - apply: "kind: Namespace"\n'.repeat(20_000)}`));
  big('40,000 placeholders', task.replace(/^statement: \|.*$/m, `statement: |\n${Array.from({ length: 40_000 }, (_, i) => `  {{v${i}}}`).join('\n')}`));
  big('one 900 KB key', `${'k'.repeat(900_000)}: 1\n${task}`);
  big('2 MB file', task + `# ${'x'.repeat(2_000_000)}\n`);
  big('huge number', task.replace('minutes: 6', `minutes: ${'9'.repeat(5_000)}`));

  // Deep nesting: the parser recurses per level.
  for (const depth of [50, 199, 201, 1_000, 10_000, 100_000, 400_000]) {
    add('deep', `flow ${depth}`, withTask(seed, task.replace('needs: [node-shell]', `needs: ${'['.repeat(depth)}${']'.repeat(depth)}`)));
    add('deep', `flow map ${depth}`, withTask(seed, `${task}x: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`));
    if (depth <= 10_000) {
      add('deep', `block ${depth}`, withTask(seed, `${task}x:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n`));
      add('deep', `sequence ${depth}`, withTask(seed, `${task}x:\n${'  '}${'- '.repeat(depth)}1\n`));
    }
  }
  add('deep', 'deep setup value', withTask(seed, task.replace('  - apply: |', `  - apply: ${'['.repeat(150)}${']'.repeat(150)}\n  - apply: |`)));
  add('deep', 'deep check param', withTask(seed, task.replace('    equals: nginx:1.27', `    equals: ${'{a: '.repeat(150)}1${'}'.repeat(150)}`)));
  add('deep', 'deep jsonpath', withTask(seed, task.replace("'{.spec.containers[0].image}'", `'${'{'.repeat(5_000)}'`)));

  // Aliases.
  for (const [depth, width] of [[3, 10], [6, 10], [9, 10], [20, 2], [30, 2]] as const) add('aliases', `bomb ${depth}x${width}`, withTask(seed, aliasBomb(depth, width) + task));
  const aliasCases: Record<string, string> = {
    'self reference': `x: &a [*a]\n${task}`,
    'undefined alias': task.replace('minutes: 6', 'minutes: *nope'),
    'alias as key': `x: &k metadata\n*k : 1\n${task}`,
    'alias to a map as key': `x: &m {a: 1}\n? *m\n: 1\n${task}`,
    'merge key': task.replace('environment:', 'base: &b { workers: 2 }\nenvironment:\n  <<: *b'),
    'anchor on every line': task.replace(/^(\s*[\w-]+:) (\S.*)$/gm, (_m, key: string, value: string) => `${key} &a${rng.int(1e6)} ${value}`),
    'alias to a check': task.replace('checks:', 'checks:\n  - *c').replace('  - id: mirror-pod', '  - &c\n    id: mirror-pod'),
    'many aliases': `x: &a 1\ny: [${Array(50_000).fill('*a').join(',')}]\n${task}`,
  };
  for (const [name, text] of Object.entries(aliasCases)) add('aliases', name, withTask(seed, text));

  // Encodings.
  const encodings: Record<string, Uint8Array> = {
    'UTF-8 BOM': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), taskBytes]),
    'UTF-16 LE BOM': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(task, 'utf16le')]),
    'UTF-16 BE BOM': Buffer.from(`\uFEFF${task}`, 'utf16le').swap16(),
    'UTF-16 LE no BOM': Buffer.from(task, 'utf16le'),
    'UTF-32 LE BOM': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(task, 'utf16le')]),
    'Latin-1': Buffer.from(task.replace('Run a static pod', 'Run a café pod'), 'latin1'),
    'lone continuation byte': Buffer.concat([taskBytes.subarray(0, 200), Buffer.from([0x80]), taskBytes.subarray(200)]),
    'overlong encoding': Buffer.concat([taskBytes.subarray(0, 300), Buffer.from([0xc0, 0xaf]), taskBytes.subarray(300)]),
    'surrogate in UTF-8': Buffer.concat([taskBytes.subarray(0, 300), Buffer.from([0xed, 0xa0, 0x80]), taskBytes.subarray(300)]),
    'CRLF': Buffer.from(task.replace(/\n/g, '\r\n')),
    'CR only': Buffer.from(task.replace(/\n/g, '\r')),
    'mixed CR': Buffer.from(task.replace('kind: Task\n', 'kind: Task\r')),
    'ANSI escapes': Buffer.from(task.replace('Run a static pod', 'Run \u001b[31ma\u001b]0;PWNED\u0007 pod')),
    'zero-width and RTL': Buffer.from(task.replace('cka/static-pod-web', 'cka/static\u200b-pod\u202eweb')),
    'NEL and LS': Buffer.from(task.replace('kind: Task\n', 'kind: Task\u0085\u2028')),
    'emoji keys': Buffer.from(`${task}🙂: 1\n`),
  };
  for (const [name, bytes] of Object.entries(encodings)) add('encoding', name, withTask(seed, bytes));
  for (let i = 0; i < 25; i++) {
    const at = rng.int(taskBytes.length);
    add('encoding', `NUL at ${at}`, withTask(seed, Buffer.concat([taskBytes.subarray(0, at), Buffer.from([0]), taskBytes.subarray(at)])));
  }
  for (let i = 0; i < 25; i++) {
    const at = rng.int(taskBytes.length);
    add('encoding', `invalid byte at ${at}`, withTask(seed, Buffer.concat([taskBytes.subarray(0, at), Buffer.from([0xf8 + rng.int(8)]), taskBytes.subarray(at)])));
  }

  // Odd YAML.
  const odd: Record<string, string> = {
    'custom tag': task.replace('minutes: 6', 'minutes: !foo 6'),
    'python tag': task.replace('minutes: 6', 'minutes: !!python/object:os.system ls'),
    'YAML 9.9': `%YAML 9.9\n---\n${task}`,
    'YAML 1.1': `%YAML 1.1\n---\n${task}`,
    'TAG directive': `%TAG ! tag:example.com,2000:\n---\n${task}`,
    'unknown directive': `%FOO bar\n---\n${task}`,
    '__proto__ key': `${task}__proto__: { polluted: true }\n`,
    'constructor in metadata': task.replace('metadata:', 'metadata:\n  constructor: x'),
    'complex key': `${task}? [a, b]\n: 1\n`,
    'two documents': `${task}---\n${task}`,
    'document end marker': `${task}...\n`,
    'only ---': '---\n',
    'empty': '',
    'only comments': '# a\n# b\n',
    'scalar document': 'just text\n',
    'sequence document': '- a\n- b\n',
    'null document': '~\n',
    '.inf and .nan': task.replace('minutes: 6', 'minutes: .inf').replace('workers: 2', 'workers: .nan'),
    'negative zero': task.replace('minutes: 6', 'minutes: -0'),
    'traversal ids': task.replace('cka/static-pod-web', '../../../etc/passwd'),
    'tab indentation': task.replace('  title:', '\ttitle:'),
    'duplicate key': task.replace('  title: Run', '  title: x\n  title: Run'),
    'key with newline': `${task}"a\\nb: c": 1\n`,
    'check type with newline': task.replace('type: static-pod', 'type: "static\\nx.yaml:1:1: fake"'),
    'very long line': task.replace('Run a static pod on a worker', 'x'.repeat(200_000)),
    'null key': `${task}: 1\n`,
    'timestamp value': task.replace('minutes: 6', 'minutes: 2001-12-14t21:59:43.10-05:00'),
    'binary tag': task.replace('minutes: 6', 'minutes: !!binary aGVsbG8='),
    'set tag': task.replace('tags: [static-pods, kubelet]', 'tags: !!set { a, b }'),
    'omap tag': task.replace('tags: [static-pods, kubelet]', 'tags: !!omap [ a: 1 ]'),
  };
  for (const [name, text] of Object.entries(odd)) add('odd-yaml', name, withTask(seed, text));
  for (const [name, text] of Object.entries({ 'pack.yaml empty': '', 'pack.yaml list': '- a\n', 'pack.yaml tag': packYaml.replace('exams: [CKA]', 'exams: !foo [CKA]') })) {
    add('odd-yaml', name, { ...seed, 'pack.yaml': text });
  }

  // Filesystem oddities.
  const fs = (name: string, arrange: (dir: string) => Promise<void>, files: Files = seed): void => add('filesystem', name, files, arrange);
  fs('directory named task.yaml', async (dir) => {
    await mkdir(join(dir, 'dir-task.yaml'));
    await writeFile(join(dir, 'dir-task.yaml', 'inner.yaml'), task.replace('cka/static-pod-web', 'cka/inner'));
  });
  fs('empty directory named x.yml', (dir) => mkdir(join(dir, 'x.yml')));
  fs('pack.yaml is a directory', async (dir) => {
    await mkdir(join(dir, 'pack.yaml'));
  }, { [TASK]: task });
  fs('no pack.yaml', async () => {}, { [TASK]: task });
  fs('FIFO task', async (dir) => {
    mkfifo(join(dir, 'pipe.yaml'));
  });
  fs('FIFO pack.yaml', async (dir) => {
    mkfifo(join(dir, 'pack.yaml'));
  }, { [TASK]: task });
  fs('symlink to FIFO', async (dir) => {
    if (mkfifo(join(dir, 'pipe'))) await symlink('pipe', join(dir, 'link.yaml'));
  });
  fs('symlink loop', async (dir) => {
    await symlink('b.yaml', join(dir, 'a.yaml'));
    await symlink('a.yaml', join(dir, 'b.yaml'));
  });
  fs('self symlink', (dir) => symlink('self.yaml', join(dir, 'self.yaml')));
  fs('directory symlink loop', (dir) => symlink('.', join(dir, 'again')));
  fs('symlink to /etc/passwd', (dir) => symlink('/etc/passwd', join(dir, 'passwd.yaml')));
  fs('symlink to /', (dir) => symlink('/', join(dir, 'root')));
  fs('broken symlink', (dir) => symlink('nowhere.yaml', join(dir, 'broken.yaml')));
  fs('pack.yaml symlinked out', async (dir) => {
    await writeFile(join(dir, '..', `${dir.split('/').pop() ?? 'x'}-secret.yaml`), 'aws_secret_access_key: x\n');
    await symlink(join(dir, '..', `${dir.split('/').pop() ?? 'x'}-secret.yaml`), join(dir, 'pack.yaml'));
  }, { [TASK]: task });
  fs('uppercase extension', async () => {}, { ...seed, 'TASK.YAML': task, 'other.Yml': task });
  fs('non-UTF-8 file name', (dir) => writeFile(Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.yaml')]), task));
  fs('newline in file name', (dir) => writeFile(join(dir, 'a\nb.yaml'), task.replace('cka/static-pod-web', 'cka/newline')));
  fs('200 nested directories', async (dir) => {
    let path = dir;
    for (let i = 0; i < 200; i++) path = join(path, 'd');
    await mkdir(path, { recursive: true });
    await writeFile(join(path, 'deep.yaml'), task.replace('cka/static-pod-web', 'cka/deep'));
  });
  fs('hidden and node_modules', async (dir) => {
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, '.git', 'x.yaml'), 'not: [valid');
    await mkdir(join(dir, 'node_modules'));
    await writeFile(join(dir, 'node_modules', 'x.yaml'), 'not: [valid');
  });
  fs('duplicate task in copy', async () => {}, { ...seed, 'copy.yaml': task });
  fs('yml and yaml', async () => {}, { ...seed, 'other.yml': task.replace('cka/static-pod-web', 'cka/other') });
  fs('empty task file beside', async () => {}, { ...seed, 'empty.yaml': '' });

  return variants;
}

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseYamlBytes, parseYamlText, readYamlFile, type YamlDocument } from './yaml-source.js';

function parsed(text: string): YamlDocument {
  const result = parseYamlText('t.yaml', text);
  if (!result.ok) throw new Error(`expected to parse: ${JSON.stringify(result.problems)}`);
  return result.doc;
}

function problems(text: string) {
  const result = parseYamlText('t.yaml', text);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

const TEXT = `metadata:
  id: x
checks:
  - id: a
    equals: one
  - { id: b, equals: two }
statement: |
  line one
  go to {{nodes.worker9}} now
`;

describe('locate', () => {
  it('maps a document path to the key of a map entry and to sequence items', () => {
    // Given a document, When a nested path is located, Then the position is the key's line and column
    const doc = parsed(TEXT);
    expect(doc.locate(['metadata', 'id'])).toEqual({ line: 2, col: 3 });
    expect(doc.locate(['checks', 0, 'equals'])).toEqual({ line: 5, col: 5 });
    expect(doc.locate(['checks', 1])).toEqual({ line: 6, col: 5 });
    expect(doc.locate(['checks', 1, 'equals'])).toEqual({ line: 6, col: 14 });
  });

  it('falls back to the nearest existing parent for a missing key or index', () => {
    const doc = parsed(TEXT);
    expect(doc.locate(['checks', 0, 'points'])).toEqual({ line: 4, col: 5 });
    expect(doc.locate(['checks', 7, 'id'])).toEqual({ line: 3, col: 1 });
    expect(doc.locate(['nothing'])).toEqual({ line: 1, col: 1 });
  });

  it('finds text inside a block scalar', () => {
    const doc = parsed(TEXT);
    expect(doc.locateText(['statement'], '{{nodes.worker9}}')).toEqual({ line: 9, col: 9 });
    // Not found: the scalar's key
    expect(doc.locateText(['statement'], '{{absent}}')).toEqual({ line: 7, col: 1 });
  });

  it('resolves aliases on the way', () => {
    const doc = parsed('base: &b\n  image: nginx\nuse: *b\n');
    expect(doc.value).toEqual({ base: { image: 'nginx' }, use: { image: 'nginx' } });
    expect(doc.locate(['use', 'image'])).toEqual({ line: 2, col: 3 });
  });
});

describe('bad input', () => {
  it('reports only the first syntax error, with its position', () => {
    const [first, ...rest] = problems('a: [1, 2\nb: 3\n');
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ line: 2, col: 1, message: expect.stringMatching(/^YAML syntax: /) });
  });

  it('says tabs are not indentation', () => {
    expect(problems('a:\n\tb: 1\n')[0]).toMatchObject({ line: 2, message: expect.stringContaining('tab is used for indentation') });
  });

  it('accepts tabs inside a block scalar', () => {
    expect(parsed('script: |\n  if x; then\n  \techo y\n  fi\n').value).toEqual({ script: 'if x; then\n\techo y\nfi\n' });
  });

  it('names duplicate keys', () => {
    expect(problems('a: 1\na: 2\n')[0]).toMatchObject({ line: 2, message: expect.stringContaining('duplicate key') });
  });

  it('refuses empty and comment-only files', () => {
    expect(problems('')[0]?.message).toMatch(/^empty file/);
    expect(problems('# nothing here\n\n')[0]?.message).toMatch(/^empty file/);
    expect(problems('---\n')[0]?.message).toMatch(/^empty file/);
  });

  it('refuses a second document at the line of its separator', () => {
    expect(problems('a: 1\n---\nb: 2\n')[0]).toMatchObject({ line: 2, message: expect.stringContaining('found 2') });
  });

  it('stops an alias bomb instead of expanding it', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    let prev = 'a';
    for (const name of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) {
      text += `${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
      prev = name;
    }
    const started = Date.now();
    const [problem] = problems(text);
    expect(problem).toMatchObject({ line: 2, message: expect.stringMatching(/^YAML aliases: /) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses binary data and text that is not UTF-8', () => {
    const nul = parseYamlBytes('b.yaml', Uint8Array.from([0x61, 0x3a, 0x00]));
    expect(nul.ok ? [] : nul.problems[0]?.message).toMatch(/^binary file/);
    const latin1 = parseYamlBytes('l.yaml', Uint8Array.from([0x61, 0x3a, 0x20, 0xe9]));
    expect(latin1.ok ? [] : latin1.problems[0]?.message).toMatch(/not UTF-8/);
  });
});

describe('readYamlFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-yaml-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file over the size limit without reading it', async () => {
    const file = join(dir, 'big.yaml');
    await writeFile(file, `a: "${'x'.repeat(2000)}"\n`);
    const result = await readYamlFile(file, { maxBytes: 1000, maxAliasCount: 100 });
    expect(result.ok ? undefined : result.problems[0]).toMatchObject({ file, line: 1, message: expect.stringMatching(/limit is 1000 bytes/) });
  });

  it('reports a missing file as a problem, not an exception', async () => {
    const result = await readYamlFile(join(dir, 'nope.yaml'));
    expect(result.ok ? undefined : result.problems[0]?.message).toMatch(/cannot read: ENOENT/);
  });

  it('reads a UTF-8 file with a byte order mark', async () => {
    const file = join(dir, 'bom.yaml');
    await writeFile(file, '\uFEFFtitle: café\n');
    const result = await readYamlFile(file);
    expect(result.ok && result.doc.value).toEqual({ title: 'café' });
  });
});

describe('YAML that parses but does not mean what it says', () => {
  it('given a key that is a list, when parsed, then it is a problem and nothing is printed to stderr', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      expect(problems('? [a, b]\n: 1\nc: 2\n')[0]).toMatchObject({ line: 1, col: 3, message: expect.stringMatching(/key must be a plain word or string/) });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('given a custom tag or an unknown YAML version, when parsed, then each is a problem at its line', () => {
    expect(problems('a: 1\nb: !foo x\n')[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^YAML: Unresolved tag: !foo/) });
    expect(problems('%YAML 9.9\n---\na: 1\n')[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^YAML: .*9\.9/) });
  });

  it('given a duplicate key, when parsed, then the problem names the key and the line of the first', () => {
    expect(problems('a: 1\nb:\n  c: 1\n  c: 2\n')[0]).toMatchObject({ line: 4, col: 3, message: 'YAML syntax: duplicate key "c": each key may appear once in a mapping (first at line 3)' });
  });

  it('given 70,000 keys with a duplicate at the end, when parsed, then it completes and names the duplicate', () => {
    // The parser's own duplicate check compared every key with every earlier one: minutes here.
    let text = '';
    for (let i = 0; i < 70_000; i++) text += `k${i}: 1\n`;
    text += 'k5: 2\n';
    expect(problems(text)[0]).toMatchObject({ line: 70_001, message: expect.stringContaining('duplicate key "k5"') });
  }, 60_000);

  it('given a document with 70,000 keys, when every key is located, then the lookups complete', () => {
    let text = '';
    for (let i = 0; i < 70_000; i++) text += `k${i}: 1\n`;
    const doc = parsed(text);
    for (let i = 0; i < 70_000; i += 1) doc.locate([`k${i}`]);
    expect(doc.locate(['k69999'])).toEqual({ line: 70_000, col: 1 });
  }, 60_000);
});

describe('readYamlFile on things that are not files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-yaml-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given a named pipe with no writer, when read, then it is refused without blocking', async () => {
    const fifo = join(dir, 'task.yaml');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here (Windows)
    const result = await readYamlFile(fifo);
    expect(result.ok ? undefined : result.problems[0]?.message).toBe('not a regular file: a named pipe (FIFO)');
  });

  it('given a directory, when read, then it is refused as a directory', async () => {
    const result = await readYamlFile(dir);
    expect(result.ok ? undefined : result.problems[0]?.message).toBe('not a regular file: a directory');
  });
});

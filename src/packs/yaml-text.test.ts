import { describe, expect, it } from 'vitest';
import { parseYamlBytes, parseYamlText } from './yaml-source.js';

const message = (result: ReturnType<typeof parseYamlText>) => (result.ok ? undefined : result.problems[0]);

describe('text the YAML parser would misread or choke on', () => {
  it('given UTF-16 text with and without a byte order mark, when parsed, then it is named as UTF-16, not as binary', () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Task\n', 'utf16le')]);
    expect(message(parseYamlBytes('t.yaml', utf16le))).toMatchObject({ line: 1, message: expect.stringMatching(/^UTF-16 \(little-endian\) text; YAML files must be UTF-8/) });
    const utf16be = Buffer.from('\uFEFFkind: Task\n', 'utf16le').swap16();
    expect(message(parseYamlBytes('t.yaml', utf16be))?.message).toMatch(/^UTF-16 \(big-endian\) text/);
    expect(message(parseYamlBytes('t.yaml', Buffer.from('kind: Task\n', 'utf16le')))?.message).toMatch(/^UTF-16 text \(no byte order mark\)/);
  });

  it('given a byte that is not UTF-8 on line 3, when parsed, then the problem points at line 3', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: 2\nc: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(message(parseYamlBytes('t.yaml', bytes))).toMatchObject({ line: 3, col: 7, message: expect.stringMatching(/^not UTF-8 text .*offset 16/) });
  });

  it('given a file with old Mac (CR-only) line ends, when parsed, then it says so instead of "empty file"', () => {
    expect(message(parseYamlText('t.yaml', '# comment\rkind: Task\rmetadata: {}\r'))).toMatchObject({ line: 1, col: 10, message: expect.stringMatching(/bare carriage return/) });
    expect(parseYamlText('t.yaml', 'a: 1\r\nb: 2\r\n').ok).toBe(true);
  });

  it('given flow nesting 500,000 deep, when parsed, then it is refused at the bound at once', () => {
    const text = `a: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`;
    expect(message(parseYamlText('t.yaml', text))).toMatchObject({ line: 1, col: 204, message: expect.stringMatching(/^nested more than 200 levels deep/) });
  }, 30_000);

  it('given block nesting 2,000 deep, when parsed, then it is refused by its indentation', () => {
    const text = Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    expect(message(parseYamlText('t.yaml', text))).toMatchObject({ line: 402, message: expect.stringMatching(/^indented more than 400 columns/) });
    const dashes = `${'- '.repeat(1_000)}x\n`;
    expect(message(parseYamlText('t.yaml', dashes))?.message).toMatch(/^indented more than 400 columns/);
  }, 30_000);

  it('given long blank lines and a ruler in a block scalar, when parsed, then they are not taken for nesting', () => {
    const text = `statement: |\n  one\n${' '.repeat(1_000)}\n  ${'-'.repeat(1_000)}\n  two\n`;
    expect(parseYamlText('t.yaml', text).ok).toBe(true);
  });
});

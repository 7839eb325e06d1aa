import { describe, expect, it } from 'vitest';
import { JsonPathError } from './errors.js';
import { parseJsonPath } from './parser.js';

function parseError(template: string): JsonPathError {
  try {
    parseJsonPath(template);
  } catch (err) {
    if (err instanceof JsonPathError) return err;
    throw err;
  }
  throw new Error(`expected ${template} to be rejected`);
}

describe('parseJsonPath errors carry kubectl wording and a position', () => {
  it.each([
    ['{.metadata.name', 'unclosed action', 0],
    ['text {.a', 'unclosed action', 5],
    ['{.a}{', 'unclosed action', 4],
    ['{.items[0', 'unterminated array', 7],
    ['{.items[a]}', 'invalid array index a', 7],
    ['{.items[-]}', 'array index - is not a number', 7],
    ['{.items[?(@.a=="x"}', 'unterminated filter', 7],
    ['{.items[?(@.a=="x")}', 'unclosed array expect ]', 19],
    ['{.a[?(@.b=~"x")]}', "unrecognized character in action: U+007E '~'", 10],
    ['{"abc}', 'unterminated quoted string', 1],
    ["{'\\q'}", "unquote string '\\q' error invalid syntax", 1],
    ['{..*}', "unrecognized character in action: U+002A '*'", 3],
    ['{.a....b}', 'invalid multiple recursive descent', 5],
    ['{1.2.3}', 'cannot parse number 1.2.3', 1],
    ['{\t}', 'unrecognized character in action: U+0009', 1],
  ])('%j', (template, message, position) => {
    const err = parseError(template);
    expect(err.message).toBe(message);
    expect(err.position).toBe(position);
    expect(err.phase).toBe('parse');
  });

  it('maps positions inside union branches back to the template (the branch start)', () => {
    const err = parseError("{.metadata['name', x]}");
    expect(err.message).toBe('invalid array index x');
    expect(err.position).toBe(18);
  });

  it('maps positions inside filter operands back to the template', () => {
    const err = parseError('{.a[?(@.b==#)]}');
    expect(err.message).toBe("unrecognized character in action: U+0023 '#'");
    expect(err.position).toBe(11);
  });
});

describe('parseJsonPath tree', () => {
  it('keeps text around actions and skips $ and @', () => {
    const root = parseJsonPath('a {$.b} c');
    expect(root.nodes.map((n) => n.type)).toEqual(['text', 'list', 'text']);
    const action = root.nodes[1];
    expect(action?.type === 'list' && action.nodes).toEqual([{ type: 'field', pos: 4, name: 'b' }]);
  });

  it("re-parses ['a.b'] as the path a then b, as client-go does", () => {
    const action = parseJsonPath("{['a.b']}").nodes[0];
    expect(action?.type === 'list' && action.nodes.map((n) => (n.type === 'field' ? n.name : n.type))).toEqual(['a', 'b']);
  });

  it('drops backslashes from field names so \\. keeps a dot in the key', () => {
    const action = parseJsonPath('{.kubernetes\\.io/os}').nodes[0];
    expect(action?.type === 'list' && action.nodes[0]).toMatchObject({ type: 'field', name: 'kubernetes.io/os' });
  });

  it('marks the end bound of a plain index as derived, for negative indexes', () => {
    const action = parseJsonPath('{[-1]}').nodes[0];
    expect(action?.type === 'list' && action.nodes[0]).toMatchObject({
      type: 'array',
      params: [
        { value: -1, known: true },
        { value: 0, known: true, derived: true },
        { known: false },
      ],
    });
  });

  it('splits a filter into operands and operator with the regexp client-go uses', () => {
    const action = parseJsonPath('{[?(@.a >= 2)]}').nodes[0];
    const filter = action?.type === 'list' ? action.nodes[0] : undefined;
    expect(filter).toMatchObject({ type: 'filter', operator: '>=' });
    expect(filter?.type === 'filter' && filter.right.nodes).toEqual([{ type: 'int', pos: 11, value: 2 }]);
  });

  it('treats a filter without an operator as an existence test', () => {
    const action = parseJsonPath('{[?(@.ports)]}').nodes[0];
    expect(action?.type === 'list' && action.nodes[0]).toMatchObject({ type: 'filter', operator: 'exists' });
  });

  it('reads range/end as identifiers and true/false as booleans', () => {
    const root = parseJsonPath('{range .x[*]}{true}{end}');
    const types = root.nodes.map((n) => (n.type === 'list' ? n.nodes[0]?.type : n.type));
    expect(types).toEqual(['identifier', 'bool', 'identifier']);
  });

  it('unquotes Go escapes, including raw bytes decoded as UTF-8', () => {
    const action = parseJsonPath('{"\\xc3\\xa9\\t\\u00e9\\101"}').nodes[0];
    expect(action?.type === 'list' && action.nodes[0]).toMatchObject({ type: 'text', text: 'é\té' + 'A' });
  });

  it('never closes a quote preceded by a backslash, even an escaped one (client-go quirk)', () => {
    expect(parseError('{"a\\\\"}').message).toBe('unterminated quoted string');
  });
});

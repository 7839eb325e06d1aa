import { describe, expect, it } from 'vitest';
import { descendants, parseXml } from '../../test/support/xml.js';
import { junitXml, xmlAttribute, xmlText } from './junit.js';

// Everything a pack author or learner could put in a name or message that might break XML.
const HOSTILE = 'a & b <c> "d" \'e\' ]]> \u001b[31mred\u0007 tab\there\nnew line\r\ncrlf \ud800 lone \u{1F600} ok';

describe('the tiny XML reader the tests rely on', () => {
  it.each([
    ['mismatched tags', '<a><b></a></b>'],
    ['a raw < in text', '<a>1 < 2</a>'],
    ['a bare &', '<a>salt & pepper</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a raw < in an attribute', '<a x="<"/>'],
    ['a forbidden control character', '<a>\u0001</a>'],
    ['a reference to a forbidden character', '<a>&#1;</a>'],
    ['an unclosed element', '<a><b/>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>junk'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['an unquoted attribute', '<a x=1/>'],
  ])('Given %s, When parsed, Then it is refused', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });

  it('Given well-formed XML, When parsed, Then entities, references and nesting come back', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; 2&#10;3"><b>&lt;&#x41;&gt;</b><b/></a>');
    expect(root.attributes.x).toBe('1 & 2\n3');
    expect(descendants(root, 'b').map((b) => b.text)).toEqual(['<A>', '']);
  });
});

describe('JUnit XML', () => {
  it('Given hostile text, When escaped for text and attributes, Then it parses back to the same text with forbidden characters spelled out', () => {
    const spelledOut = HOSTILE.replace('\u001b', '\\x1b').replace('\u0007', '\\x07').replace('\ud800', '\\ud800');
    expect(parseXml(`<a>${xmlText(HOSTILE)}</a>`).text).toBe(spelledOut);
    // Tabs and newlines in attributes survive as references (a parser would turn raw ones into spaces).
    expect(parseXml(`<a v="${xmlAttribute(HOSTILE)}"/>`).attributes.v).toBe(spelledOut);
  });

  it('Given suites with passing, failing and skipped cases named with hostile text, When written, Then the report is well-formed JUnit with the right counts', () => {
    const xml = junitXml('run <1>', [
      {
        name: `task ${HOSTILE}`,
        cases: [
          { classname: 'c', name: 'setup', time: 0.25 },
          { classname: 'c', name: `alternative: ${HOSTILE}`, failure: { message: HOSTILE, body: `details ${HOSTILE}` } },
          { classname: 'c', name: 'near miss', skipped: 'needs a live cluster' },
        ],
      },
      { name: 'empty', cases: [] },
    ]);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ name: 'run <1>', tests: '3', failures: '1', skipped: '1', errors: '0' });
    const [suite, empty] = root.children;
    expect(suite?.attributes).toMatchObject({ tests: '3', failures: '1', skipped: '1', time: '0.250' });
    expect(empty?.attributes).toMatchObject({ tests: '0', failures: '0' });
    const cases = descendants(root, 'testcase');
    expect(cases.map((c) => c.attributes.name?.slice(0, 13))).toEqual(['setup', 'alternative: ', 'near miss']);
    expect(cases[0]?.children).toEqual([]);
    expect(cases[1]?.children[0]?.name).toBe('failure');
    expect(cases[1]?.children[0]?.attributes.message).toContain('a & b <c> "d"');
    expect(cases[1]?.children[0]?.text).toContain('details a & b <c>');
    expect(cases[2]?.children[0]).toMatchObject({ name: 'skipped', attributes: { message: 'needs a live cluster' } });
  });
});

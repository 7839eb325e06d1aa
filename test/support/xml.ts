// A strict, small XML 1.0 reader for tests of the JUnit reports (no XML dependency in the
// project). It accepts only well-formed documents of the subset a report uses — a declaration,
// elements, attributes in double or single quotes, text, the five predefined entities and
// numeric character references — and throws on anything else: an unescaped `<` or `&`, an
// unknown entity, a forbidden character, mismatched or unclosed tags, a duplicate attribute,
// text outside the root. Comments, CDATA, doctypes and processing instructions are refused,
// since the writer never emits them.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are the point here
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw "<" in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare "&" in ${where}`);
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ref);
    if (numeric?.[1]) {
      const code = numeric[1].startsWith('x') ? parseInt(numeric[1].slice(1), 16) : parseInt(numeric[1], 10);
      const char = String.fromCodePoint(code);
      if (FORBIDDEN.test(char)) throw new Error(`character reference to a forbidden character in ${where}: ${match}`);
      return char;
    }
    const named = PREDEFINED[ref];
    if (named === undefined) throw new Error(`unknown entity ${match} in ${where}`);
    return named;
  });
}

/** Parses `xml`; throws with the offset of the first thing that makes it not well-formed. */
export function parseXml(xml: string): XmlElement {
  const forbidden = FORBIDDEN.exec(xml);
  if (forbidden) throw new Error(`forbidden character at offset ${forbidden.index}`);
  let at = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${at}`);
  };
  const skipSpace = () => {
    while (at < xml.length && /\s/.test(xml[at] ?? '')) at++;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    if (!/^<\?xml version="1\.0"( encoding="UTF-8")?\s*\?>$/.test(xml.slice(0, end + 2))) fail('unexpected declaration');
    at = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (true) {
    const next = xml.indexOf('<', at);
    const text = xml.slice(at, next < 0 ? xml.length : next);
    const open = stack[stack.length - 1];
    if (open) open.text += decode(text, `<${open.name}>`);
    else if (text.trim() !== '') fail('text outside the root element');
    if (next < 0) break;
    at = next + 1;
    if (xml[at] === '/') {
      at++;
      const name = NAME.exec(xml.slice(at))?.[0] ?? fail('expected a closing tag name');
      at += name.length;
      skipSpace();
      if (xml[at] !== '>') fail('expected ">"');
      at++;
      const closed = stack.pop();
      if (!closed || closed.name !== name) fail(`</${name}> does not close <${closed?.name ?? '(nothing)'}>`);
      continue;
    }
    if (xml[at] === '!' || xml[at] === '?') fail('comments, CDATA, doctypes and processing instructions are not expected');
    const name = NAME.exec(xml.slice(at))?.[0] ?? fail('expected a tag name');
    at += name.length;
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    while (true) {
      const before = at;
      skipSpace();
      if (xml.startsWith('/>', at) || xml[at] === '>') break;
      if (at === before) fail('expected a space before an attribute');
      const key = NAME.exec(xml.slice(at))?.[0] ?? fail('expected an attribute name');
      at += key.length;
      if (xml[at] !== '=') fail('expected "="');
      at++;
      const quote = xml[at];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      const end = xml.indexOf(quote ?? '"', at + 1);
      if (end < 0) fail('unterminated attribute value');
      if (key in element.attributes) fail(`duplicate attribute ${key}`);
      // Attribute-value normalization: raw whitespace characters become spaces.
      element.attributes[key] = decode(xml.slice(at + 1, end).replace(/[\t\n\r]/g, ' '), `attribute ${key}`);
      at = end + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) fail('a second root element');
    else root = element;
    if (xml.startsWith('/>', at)) at += 2;
    else {
      at += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]?.name ?? ''}> is not closed`);
  return root ?? fail('no root element');
}

/** Every element below `element` (depth first) named `name`. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);
}

// JUnit XML, the report format CI systems and learning platforms read (GitHub Actions test
// reporters, GitLab, Jenkins): a <testsuites> root, one <testsuite> per group, one <testcase>
// per test with a <failure> or <skipped> child. Written by hand — a few elements do not need an
// XML library — so escaping is done here, once: every name, message and body is pack or learner
// text and must never break the document.

export interface JUnitCase {
  /** The test's name (a self-test phase, a task). */
  name: string;
  /** The group it belongs to, as the reporter shows it (a task id, a learner). */
  classname: string;
  /** Seconds it took, when measured. */
  time?: number;
  /** Why it failed: `message` is the one-line summary reporters show, `body` the details. */
  failure?: { message: string; body?: string };
  /** Why it did not run; never counted as passed. */
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  cases: readonly JUnitCase[];
}

/**
 * Characters XML 1.0 does not allow at all, not even as `&#…;` references: C0 controls but tab,
 * newline and carriage return, lone surrogates, U+FFFE and U+FFFF. They are spelled out
 * (`\x1b`) so the text stays readable and the document stays well-formed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const spelled = (char: string): string => {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text content: markup characters as entities, characters XML forbids spelled out. */
export function xmlText(text: string): string {
  // A raw carriage return would be read back as a newline (end-of-line normalization).
  return text.replace(NOT_XML, spelled).replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? '&#13;');
}

/**
 * An attribute value (inside double quotes): as text, and tab, newline and carriage return as
 * character references too, since a parser turns raw ones into spaces (attribute normalization).
 */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/[\t\n]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const attributes = (values: Record<string, string | number | undefined>): string =>
  Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`)
    .join('');

const seconds = (time: number | undefined): string | undefined => (time === undefined ? undefined : (Math.max(0, time)).toFixed(3));

function caseXml(test: JUnitCase): string {
  const head = `    <testcase${attributes({ classname: test.classname, name: test.name, time: seconds(test.time) })}`;
  if (test.failure) {
    const body = test.failure.body ? xmlText(test.failure.body) : '';
    return `${head}>\n      <failure${attributes({ message: test.failure.message, type: 'failure' })}>${body}</failure>\n    </testcase>`;
  }
  if (test.skipped !== undefined) return `${head}>\n      <skipped${attributes({ message: test.skipped })}/>\n    </testcase>`;
  return `${head}/>`;
}

const counts = (cases: readonly JUnitCase[]) => ({
  tests: cases.length,
  failures: cases.filter((c) => c.failure).length,
  errors: 0,
  skipped: cases.filter((c) => !c.failure && c.skipped !== undefined).length,
});

const totalTime = (cases: readonly JUnitCase[]): number | undefined =>
  cases.every((c) => c.time === undefined) ? undefined : cases.reduce((sum, c) => sum + (c.time ?? 0), 0);

/** The whole report: an XML declaration, <testsuites name=…> with the counts, each suite with its cases. */
export function junitXml(name: string, suites: readonly JUnitSuite[]): string {
  const all = suites.flatMap((s) => s.cases);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes({ name, ...counts(all), time: seconds(totalTime(all)) })}>`];
  for (const suite of suites) {
    lines.push(`  <testsuite${attributes({ name: suite.name, ...counts(suite.cases), time: seconds(totalTime(suite.cases)) })}>`);
    for (const test of suite.cases) lines.push(caseXml(test));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { layoutMarkdown, lineText, para, parseInline, verbatim, wrapSpans, type Line } from './rich-text.js';

const texts = (lines: Line[]) => lines.map(lineText);
const widest = (lines: Line[]) => Math.max(0, ...texts(lines).map((l) => stringWidth(l)));
/** Every visible character, in order, without spaces and markup (what must survive layout). */
const letters = (text: string) => text.replace(/[\s*_`•↪]/g, '');

describe('inline markdown', () => {
  it('Given backticks, When parsed, Then code spans get the code tone and an unclosed one stays prose', () => {
    expect(parseInline('run `kubectl get po` now')).toEqual([{ text: 'run ' }, { text: 'kubectl get po', tone: 'code', bold: true }, { text: ' now' }]);
    expect(parseInline('a `b')).toEqual([{ text: 'a `b' }]);
    expect(parseInline('``a `tick` inside``')).toEqual([{ text: 'a `tick` inside', tone: 'code', bold: true }]);
  });

  it('Given **strong**, *em* and _em_, When parsed, Then they become bold and italic spans with no literal delimiters', () => {
    expect(parseInline('denies **all ingress** to *every* pod, _now_.')).toEqual([
      { text: 'denies ' },
      { text: 'all ingress', bold: true },
      { text: ' to ' },
      { text: 'every', italic: true },
      { text: ' pod, ' },
      { text: 'now', italic: true },
      { text: '.' },
    ]);
    // Code inside strong keeps the code tone; markup inside code is code.
    expect(parseInline('**use `kubectl`**')).toEqual([{ text: 'use ', bold: true }, { text: 'kubectl', tone: 'code', bold: true }]);
    expect(parseInline('`**not bold**`')).toEqual([{ text: '**not bold**', tone: 'code', bold: true }]);
    expect(parseInline('keep \\*stars\\* literal')).toEqual([{ text: 'keep *stars* literal' }]);
  });

  it('Given asterisks and underscores that are not emphasis (JSONPath, RBAC, globs, identifiers), When parsed, Then they stay as written', () => {
    for (const text of ['{.spec.containers[*].image} and {.items[*].metadata.name}', 'verbs: ["*"], resources: ["*"]', 'APP_MODE and snake_case_name', 'files *.yaml and *.yml', 'a * b * c', '**unclosed', 'ckad__resource-quota']) {
      expect(parseInline(text).map((s) => s.text).join('')).toBe(text);
      expect(parseInline(text).some((s) => s.bold || s.italic)).toBe(false);
    }
  });

  it('Given links, When parsed, Then the label and the URL both show', () => {
    expect(parseInline('see [Network Policies](https://k8s.io/np) or <https://k8s.io>, not <pod IP>').map((s) => s.text).join('')).toBe('see Network Policies (https://k8s.io/np) or https://k8s.io, not <pod IP>');
  });

  it('Given evidence text, When laid out with inline "none", Then nothing is read as markup', () => {
    expect(texts(para('actual: *secret* `x`', 40, {}, 0, 'none'))).toEqual(['actual: *secret* `x`']);
    expect(texts(para('actual: *secret* `x`', 40, {}, 0, 'code'))).toEqual(['actual: *secret* x']);
  });
});

describe('wrapping by display width', () => {
  it('Given a long paragraph, When wrapped to 20 columns, Then no row is wider and words stay whole', () => {
    const lines = wrapSpans(parseInline('Create the `web-frontend` deployment in namespace production now'), 20);
    expect(widest(lines)).toBeLessThanOrEqual(20);
    expect(texts(lines)).toEqual(['Create the', 'web-frontend', 'deployment in', 'namespace production', 'now']);
    // Styles survive the wrap.
    expect(lines[1]).toEqual([{ text: 'web-frontend', tone: 'code', bold: true }]);
  });

  it('Given wide characters (CJK, emoji), When wrapped, Then rows are measured in terminal columns', () => {
    const text = '部署名は web です。日本語のテキストは二列の幅を取ります 👍🏽 done';
    for (const width of [6, 11, 20, 33]) {
      const lines = wrapSpans(parseInline(text), width);
      expect(widest(lines)).toBeLessThanOrEqual(width);
      expect(letters(texts(lines).join(''))).toBe(letters(text));
    }
  });

  it('Given a word wider than the row (a workspace path), When wrapped, Then it is cut across rows and nothing is lost', () => {
    const path = '/home/learner/.local/share/kubedrill/workspace/answers/ckad__resource-quota';
    const lines = texts(wrapSpans(parseInline(`Answers directory: ${path}`), 30));
    expect(lines).toEqual(['Answers directory:', path.slice(0, 30), path.slice(30, 60), path.slice(60)]);
    // Hanging indent: the cut continues on indented rows.
    const indented = texts(wrapSpans(parseInline(`  Workspace: ${path}`), 30, 2));
    expect(indented.every((l) => l.length <= 30)).toBe(true);
    expect(indented.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(indented.join('').replace(/\s/g, '')).toBe(`Workspace:${path}`);
  });

  it('Given any width down to zero, When text with long words is wrapped, Then it ends and keeps every character', () => {
    const text = 'a supercalifragilistic word and https://kubernetes.io/docs/concepts/services-networking/network-policies/ end';
    for (let width = -2; width <= 40; width++) {
      const lines = texts(wrapSpans(parseInline(text), width, 2));
      expect(lines.every((l) => l.length <= Math.max(1, width))).toBe(true);
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('Given pack text with terminal controls, When wrapped, Then it is measured as the inert text the screen shows', () => {
    const lines = texts(wrapSpans([{ text: 'title \u001b]0;pwned\u0007 end' }], 80));
    expect(lines).toEqual(['title \\x1b]0;pwned\\x07 end']);
  });
});

describe('markdown blocks', () => {
  it('Given a fenced block and a numbered list, When laid out, Then YAML keeps its indentation and bullets hang', () => {
    const text = '1. Create a policy that selects every pod here\n\n```\nspec:\n  podSelector: {}\n```';
    expect(texts(layoutMarkdown(text, 24))).toEqual(['1. Create a policy that', '   selects every pod', '   here', '', '  spec:', '    podSelector: {}']);
    expect(layoutMarkdown(text, 24)[4]?.at(-1)?.tone).toBe('code');
  });

  it('Given a paragraph written over several source lines, When laid out, Then the lines are joined before wrapping (no ragged rows)', () => {
    const text = 'Create a NetworkPolicy named `default-deny` that applies to **every** pod\nin the namespace and denies **all ingress and all egress** traffic (including traffic between\npods of `vault`).';
    const lines = texts(layoutMarkdown(text, 60));
    expect(lines).toEqual([
      'Create a NetworkPolicy named default-deny that applies to',
      'every pod in the namespace and denies all ingress and all',
      'egress traffic (including traffic between pods of vault).',
    ]);
    expect(lines.join(' ')).not.toContain('*');
  });

  it('Given list items with continuation lines, nested items and an unindented line after them, When laid out, Then each item hangs and the list ends there', () => {
    const text = [
      'In namespace `config`:',
      '1. Create pod `app` that',
      '   - gets every key as environment variables (`envFrom`,',
      '     or one `configMapKeyRef` per key),',
      '   - mounts the secret.',
      'Pod `client` can be used to test it.',
    ].join('\n');
    expect(texts(layoutMarkdown(text, 40))).toEqual([
      'In namespace config:',
      '1. Create pod app that',
      '   • gets every key as environment',
      '     variables (envFrom, or one',
      '     configMapKeyRef per key),',
      '   • mounts the secret.',
      'Pod client can be used to test it.',
    ]);
  });

  it('Given a fenced line wider than the row, When laid out, Then it is broken with a marked continuation, not re-wrapped', () => {
    const text = 'Run:\n\n```sh\nkubectl -n prod create rolebinding dev --role=dev --serviceaccount=team:app\n  indented: kept\n```\nDone.';
    const lines = layoutMarkdown(text, 30);
    expect(texts(lines)).toEqual(['Run:', '', '  kubectl -n prod create roleb', '  ↪ inding dev --role=dev --se', '  ↪ rviceaccount=team:app', '    indented: kept', 'Done.']);
    expect(lines[3]?.[1]).toEqual({ text: '↪ ', tone: 'dim' });
  });

  it('Given headings, hard breaks, indented code and extra blank lines, When laid out, Then each keeps its shape', () => {
    const text = '# Task\n\n\n\nFirst line  \nsecond line\n\n    kind: Pod\n    metadata: {}\n\n---\n| a | b |\n| 1 | 2 |';
    expect(texts(layoutMarkdown(text, 40))).toEqual(['Task', '', 'First line', 'second line', '', '  kind: Pod', '  metadata: {}', '', '─'.repeat(40), '| a | b |', '| 1 | 2 |']);
    expect(layoutMarkdown(text, 40)[0]).toEqual([{ text: 'Task', bold: true }]);
  });

  it('Given every built-in statement, When laid out narrow and wide, Then no row is wider and no word is lost', () => {
    // A pack's assets/ holds charts and manifests, not tasks (Helm templates are not even YAML).
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (f === 'assets' ? [] : statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.yaml') ? [join(dir, f)] : []));
    const statements = walk('scenarios')
      .map((file) => (parse(readFileSync(file, 'utf8')) as { statement?: unknown } | null)?.statement)
      .filter((s): s is string => typeof s === 'string');
    expect(statements.length).toBeGreaterThan(10);
    for (const statement of statements) {
      for (const width of [23, 80]) {
        const lines = layoutMarkdown(statement, width);
        expect(widest(lines)).toBeLessThanOrEqual(width);
        expect(letters(texts(lines).join(''))).toBe(letters(statement.replace(/^\s*(?:[-*+]|```\w*)\s/gm, ' ').replace(/```/g, '')));
      }
    }
  });
});

describe('verbatim', () => {
  it('Given a verbatim line wider than the row, When laid out, Then it is broken into marked continuations and nothing is lost', () => {
    const command = '- kubectl: [create, rolebinding, dev, --role=dev, --serviceaccount=team:app, -n, team]';
    const lines = texts(verbatim(command, 30));
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines[0]).toBe(`  ${command.slice(0, 28)}`);
    expect(lines.slice(1).every((l) => l.startsWith('  ↪ '))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l.slice(2) : l.slice(4))).join('')).toBe(command);
    expect(texts(verbatim('short', 30))).toEqual(['  short']);
    expect(letters(texts(verbatim(command, 3)).join(''))).toBe(letters(command));
  });

  it('Given tabs and wide characters, When laid out, Then tabs become spaces to the next stop and rows are measured in columns', () => {
    expect(texts(verbatim('a\tb', 30, undefined, 0))).toEqual(['a       b']);
    const lines = verbatim('名前: 日本語の長い値がここに入ります', 16, 'code');
    expect(widest(lines)).toBeLessThanOrEqual(16);
  });
});

import { describe, expect, it } from 'vitest';
import { layoutMarkdown, lineText, parseInline, verbatim, wrapSpans } from './rich-text.js';

describe('rich text', () => {
  it('Given backticks, When parsed, Then code spans get the code tone and an unclosed one stays prose', () => {
    expect(parseInline('run `kubectl get po` now')).toEqual([{ text: 'run ' }, { text: 'kubectl get po', tone: 'code', bold: true }, { text: ' now' }]);
    expect(parseInline('a `b').map((s) => s.tone)).toEqual([undefined, undefined]);
  });

  it('Given a long paragraph, When wrapped to 20 columns, Then no row is wider and words stay whole', () => {
    const lines = wrapSpans(parseInline('Create the `web-frontend` deployment in namespace production now'), 20);
    expect(lines.every((l) => lineText(l).length <= 20)).toBe(true);
    expect(lines.map(lineText)).toEqual(['Create the', 'web-frontend', 'deployment in', 'namespace production', 'now']);
  });

  it('Given a word wider than the row (a workspace path), When wrapped, Then it is cut across rows and nothing is lost', () => {
    const path = '/home/learner/.local/share/kubedrill/workspace/answers/ckad__resource-quota';
    const lines = wrapSpans(parseInline(`Answers directory: ${path}`), 30).map(lineText);
    expect(lines).toEqual(['Answers directory:', path.slice(0, 30), path.slice(30, 60), path.slice(60)]);
    // Hanging indent: the cut continues on indented rows.
    const indented = wrapSpans(parseInline(`  Workspace: ${path}`), 30, 2).map(lineText);
    expect(indented.every((l) => l.length <= 30)).toBe(true);
    expect(indented.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(indented.join('').replace(/\s/g, '')).toBe(`Workspace:${path}`);
  });

  it('Given any width down to zero, When text with long words is wrapped, Then it ends and keeps every character', () => {
    const text = 'a supercalifragilistic word and https://kubernetes.io/docs/concepts/services-networking/network-policies/ end';
    for (let width = -2; width <= 40; width++) {
      const lines = wrapSpans(parseInline(text), width, 2).map(lineText);
      expect(lines.every((l) => l.length <= Math.max(1, width))).toBe(true);
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('Given a fenced block and a numbered list, When laid out, Then YAML keeps its indentation and bullets hang', () => {
    const text = '1. Create a policy that selects every pod here\n\n```\nspec:\n  podSelector: {}\n```';
    const lines = layoutMarkdown(text, 24).map(lineText);
    expect(lines).toEqual(['1. Create a policy that', '   selects every pod', '   here', '', '  spec:', '    podSelector: {}']);
  });

  it('Given a verbatim line wider than the row, When laid out, Then it is broken into indented continuations and nothing is lost', () => {
    const command = '- kubectl: [create, rolebinding, dev, --role=dev, --serviceaccount=team:app, -n, team]';
    const lines = verbatim(command, 30).map(lineText);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines[0]).toBe(`  ${command.slice(0, 28)}`);
    expect(lines.slice(1).every((l) => l.startsWith('    '))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l.slice(2) : l.slice(4))).join('')).toBe(command);
    expect(verbatim('short', 30).map(lineText)).toEqual(['  short']);
    expect(verbatim(command, 3).map(lineText).join('').replaceAll(' ', '')).toBe(command.replaceAll(' ', ''));
  });
});

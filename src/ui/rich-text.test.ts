import { describe, expect, it } from 'vitest';
import { layoutMarkdown, lineText, parseInline, wrapSpans } from './rich-text.js';

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

  it('Given a fenced block and a numbered list, When laid out, Then YAML keeps its indentation and bullets hang', () => {
    const text = '1. Create a policy that selects every pod here\n\n```\nspec:\n  podSelector: {}\n```';
    const lines = layoutMarkdown(text, 24).map(lineText);
    expect(lines).toEqual(['1. Create a policy that', '   selects every pod', '   here', '', '  spec:', '    podSelector: {}']);
  });
});

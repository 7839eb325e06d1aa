import { describe, expect, it } from 'vitest';
import type { TemplateVars } from './models/index.js';
import { expandTemplates, findTemplateVariables, TemplateError } from './templating.js';

const vars: TemplateVars = {
  cluster: 'kubedrill',
  context: 'kind-kubedrill',
  answers: '/home/me/answers/cka__x',
  nodes: { controlplane: 'kubedrill-control-plane', worker1: 'kubedrill-worker', worker2: 'kubedrill-worker2' },
};

describe('expandTemplates', () => {
  it('given nested strings, arrays and objects, when expanded, then every placeholder is replaced', () => {
    const input = {
      ref: 'pod/web-{{nodes.worker1}}',
      list: ['{{ cluster }}', 3, true, null, { deep: 'ctx={{context}} ans={{  answers }}' }],
      '{{cluster}}': 'keys stay',
    };
    expect(expandTemplates(input, vars)).toEqual({
      ref: 'pod/web-kubedrill-worker',
      list: ['kubedrill', 3, true, null, { deep: 'ctx=kind-kubedrill ans=/home/me/answers/cka__x' }],
      '{{cluster}}': 'keys stay',
    });
  });

  it('given an input, when expanded, then the input is not modified', () => {
    const input = { a: ['{{cluster}}'] };
    expandTemplates(input, vars);
    expect(input.a[0]).toBe('{{cluster}}');
  });

  it('given an unknown variable, when expanded, then it throws naming the variable', () => {
    expect(() => expandTemplates('x {{nodes.worker3}}', vars)).toThrow(TemplateError);
    expect(() => expandTemplates(['{{ clustr }}'], vars)).toThrow(/\{\{clustr\}\}/);
  });

  it('given text with single braces or a JSONPath, when expanded, then it is left alone', () => {
    expect(expandTemplates('{.spec.containers[0].image} {"\\n"}', vars)).toBe('{.spec.containers[0].image} {"\\n"}');
  });
});

describe('findTemplateVariables', () => {
  it('given text with repeated and spaced placeholders, when scanned, then each name is listed once in order', () => {
    expect(findTemplateVariables('{{ nodes.worker1 }} {{cluster}} {{nodes.worker1}} {{bogus}}')).toEqual([
      'nodes.worker1',
      'cluster',
      'bogus',
    ]);
  });
});

describe('placeholder scanning on hostile text', () => {
  // The old single regex, kept here as the reference for what a placeholder is.
  const reference = /\{\{\s*([A-Za-z0-9_.-]*)\s*\}\}/g;
  const referenceNames = (text: string): string[] => [...new Set([...text.matchAll(reference)].map((m) => m[1] ?? ''))];

  it('given 900 KB of whitespace after a lone {{, when scanned and expanded, then both finish at once', () => {
    // The single regex backtracked quadratically here: six minutes for this input, Ctrl-C ignored.
    const text = `{{${' '.repeat(900_000)}x`;
    const start = performance.now();
    expect(findTemplateVariables(text)).toEqual([]);
    expect(expandTemplates(text, vars)).toBe(text);
    expect(findTemplateVariables(`{{${'\n\t '.repeat(300_000)}}}`)).toEqual(['']);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('given many short random strings of braces, spaces and names, when scanned, then the names match the reference regex', () => {
    const alphabet = ['{', '{', '}', '}', ' ', '\n', 'a', '.', '-', '1', '$', '\u00a0'];
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3_000; i++) {
      let text = '';
      const length = next(24);
      for (let j = 0; j < length; j++) text += alphabet[next(alphabet.length)];
      expect(findTemplateVariables(text), JSON.stringify(text)).toEqual(referenceNames(text));
      const known = text.replace(reference, '{{cluster}}');
      expect(expandTemplates(known, vars), JSON.stringify(text)).toBe(known.replace(reference, 'kubedrill'));
    }
  });

  it('given a placeholder inside extra braces, when expanded, then the inner placeholder is replaced as before', () => {
    expect(expandTemplates('{{{cluster}}} {{ {{answers}}', vars)).toBe('{kubedrill} {{ /home/me/answers/cka__x');
  });
});

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

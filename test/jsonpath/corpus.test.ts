// Differential test: every case in corpus.json was printed by the real kubectl
// (see generate-corpus.mjs); our engine must print exactly the same, or fail the same way.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateCustomColumns, evaluateJsonPath, JsonPathError, kubectlList } from '../../src/jsonpath/index.js';

interface CorpusCase {
  name: string;
  type: 'jsonpath' | 'custom-columns';
  input: string;
  template: string;
  noHeaders?: boolean;
  expected?: string;
  unordered?: boolean;
  error?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const corpus = JSON.parse(readFileSync(join(here, 'corpus.json'), 'utf8')) as { cases: CorpusCase[] };

function fixture(name: string): unknown {
  const obj = JSON.parse(readFileSync(join(here, 'fixtures', `${name}.json`), 'utf8')) as { items?: unknown[] };
  // `kubectl get <resource>` hands its printers a v1 List, whatever list kind the server sent.
  return Array.isArray(obj.items) ? kubectlList(obj.items) : obj;
}

function render(c: CorpusCase): string {
  const data = fixture(c.input);
  return c.type === 'jsonpath'
    ? evaluateJsonPath(c.template, data)
    : evaluateCustomColumns(c.template, data, { noHeaders: c.noHeaders ?? false });
}

// Go randomises map iteration, so `*` and `..` over maps come out in any order: compare tokens.
const words = (s: string): string[] => s.split(/[\s,]+/).filter(Boolean).sort();

describe('kubectl differential corpus', () => {
  it('is big enough to mean something', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(150);
    expect(corpus.cases.filter((c) => c.error !== undefined).length).toBeGreaterThanOrEqual(15);
  });

  for (const c of corpus.cases) {
    it(c.name, () => {
      if (c.error !== undefined) {
        let thrown: unknown;
        try {
          render(c);
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(JsonPathError);
        expect((thrown as JsonPathError).message).toBe(c.error);
        return;
      }
      const actual = render(c);
      if (c.unordered) expect(words(actual)).toEqual(words(c.expected ?? ''));
      else expect(actual).toBe(c.expected);
    });
  }
});

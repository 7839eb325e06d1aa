import { describe, expect, it } from 'vitest';
import { capProblems, closest, formatPath, formatProblem, sortProblems } from './problem.js';

describe('problem formatting', () => {
  it('formats FILE:LINE:COL: path: message, and FILE: message without a position', () => {
    expect(formatProblem({ file: 'p/t.yaml', line: 3, col: 5, path: 'checks[0].type', message: 'bad' })).toBe('p/t.yaml:3:5: checks[0].type: bad');
    expect(formatProblem({ file: 'p/t.yaml', line: 1, col: 1, path: '', message: 'empty file' })).toBe('p/t.yaml:1:1: empty file');
    expect(formatProblem({ file: 'p', line: 0, col: 0, path: '', message: 'no pack.yaml in p' })).toBe('p: no pack.yaml in p');
  });

  it('writes document paths the way authors read them', () => {
    expect(formatPath(['checks', 2, 'equals'])).toBe('checks[2].equals');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('');
  });

  it('sorts by file, then line and column', () => {
    const p = (file: string, line: number, col = 1) => ({ file, line, col, path: '', message: '' });
    expect(sortProblems([p('b', 1), p('a', 9), p('a', 2, 7), p('a', 2, 3)])).toEqual([p('a', 2, 3), p('a', 2, 7), p('a', 9), p('b', 1)]);
  });
});

describe('suggestions', () => {
  it('suggests only the best close candidates', () => {
    expect(closest('resorce', ['jsonpath', 'resource', 'static-pod'])).toEqual(['resource']);
    expect(closest('nodes.worker3', ['nodes.worker1', 'nodes.worker2', 'cluster'])).toEqual(['nodes.worker1', 'nodes.worker2']);
    expect(closest('zzz', ['jsonpath', 'resource'])).toEqual([]);
  });
});

describe('capProblems', () => {
  const p = (file: string, line: number) => ({ file, line, col: 1, path: '', message: `at ${line}` });

  it('given 70,000 problems in one file and two in another, when capped, then the first 10 found are shown, sorted, then one count line', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => p('a.yaml', 70_000 - i));
    const capped = capProblems([...many, p('b.yaml', 2), p('b.yaml', 1)]);
    expect(capped.map((x) => x.line)).toEqual([69_991, 69_992, 69_993, 69_994, 69_995, 69_996, 69_997, 69_998, 69_999, 70_000, 70_000, 1, 2]);
    expect(capped[10]).toEqual({ file: 'a.yaml', line: 70_000, col: 1, path: '', message: '… and 69,990 more problems in this file (only the first 10 are shown)', omitted: 69_990 });
    // Sorting again keeps the count line last in its file.
    expect(sortProblems(capped)).toEqual(capped);
  });

  it('given ten problems, when capped, then nothing is added', () => {
    const ten = Array.from({ length: 10 }, (_, i) => p('a.yaml', i + 1));
    expect(capProblems(ten)).toEqual(ten);
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatRequirements,
  matchesLabelMap,
  matchesLabelSelector,
  matchesRequirements,
  parseSelectorText,
  SelectorError,
} from './label-selector.js';

const web = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop' };
const text = (selector: string, labels?: Record<string, string>): boolean => matchesRequirements(parseSelectorText(selector), labels);

describe('kubectl -l text selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['tier in (frontend, backend)', true],
    ['env in (prod)', false],
    ['tier notin (backend),env notin (prod)', true],
    ['tier notin (frontend)', false],
    ['app.kubernetes.io/name', true],
    ['!legacy', true],
    ['!app', false],
    ['', true],
  ])('Given labels app=web,tier=frontend, when matched against %j, then it is %s', (selector, result) => {
    expect(text(selector, web)).toBe(result);
  });

  it('Given a malformed selector, when parsed, then it throws quoting it', () => {
    expect(() => parseSelectorText('app=web,=x')).toThrow(SelectorError);
    expect(() => parseSelectorText('app in prod')).toThrow(/app in prod/);
  });
});

describe('LabelSelector objects', () => {
  it('Given matchLabels and an equivalent In expression, when matched, then both pick the same labels', () => {
    const byLabels = { matchLabels: { role: 'db' } };
    const byExpression = { matchExpressions: [{ key: 'role', operator: 'In', values: ['db'] }] };
    for (const labels of [{ role: 'db' }, { role: 'api' }, {}] as Record<string, string>[]) {
      expect(matchesLabelSelector(byExpression, labels)).toBe(matchesLabelSelector(byLabels, labels));
    }
  });

  it('Given matchLabels and matchExpressions together, when matched, then both must hold (AND)', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] };
    expect(matchesLabelSelector(selector, web)).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'web' })).toBe(true);
  });

  it('Given Exists and DoesNotExist, when matched, then they test the key only', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, web)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, web)).toBe(false);
  });

  it('Given an empty selector {}, when matched, then it picks every set of labels, even none', () => {
    expect(matchesLabelSelector({}, undefined)).toBe(true);
  });

  it('Given an unknown operator or In without values, when matched, then it throws as the API server would reject it', () => {
    expect(() => matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, web)).toThrow(SelectorError);
    expect(() => matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, web)).toThrow(/needs values/);
  });

  it('Given a map selector, when matched, then every pair must be present and an empty map picks everything', () => {
    expect(matchesLabelMap({ app: 'web', tier: 'frontend' }, web)).toBe(true);
    expect(matchesLabelMap({ app: 'web', tier: 'backend' }, web)).toBe(false);
    expect(matchesLabelMap({}, undefined)).toBe(true);
  });

  it('Given requirements, when formatted, then they read as kubectl -l text', () => {
    expect(formatRequirements(parseSelectorText('a=1,b!=2,c in (x,y),d,!e'))).toBe('a=1,b!=2,c in (x,y),d,!e');
    expect(formatRequirements([])).toBe('(everything)');
  });
});

describe('kubectl -l text selectors, as the offline store and the grading cache use them', () => {
  it('given equality requirements, when matched, then = and == require the value and != excludes it', () => {
    expect(text('app=web', web)).toBe(true);
    expect(text('app==web,tier=frontend', web)).toBe(true);
    expect(text('app=web,tier=backend', web)).toBe(false);
    expect(text('app!=db', web)).toBe(true);
    expect(text('app!=web', web)).toBe(false);
    expect(text('missing!=x', web)).toBe(true);
  });

  it('given set requirements, when matched, then in needs the key and notin accepts a missing key', () => {
    expect(text('tier in (frontend, backend)', web)).toBe(true);
    expect(text('tier in (backend)', web)).toBe(false);
    expect(text('env in (prod)', web)).toBe(false);
    expect(text('tier notin (backend),env notin (prod)', web)).toBe(true);
    expect(text('tier notin (frontend)', web)).toBe(false);
  });

  it('given existence requirements, when matched, then key and !key test presence', () => {
    expect(text('app.kubernetes.io/name', web)).toBe(true);
    expect(text('!legacy', web)).toBe(true);
    expect(text('!app', web)).toBe(false);
    expect(text('app', undefined)).toBe(false);
  });

  it('given an empty selector, when matched, then everything matches', () => {
    expect(text('', undefined)).toBe(true);
  });

  it('given a malformed selector, when parsed, then it throws quoting it', () => {
    expect(() => parseSelectorText('app=web,=x')).toThrow(SelectorError);
    expect(() => parseSelectorText('app in prod')).toThrow(/app in prod/);
  });
});

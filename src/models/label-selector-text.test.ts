import { describe, expect, it } from 'vitest';
import { SelectorError, matchesRequirements, parseSelectorText } from './label-selector.js';

const matches = (selector: string, labels?: Record<string, string>): boolean =>
  matchesRequirements(parseSelectorText(selector), labels);

describe('label selectors', () => {
  const web = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop' };

  it('given equality requirements, when matched, then = and == require the value and != excludes it', () => {
    expect(matches('app=web', web)).toBe(true);
    expect(matches('app==web,tier=frontend', web)).toBe(true);
    expect(matches('app=web,tier=backend', web)).toBe(false);
    expect(matches('app!=db', web)).toBe(true);
    expect(matches('app!=web', web)).toBe(false);
    expect(matches('missing!=x', web)).toBe(true);
  });

  it('given set requirements, when matched, then in needs the key and notin accepts a missing key', () => {
    expect(matches('tier in (frontend, backend)', web)).toBe(true);
    expect(matches('tier in (backend)', web)).toBe(false);
    expect(matches('env in (prod)', web)).toBe(false);
    expect(matches('tier notin (backend),env notin (prod)', web)).toBe(true);
    expect(matches('tier notin (frontend)', web)).toBe(false);
  });

  it('given existence requirements, when matched, then key and !key test presence', () => {
    expect(matches('app.kubernetes.io/name', web)).toBe(true);
    expect(matches('!legacy', web)).toBe(true);
    expect(matches('!app', web)).toBe(false);
    expect(matches('app', undefined)).toBe(false);
  });

  it('given an empty selector, when matched, then everything matches', () => {
    expect(matches('', undefined)).toBe(true);
  });

  it('given a malformed selector, when parsed, then it throws quoting it', () => {
    expect(() => parseSelectorText('app=web,=x')).toThrow(SelectorError);
    expect(() => parseSelectorText('app in prod')).toThrow(/app in prod/);
  });
});

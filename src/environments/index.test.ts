import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { environmentChoice } from './index.js';

describe('environmentChoice', () => {
  it('given a cluster name that is a path, when chosen, then it is a usage error (it would become a kubeconfig path)', () => {
    expect(() => environmentChoice({ cluster: '../../etc' })).toThrow(UsageError);
    expect(() => environmentChoice({ cluster: 'Prod' })).toThrow(/not a cluster name/);
    expect(environmentChoice({ cluster: 'cka-2' })).toEqual({ cluster: 'cka-2' });
  });
});

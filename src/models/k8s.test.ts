import { describe, expect, it } from 'vitest';
import { apiGroupOf, conditionTrue, isReady, type K8sObject } from './k8s.js';

const withConditions = (conditions: unknown): K8sObject => ({ kind: 'Pod', status: { conditions } });

describe('conditionTrue / isReady', () => {
  it('is true only for a condition of that type with status "True"', () => {
    // Given a pod that is Ready but not ContainersReady
    const pod = withConditions([
      { type: 'ContainersReady', status: 'False' },
      { type: 'Ready', status: 'True' },
    ]);
    // Then
    expect(isReady(pod)).toBe(true);
    expect(conditionTrue(pod, 'Ready')).toBe(true);
    expect(conditionTrue(pod, 'ContainersReady')).toBe(false);
    expect(conditionTrue(pod, 'Available')).toBe(false);
  });

  it('treats Unknown, a missing condition list and a missing status as not ready', () => {
    expect(isReady(withConditions([{ type: 'Ready', status: 'Unknown' }]))).toBe(false);
    expect(isReady(withConditions(undefined))).toBe(false);
    expect(isReady({ kind: 'Node' })).toBe(false);
  });
});

describe('apiGroupOf', () => {
  it('is the part before the last slash, or the core group', () => {
    expect(apiGroupOf('apps/v1')).toBe('apps');
    expect(apiGroupOf('networking.k8s.io/v1')).toBe('networking.k8s.io');
    expect(apiGroupOf('v1')).toBe('');
    expect(apiGroupOf(undefined)).toBe('');
  });
});

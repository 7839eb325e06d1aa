import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../models/index.js';
import { canonicalizeQuantities } from './canonical-quantities.js';

/** Objects read by path in assertions. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const canonical = (object: K8sObject): Json => {
  const copy = structuredClone(object);
  canonicalizeQuantities(copy);
  return copy as Json;
};

const resources = { requests: { cpu: '0.5', memory: '1024Mi' }, limits: { cpu: 1, memory: '1Gi', 'nvidia.com/gpu': '1' } };
const podSpec = {
  containers: [{ name: 'c', image: 'x', resources, env: [{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0.001' } } }] }],
  initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '250m', memory: '0.5Gi' } } }],
  ephemeralContainers: [{ name: 'e', image: 'x', resources: { limits: { memory: '2048Ki' } } }],
  volumes: [{ name: 'v', emptyDir: { sizeLimit: '1000Mi' } }, { name: 'w', emptyDir: { sizeLimit: '1e3' } }],
};

describe('canonical quantities', () => {
  it('given a pod with quantities in every container kind, when canonicalized, then each is in the form the API server stores', () => {
    const pod = canonical({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: structuredClone(podSpec) });
    expect(pod.spec.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' } });
    expect(pod.spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor).toBe('1m');
    expect(pod.spec.initContainers[0].resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
    expect(pod.spec.ephemeralContainers[0].resources.limits.memory).toBe('2Mi');
    expect(pod.spec.volumes.map((v: { emptyDir: { sizeLimit: string } }) => v.emptyDir.sizeLimit)).toEqual(['1000Mi', '1e3']);
  });

  it.each([
    ['apps/v1', 'Deployment', (spec: object) => ({ template: { spec } }), (o: Json) => o.spec.template.spec],
    ['apps/v1', 'StatefulSet', (spec: object) => ({ template: { spec } }), (o: Json) => o.spec.template.spec],
    ['apps/v1', 'DaemonSet', (spec: object) => ({ template: { spec } }), (o: Json) => o.spec.template.spec],
    ['batch/v1', 'Job', (spec: object) => ({ template: { spec } }), (o: Json) => o.spec.template.spec],
    ['batch/v1', 'CronJob', (spec: object) => ({ jobTemplate: { spec: { template: { spec } } } }), (o: Json) => o.spec.jobTemplate.spec.template.spec],
  ])('given a %s %s template, when canonicalized, then its container quantities are canonical', (apiVersion, kind, wrap, podOf) => {
    const object = canonical({ apiVersion, kind, metadata: { name: 'x' }, spec: wrap(structuredClone(podSpec)) });
    expect(podOf(object).containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  it('given quota, limit range, claims, volumes and nodes, when canonicalized, then their resource lists are canonical', () => {
    const quota = canonical({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '2000m', 'limits.memory': '2048Mi', pods: '10' } } });
    expect(quota.spec.hard).toEqual({ 'requests.cpu': '2', 'limits.memory': '2Gi', pods: '10' });
    const range = canonical({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '1.5' }, defaultRequest: { memory: '0.25Gi' } }] } });
    expect(range.spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '1500m' }, defaultRequest: { memory: '256Mi' } });
    const claim = canonical({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { resources: { requests: { storage: '1024Mi' } } } });
    expect(claim.spec.resources.requests.storage).toBe('1Gi');
    const volume = canonical({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { capacity: { storage: '0.5Gi' } } });
    expect(volume.spec.capacity.storage).toBe('512Mi');
    const sts = canonical({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { volumeClaimTemplates: [{ spec: { resources: { requests: { storage: '2048Mi' } } } }] } });
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
    const node = canonical({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '4', memory: '8388608Ki' } } });
    expect(node.status.capacity.memory).toBe('8Gi');
  });

  it('given text that is not a quantity, when canonicalized, then it is left as written', () => {
    const pod = canonical({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: 'lots' } } }] } });
    expect(pod.spec.containers[0].resources.limits.cpu).toBe('lots');
  });
});

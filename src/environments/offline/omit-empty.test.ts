import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../models/index.js';
import { omitEmpty } from './omit-empty.js';

/** Objects read by path in assertions. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pruned = (object: K8sObject): Json => {
  const copy = structuredClone(object);
  omitEmpty(copy);
  return copy as Json;
};

describe('omitempty', () => {
  it('given empty lists and nulls anywhere, when pruned, then they are gone', () => {
    const pod = pruned({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: null, finalizers: [] },
      spec: { containers: [{ name: 'c', image: 'x', args: [], env: [], ports: [] }], tolerations: [], volumes: null },
    });
    expect(pod).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  });

  it('given a NetworkPolicy with ingress: [] and struct selectors {}, when pruned, then the list goes and every selector stays', () => {
    const np = pruned({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p' },
      spec: { podSelector: {}, ingress: [], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: {} } }] }] },
    });
    expect(np.spec).toEqual({ podSelector: {}, egress: [{ to: [{ namespaceSelector: {}, podSelector: {} }] }] });
  });

  it('given empty string maps, when pruned, then labels, annotations, nodeSelector and resource lists go but emptyDir, securityContext and resources stay', () => {
    const pod = pruned({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: {}, annotations: {} },
      spec: {
        nodeSelector: {},
        securityContext: {},
        containers: [{ name: 'c', image: 'x', resources: { requests: {}, limits: {} } }],
        volumes: [{ name: 'v', emptyDir: {} }],
      },
    });
    expect(pod.metadata).toEqual({ name: 'p' });
    expect(pod.spec).toEqual({ securityContext: {}, containers: [{ name: 'c', image: 'x', resources: {} }], volumes: [{ name: 'v', emptyDir: {} }] });
  });

  it('given a Service selector {} and a Deployment selector {}, when pruned, then the Service map goes and the Deployment struct stays', () => {
    expect(pruned({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: {} } }).spec).toEqual({});
    expect(pruned({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: {} } }).spec).toEqual({ selector: {} });
  });

  it('given ConfigMap data {} and a CRD schema with {} and [], when pruned, then data goes and the JSON Schema is kept as written', () => {
    expect(pruned({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} })).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const schema = { type: 'object', properties: { labels: {}, tags: { type: 'array', default: [] } } };
    const crd = pruned({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }] } });
    expect(crd.spec.versions[0].schema.openAPIV3Schema).toEqual(schema);
  });
});

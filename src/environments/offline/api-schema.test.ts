import { describe, expect, it } from 'vitest';
import { dotted, isKnownKind, kubectlRejections } from './api-schema.js';

const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', anything: 'goes' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { limits: { cpu: 0.5, memory: '1Gi' } } }] } },
    ...spec,
  },
});

const messages = async (object: unknown) => (await kubectlRejections(object)).map((r) => r.message);

describe('kubectl schema rejections', () => {
  it('given a valid Deployment with free-form labels and a numeric quantity, when judged, then kubectl would apply it', async () => {
    expect(await kubectlRejections(deployment({ replicas: 3 }))).toEqual([]);
  });

  it('given a misspelt top-level spec field, when judged, then it is an unknown field with its path', async () => {
    expect(await kubectlRejections(deployment({ replica: 3 }))).toEqual([{ path: ['spec', 'replica'], message: 'unknown field "spec.replica"' }]);
  });

  it('given a misspelt field deep in a container, when judged, then the path names the list position', async () => {
    const object = deployment({});
    (object.spec.template.spec.containers[0] as Record<string, unknown>).imagePullPolicyy = 'Always';
    expect(await messages(object)).toEqual(['unknown field "spec.template.spec.containers[0].imagePullPolicyy"']);
  });

  it('given a field of the wrong type, when judged, then the field and the expected type are named', async () => {
    expect(await kubectlRejections(deployment({ replicas: 'three' }))).toEqual([{ path: ['spec', 'replicas'], message: 'field "spec.replicas" must be an integer' }]);
  });

  it('given a container without a name, when judged, then the missing required field is named', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'nginx' }] } };
    expect(await kubectlRejections(pod)).toEqual([{ path: ['spec', 'containers', 0], message: 'missing required field "spec.containers[0].name"' }]);
  });

  it('given a NetworkPolicy with a misspelt peer selector, when judged, then it is rejected; struct selectors {} are fine', async () => {
    const np = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p' },
      spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podselector: {} }] }] },
    };
    expect(await messages(np)).toEqual(['unknown field "spec.ingress[0].from[0].podselector"']);
  });

  it('given a CRD with descriptions, x-kubernetes extensions and a default object, when judged, then kubectl would apply it', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'backups.acme.io' },
      spec: {
        group: 'acme.io',
        scope: 'Namespaced',
        names: { kind: 'Backup', plural: 'backups' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            additionalPrinterColumns: [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'age' }],
            schema: {
              openAPIV3Schema: {
                type: 'object',
                description: 'A backup.',
                properties: {
                  spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, default: { keep: 3 }, properties: { schedule: { type: 'string', description: 'cron' } } },
                },
              },
            },
          },
        ],
      },
    };
    expect(await kubectlRejections(crd)).toEqual([]);
    crd.spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties.schedule = { type: 'string', descripton: 'typo' } as never;
    expect(await messages(crd)).toEqual(['unknown field "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.schedule.descripton"']);
  });

  it('given a custom resource and an unknown kind, when judged, then they are accepted as written', async () => {
    expect(await kubectlRejections({ apiVersion: 'acme.io/v1', kind: 'Backup', metadata: { name: 'b' }, spec: { anything: [1, 2] } })).toEqual([]);
    expect(await kubectlRejections({ apiVersion: 'v1', kind: 'Gadget', metadata: { name: 'g' }, whatever: 1 })).toEqual([]);
    expect(await isKnownKind('v1', 'PodSpec')).toBe(false); // a type, not a kind
    expect(await isKnownKind('../../x', 'Pod')).toBe(false); // never a path outside the package
    expect(await isKnownKind('batch/v1', 'CronJob')).toBe(true);
  });

  it('given paths, when dotted, then they read as kubectl names fields', () => {
    expect(dotted(['spec', 'containers', 0, 'ports', 1, 'name'])).toBe('spec.containers[0].ports[1].name');
  });
});

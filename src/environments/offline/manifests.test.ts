import { describe, expect, it } from 'vitest';
import { formatWorkspaceProblem, rejectUnappliable, scanManifests } from './manifests.js';

describe('manifest scanning', () => {
  it('given documents that are broken, not objects or unnamed, when scanned, then each is its own problem and good ones are kept', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- just\n- a list\n---\napiVersion: v1\nkind: Secret\nmetadata: {labels: {a: b}}\n---\nkind: [oops\n';
    const { objects, problems } = scanManifests(text, 'f.yaml');
    expect(objects.map((o) => o.object.metadata?.name)).toEqual(['a']);
    expect(problems.map(formatWorkspaceProblem)).toEqual([
      'f.yaml:5: not a Kubernetes object (a mapping with apiVersion, kind and metadata)',
      'f.yaml:8: Secret has no metadata.name',
      expect.stringMatching(/^f\.yaml:1[23]:\d+: invalid YAML: /),
    ]);
  });

  it('given a List whose second item kubectl rejects, when checked, then the first item is accepted and the problem points at the bad field line', async () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: a}',
      '- apiVersion: v1',
      '  kind: Service',
      '  metadata: {name: s}',
      '  spec:',
      '    ports:',
      '    - port: "eighty"',
      '',
    ].join('\n');
    const { accepted, problems } = await rejectUnappliable(scanManifests(text, 'list.yaml').objects);
    expect(accepted.map((o) => o.object.metadata?.name)).toEqual(['a']);
    expect(problems.map(formatWorkspaceProblem)).toEqual(['list.yaml:12: kubectl would reject this: field "spec.ports[0].port" must be an integer']);
  });

  it('given a JSON manifest missing a required field, when checked, then the problem points at the parent object line', async () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {\n    "containers": [\n      {"image": "nginx"}\n    ]\n  }\n}\n';
    const { problems } = await rejectUnappliable(scanManifests(text, 'p.json').objects);
    expect(problems.map(formatWorkspaceProblem)).toEqual(['p.json:7: kubectl would reject this: missing required field "spec.containers[0].name"']);
  });
});

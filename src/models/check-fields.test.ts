import { describe, expect, it } from 'vitest';
import { fieldLabel, fieldTemplate, isJsonPathTemplate, safeFieldLabel } from './check-fields.js';

describe('fieldLabel', () => {
  it.each([
    ['{.spec.template.spec.containers[0].image}', 'spec.template.spec.containers[0].image'],
    ['{.spec.type}:{.spec.ports[0].port}', 'spec.type:spec.ports[0].port'],
    ['{.data.DB_HOST}{.stringData.DB_HOST}', 'data.DB_HOST + stringData.DB_HOST'],
    ['{.metadata.annotations.deployment\\.kubernetes\\.io/revision}', 'metadata.annotations.deployment.kubernetes.io/revision'],
    ['{.status.conditions[?(@.type=="Ready")].status}', 'status.conditions[?(@.type=="Ready")].status'],
    ['{range .spec.egress[*].ports[*]}{.protocol}/{.port} {end}', 'spec.egress[*].ports[*] → protocol/port'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.spec.taints[*].key}{"\\n"}{end}', 'items[*] → metadata.name\\tspec.taints[*].key'],
    ['{range .a[*]}{range .b[*]}{.k};{end}/{end}', 'a[*] → (b[*] → k;/)'],
    ['{@}', '(the whole object)'],
  ])('given %s, when labelled, then it reads %s', (template, label) => {
    expect(fieldLabel(template)).toBe(label);
  });
});

describe('safeFieldLabel', () => {
  it.each([
    ['metadata.labels.proxy-access', 'metadata.labels (one key)'],
    ['metadata.labels.app.kubernetes.io/name', 'metadata.labels (one key)'],
    ['spec.template.metadata.labels.app,spec.template.metadata.labels.tier', 'spec.template.metadata.labels (one key),spec.template.metadata.labels (one key)'],
    ['spec.selector.matchLabels.app', 'spec.selector.matchLabels (one key)'],
    ['spec.selector.app', 'spec.selector (one key)'],
    ['spec.template.spec.nodeSelector.disk', 'spec.template.spec.nodeSelector (one key)'],
    ['metadata.labels', 'metadata.labels'],
    ['data.APP_MODE/data.APP_PORT', 'data.APP_MODE/data.APP_PORT'],
    ['spec.replicas', 'spec.replicas'],
  ])('given %s, when made safe, then it reads %s', (label, safe) => {
    expect(safeFieldLabel(label)).toBe(safe);
  });
});

describe('fieldTemplate', () => {
  it('given fields joined by literal text, when split, then literals sit between the groups', () => {
    const t = fieldTemplate('{.type}|{.data.A}{.stringData.A}/{.data.B}');
    expect(t.literals).toEqual(['', '|', '/', '']);
    expect(t.groups.map((g) => g.parts)).toEqual([['{.type}'], ['{.data.A}', '{.stringData.A}'], ['{.data.B}']]);
  });

  it('given a range block, when split, then the whole block is one part', () => {
    expect(fieldTemplate('x{range .a[*]}{.n},{end}y').groups).toEqual([{ parts: ['{range .a[*]}{.n},{end}'], label: 'a[*] → n,' }]);
  });

  it('given a brace inside a quoted filter value, when split, then it does not end the action', () => {
    expect(fieldTemplate('{.a[?(@.n=="}")].v}').groups[0]?.parts).toEqual(['{.a[?(@.n=="}")].v}']);
  });

  it('tells templates from file paths', () => {
    expect(isJsonPathTemplate('{.spec}')).toBe(true);
    expect(isJsonPathTemplate('/opt/backup/etcd.db')).toBe(false);
  });
});

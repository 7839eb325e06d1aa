import { describe, expect, it } from 'vitest';
import { taskMetadataSchema } from './task.js';
import { domainIn, domainLabel, examDomains, taskDomains } from './task-domains.js';

const base = { id: 'cks/kubelet-anonymous', title: 'T', difficulty: 'core', minutes: 6 } as const;
const parse = (fields: Record<string, unknown>) => taskMetadataSchema.safeParse({ ...base, ...fields });
const metadata = (fields: Record<string, unknown>) => {
  const parsed = parse(fields);
  if (!parsed.success) throw new Error(parsed.error.message);
  return { metadata: parsed.data };
};
const issues = (fields: Record<string, unknown>) => {
  const parsed = parse(fields);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('domainIn', () => {
  it('Given one domain for two exams, When asked per exam, Then both exams give it and another exam gives undefined', () => {
    const task = metadata({ exams: ['CKA', 'CKAD'], domain: 'storage' });
    expect(domainIn(task, 'CKA')).toBe('storage');
    expect(domainIn(task, 'CKAD')).toBe('storage');
    expect(domainIn(task, 'CKS')).toBeUndefined();
  });

  it('Given a domains map without exams, When parsed, Then exams are its keys and each exam has its own domain', () => {
    const task = metadata({ domains: { CKA: 'troubleshooting', CKS: 'cluster-hardening' } });
    expect(task.metadata.exams).toEqual(['CKA', 'CKS']);
    expect(domainIn(task, 'CKA')).toBe('troubleshooting');
    expect(domainIn(task, 'CKS')).toBe('cluster-hardening');
    expect(domainIn(task, 'CKAD')).toBeUndefined();
    expect(examDomains(task)).toEqual([
      { exam: 'CKA', domain: 'troubleshooting' },
      { exam: 'CKS', domain: 'cluster-hardening' },
    ]);
    expect(taskDomains(task)).toEqual(['troubleshooting', 'cluster-hardening']);
  });

  it('Given a domains map and the same exams listed in another order, When parsed, Then it is accepted in the listed order', () => {
    const task = metadata({ exams: ['CKS', 'CKA'], domains: { CKA: 'troubleshooting', CKS: 'cluster-hardening' } });
    expect(task.metadata.exams).toEqual(['CKS', 'CKA']);
    expect(domainLabel(task)).toBe('CKS: cluster-hardening, CKA: troubleshooting');
    expect(domainLabel(task, 'CKA')).toBe('troubleshooting');
  });

  it('Given exams agreeing on one domain, When labelled, Then the label is that domain alone', () => {
    expect(domainLabel(metadata({ exams: ['CKA', 'CKAD'], domain: 'storage' }))).toBe('storage');
    expect(domainLabel(metadata({ domains: { CKA: 'storage', CKAD: 'storage' } }))).toBe('storage');
  });
});

describe('taskMetadataSchema domain fields', () => {
  it('Given both domain and domains, When parsed, Then it is refused at domains', () => {
    expect(issues({ exams: ['CKA'], domain: 'storage', domains: { CKA: 'storage' } })).toEqual([['domains', expect.stringMatching(/not both/)]]);
  });

  it('Given neither domain nor domains, When parsed, Then domain is said to be missing', () => {
    expect(issues({ exams: ['CKA'] })).toEqual([['domain', expect.stringMatching(/missing required key "domain"/)]]);
  });

  it('Given domain without exams, When parsed, Then exams is said to be missing', () => {
    expect(issues({ domain: 'storage' })).toEqual([['exams', expect.stringMatching(/missing required key "exams"/)]]);
  });

  it('Given exams that differ from the keys of domains, When parsed, Then it is refused at exams naming both', () => {
    expect(issues({ exams: ['CKA'], domains: { CKA: 'troubleshooting', CKS: 'cluster-hardening' } })).toEqual([
      ['exams', 'exams (CKA) must be the exams domains names (CKA, CKS); or leave exams out'],
    ]);
    expect(issues({ exams: ['CKA', 'CKAD'], domains: { CKA: 'troubleshooting', CKS: 'cluster-hardening' } })).toHaveLength(1);
  });

  it('Given an empty domains map or a key that is not an exam id, When parsed, Then each is refused', () => {
    expect(issues({ domains: {} })).toEqual([['domains', expect.stringMatching(/names no exam/)]]);
    expect(issues({ domains: { 'not an exam': 'storage' } }).map(([path]) => path)).toEqual(['domains.not an exam']);
  });
});

// Which domain a task counts in for each exam. A task names either one `domain` for every exam in
// `exams`, or a `domains` map (exam → domain) when the exams file it differently, e.g. a kubelet
// fix that is CKA troubleshooting and CKS cluster hardening. Everything that needs "this task's
// domain in exam X" asks domainIn, so the two spellings are read in one place.
import type { Task } from './task.js';

type DomainFields = Pick<Task['metadata'], 'exams' | 'domain' | 'domains'>;

/** The task's domain in `exam`; undefined when the task does not count in that exam. */
export function domainIn(task: { metadata: DomainFields }, exam: string): string | undefined {
  const { exams, domain, domains } = task.metadata;
  if (!exams.includes(exam)) return undefined;
  return domains ? domains[exam] : domain;
}

/** Each exam the task counts in with its domain there, in `exams` order. */
export function examDomains(task: { metadata: DomainFields }): { exam: string; domain: string }[] {
  return task.metadata.exams.flatMap((exam) => {
    const domain = domainIn(task, exam);
    return domain === undefined ? [] : [{ exam, domain }];
  });
}

/** The distinct domains of a task over all its exams (one, unless the exams file it differently). */
export function taskDomains(task: { metadata: DomainFields }): string[] {
  return [...new Set(examDomains(task).map((d) => d.domain))];
}

/**
 * The domain to show where no exam is chosen (lists, the drill screen): the domain when every
 * exam agrees, else `CKA: troubleshooting, CKS: cluster-hardening`. With `exam`, that exam's.
 */
export function domainLabel(task: { metadata: DomainFields }, exam?: string): string {
  const inExam = exam === undefined ? undefined : domainIn(task, exam);
  if (inExam !== undefined) return inExam;
  const all = examDomains(task);
  const distinct = new Set(all.map((d) => d.domain));
  return distinct.size <= 1 ? (all[0]?.domain ?? '') : all.map((d) => `${d.exam}: ${d.domain}`).join(', ');
}

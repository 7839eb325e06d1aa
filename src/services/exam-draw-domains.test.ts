// One task filed in two exams (metadata.domains): each exam draws it under its own domain, the
// results score it there, and a drill records one domain for the weakest-topic figures.
import { describe, expect, it } from 'vitest';
import type { ExamProfile, Task } from '../models/index.js';
import { ckaCatalog, ckaProfile, fakeGrade, fakeWorld, loaded, makeTask } from '../../test/ui/fixtures.js';
import { drawExam } from './exam-draw.js';
import { computeResults } from './exam-results.js';
import { createExamState } from './exam-state.js';
import { drillAttempt } from './history.js';

const cksProfile: ExamProfile = {
  ...ckaProfile,
  exam: 'CKS',
  title: 'CKS',
  tasks: { min: 2, max: 2 },
  domains: [
    { id: 'cluster-hardening', title: 'Cluster Hardening', weight: 50 },
    { id: 'supply-chain', title: 'Supply Chain', weight: 50 },
  ],
};

/** A task counted as CKA troubleshooting and CKS cluster hardening. */
function twoExamTask(): Task {
  const t = makeTask('both/kubelet-anonymous', { checks: [['first', 3], ['second', 1]] });
  const { domain: _single, ...metadata } = t.metadata;
  return { ...t, metadata: { ...metadata, exams: ['CKA', 'CKS'], domains: { CKA: 'troubleshooting', CKS: 'cluster-hardening' } } };
}

const cksOnly = loaded(makeTask('cks/sbom', { exams: ['CKS'], domain: 'supply-chain' }));
const catalog = [...ckaCatalog(4), cksOnly, loaded(twoExamTask())];

describe('a task in two exams', () => {
  it('Given a CKS draw, When the two-exam task is drawn, Then it is listed under its CKS domain and no CKA-only task is drawn', () => {
    const draw = drawExam(cksProfile, catalog, { seed: 5 });
    expect(draw.tasks.map((t) => [t.id, t.domain]).sort()).toEqual([
      ['both/kubelet-anonymous', 'cluster-hardening'],
      ['cks/sbom', 'supply-chain'],
    ]);
  });

  it('Given CKA draws over many seeds, When the two-exam task is drawn, Then it is always under troubleshooting', () => {
    let seen = 0;
    for (let seed = 0; seed < 30; seed++) {
      const entry = drawExam(ckaProfile, catalog, { seed }).tasks.find((t) => t.id === 'both/kubelet-anonymous');
      if (!entry) continue;
      seen += 1;
      expect(entry.domain, `seed ${seed}`).toBe('troubleshooting');
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('Given a finished CKS exam, When scored, Then the two-exam task counts in cluster hardening only', async () => {
    const draw = drawExam(cksProfile, catalog, { seed: 5 });
    const state = createExamState(draw, cksProfile, { practice: true, source: { packDirs: [] }, now: 0 });
    const world = fakeWorld('both/kubelet-anonymous');
    world.state.add('first');
    const report = await fakeGrade(twoExamTask(), world);
    const sbom = await fakeGrade(cksOnly.task, fakeWorld('cks/sbom'));
    const results = computeResults(state, new Map([[report.task.id, report], [sbom.task.id, sbom]]));
    const byDomain = Object.fromEntries(results.domains.map((d) => [d.id, [d.earned, d.possible]]));
    expect(byDomain['cluster-hardening']).toEqual([3, 4]);
    expect(byDomain['supply-chain']).toEqual([0, 3]);
    expect(results.tasks.find((t) => t.id === 'both/kubelet-anonymous')?.domain).toBe('cluster-hardening');
  });

  it('Given a drill of the two-exam task, When recorded, Then history keeps the domain of its first exam', async () => {
    const world = fakeWorld('both/kubelet-anonymous');
    const report = await fakeGrade(twoExamTask(), world);
    const attempt = drillAttempt(twoExamTask(), report, 0, 1000);
    expect(attempt.exams).toEqual(['CKA', 'CKS']);
    expect(attempt.task.domain).toBe('troubleshooting');
  });
});

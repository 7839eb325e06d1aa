import { describe, expect, it } from 'vitest';
import { allocateByWeight, drawExam, mulberry32 } from './exam-draw.js';
import type { Disruption } from '../models/index.js';
import { ckaCatalog, ckaProfile, loaded, makeTask } from '../../test/ui/fixtures.js';

describe('drawExam', () => {
  it('Given the same seed and catalog, When drawn twice, Then the exams are identical; another seed differs', () => {
    const catalog = ckaCatalog(6);
    const a = drawExam(ckaProfile, catalog, { seed: 42 });
    const b = drawExam(ckaProfile, [...catalog].reverse(), { seed: 42 });
    const c = drawExam(ckaProfile, catalog, { seed: 43 });
    expect(a.tasks.map((t) => t.id)).toEqual(b.tasks.map((t) => t.id));
    expect(c.tasks.map((t) => t.id)).not.toEqual(a.tasks.map((t) => t.id));
  });

  it('Given a large catalog, When drawn, Then the count is within min..max and domains follow the weights', () => {
    const draw = drawExam(ckaProfile, ckaCatalog(10), { seed: 7 });
    expect(draw.tasks.length).toBeGreaterThanOrEqual(15);
    expect(draw.tasks.length).toBeLessThanOrEqual(20);
    expect(draw.shortfall).toBeUndefined();
    const count = (d: string) => draw.tasks.filter((t) => t.domain === d).length;
    // troubleshooting (30%) gets the most, storage (10%) the fewest.
    expect(count('troubleshooting')).toBeGreaterThan(count('storage'));
    expect(Math.abs(count('troubleshooting') - draw.tasks.length * 0.3)).toBeLessThanOrEqual(1);
    expect(new Set(draw.tasks.map((t) => t.id)).size).toBe(draw.tasks.length);
  });

  it('Given fewer tasks than the minimum, When drawn, Then all eligible are used and the shortfall is said', () => {
    const catalog = [...ckaCatalog(1), loaded(makeTask('ckad/other', { exams: ['CKAD'], domain: 'storage' }))];
    const draw = drawExam(ckaProfile, catalog, { seed: 1 });
    expect(draw.tasks).toHaveLength(5);
    expect(draw.tasks.every((t) => t.exams.includes('CKA'))).toBe(true);
    expect(draw.shortfall).toMatch(/5 eligible CKA tasks/);
  });

  it('Given an eligibility filter, When drawn, Then excluded tasks never appear', () => {
    const draw = drawExam(ckaProfile, ckaCatalog(4), { seed: 3, eligible: (t) => t.metadata.domain !== 'storage' });
    expect(draw.tasks.some((t) => t.domain === 'storage')).toBe(false);
  });

  it('Given several disruptive tasks on isolated clusters, When drawn with many seeds, Then they no longer exclude each other, come first, and every seed repeats', () => {
    const disruptive = (id: string, disrupts: Disruption[]) => {
      const t = makeTask(id, { domain: 'troubleshooting' });
      return loaded({ ...t, environment: { ...t.environment, disrupts } });
    };
    const catalog = [...ckaCatalog(4), disruptive('cka/x-broken-scheduler', ['scheduling']), disruptive('cka/x-broken-kubelet', ['kubelet']), disruptive('cka/x-etcd-restore', ['etcd', 'apiserver'])];
    let most = 0;
    for (let seed = 0; seed < 40; seed++) {
      const ids = drawExam(ckaProfile, catalog, { seed, isolatedClusters: true }).tasks.map((t) => t.id);
      const drawn = ids.filter((id) => id.startsWith('cka/x-'));
      most = Math.max(most, drawn.length);
      expect(ids.slice(0, drawn.length), `seed ${seed}`).toEqual(drawn);
      expect(drawExam(ckaProfile, [...catalog].reverse(), { seed, isolatedClusters: true }).tasks.map((t) => t.id)).toEqual(ids);
      // On one shared cluster (the default until exams create lab clusters), one at most.
      expect(drawExam(ckaProfile, catalog, { seed }).tasks.filter((t) => t.id.startsWith('cka/x-')).length, `seed ${seed}`).toBeLessThanOrEqual(1);
    }
    // Troubleshooting's 30% of 15–20 tasks is 5–6: with 7 such tasks, all three disruptive ones are drawn together.
    expect(most).toBe(3);
  });

  it('Given a catalog with enough tasks of every domain, points varying like the built-in ones and many disruptive, When drawn with ten seeds on isolated clusters, Then troubleshooting holds its 30% of the points within 10', () => {
    // Points 4–11 per task, as the built-in CKA tasks have; every third task disruptive.
    const catalog = ckaProfile.domains.flatMap((d, di) =>
      Array.from({ length: 8 }, (_, i) => {
        const t = makeTask(`cka/${d.id}-${i}`, { domain: d.id, checks: [['a', 4 + ((i * 3 + di) % 8)]] });
        return loaded(i % 3 === 0 ? { ...t, environment: { ...t.environment, disrupts: ['kubelet'] } } : t);
      }),
    );
    for (let seed = 1; seed <= 10; seed++) {
      const draw = drawExam(ckaProfile, catalog, { seed, isolatedClusters: true });
      const total = draw.tasks.reduce((sum, t) => sum + t.points, 0);
      const troubleshooting = draw.tasks.filter((t) => t.domain === 'troubleshooting').reduce((sum, t) => sum + t.points, 0);
      expect(Math.abs((100 * troubleshooting) / total - 30), `seed ${seed}`).toBeLessThanOrEqual(10);
    }
  });

  it('Given a task, When drawn, Then its points are its checks total', () => {
    const draw = drawExam(ckaProfile, [loaded(makeTask('cka/one', { checks: [['a', 3], ['b', 4]] }))], { seed: 9 });
    expect(draw.tasks[0]).toMatchObject({ id: 'cka/one', points: 7, minutes: 6, domain: 'storage' });
  });
});

describe('allocateByWeight', () => {
  it('Given a domain with too few tasks, When allocating, Then the rest goes to the others', () => {
    const domains = [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }];
    const result = allocateByWeight(domains, new Map([['a', 1], ['b', 10]]), 6);
    expect(result.get('a')).toBe(1);
    expect(result.get('b')).toBe(5);
  });
});

describe('mulberry32', () => {
  it('Given a seed, When called, Then values are in [0,1) and repeat for the same seed', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const values = Array.from({ length: 50 }, () => a());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Array.from({ length: 50 }, () => b())).toEqual(values);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { descendants, parseXml } from '../../test/support/xml.js';
import { taskSchema, type LoadedTask } from '../models/index.js';
import { testTasks } from './pack-test.js';
import type { PhaseResult } from './self-test.js';
import { selfTestJunit, writeSelfTestReports } from './test-report.js';

const namespace = (name: string) => [{ apply: `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n` }];

/** A task wanting namespace `ns`; `wrongAlternative` adds an alternative that creates another one, so the self-test fails; `needsNode`, a node step offline cannot run. */
function nsTask(id: string, ns: string, options: { wrongAlternative?: string; needsNode?: boolean } = {}): LoadedTask {
  const task = taskSchema.parse({
    apiVersion: 'kubedrill.dev/v1',
    kind: 'Task',
    metadata: { id, title: id, exams: ['CKA'], domain: 'troubleshooting', difficulty: 'quick', minutes: 2 },
    statement: 'Create it.',
    solution: options.needsNode ? [{ node: 'worker1', script: 'true' }, ...namespace(ns)] : namespace(ns),
    alternatives: options.wrongAlternative ? [{ name: `creates <${options.wrongAlternative}> & "more"`, steps: namespace(options.wrongAlternative) }] : [],
    nearMisses: [{ name: 'another namespace', steps: namespace(`${ns}-x`) }],
    checks: [{ id: 'ns', type: 'resource', points: 2, ref: `namespace/${ns}`, expect: 'exists' }],
  });
  return { task, packId: 'test', file: `/packs/${id.replace('/', '-')}.yaml` };
}

describe('pack test reports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedrill-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Given a fair task, an unfair one and one that needs a cluster, When self-tested offline and reported as JUnit, Then there is a case per phase, the failure names expected and actual, the skipped task is a skipped case', async () => {
    const durations = new Map<PhaseResult, number>();
    const results = await testTasks({
      tasks: [nsTask('cka/fair', 'shop'), nsTask('cka/unfair', 'market', { wrongAlternative: 'bazaar' }), nsTask('cka/node', 'web', { needsNode: true })],
      checkers: CHECKERS,
      target: { offline: true },
      onPhase: (_id, phase) => durations.set(phase, 1500),
    });
    const root = parseXml(selfTestJunit(results, true, durations));
    const suites = descendants(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(['cka/fair', 'cka/unfair', 'cka/node']);
    // Phases as the self-test ran them: setup, solution, each alternative, each near miss.
    const phases = (name: string) => descendants(suites.find((s) => s.attributes.name === name) ?? root, 'testcase').map((c) => c.attributes.name);
    expect(phases('cka/fair')).toEqual(['setup', 'solution', 'near miss: another namespace']);
    expect(phases('cka/unfair')).toEqual(['setup', 'solution', 'alternative: creates <bazaar> & "more"', 'near miss: another namespace']);
    expect(phases('cka/node')).toEqual(['self-test']);
    const failures = descendants(root, 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.attributes.message).toBe('scored 0%, needs 100% (ns: expected namespace/market exists, got namespace/market not found)');
    expect(failures[0]?.text).toContain('✗ ns: expected namespace/market exists, got namespace/market not found');
    expect(descendants(root, 'skipped')[0]?.attributes.message).toMatch(/node step/);
    expect(root.attributes).toMatchObject({ tests: '8', failures: '1', skipped: '1' });
    expect(descendants(root, 'testcase')[0]?.attributes.time).toBe('1.500');
  });

  it('Given both report kinds, When written, Then the JUnit file parses and the JSON file is the --json output', async () => {
    const results = await testTasks({ tasks: [nsTask('cka/fair', 'shop')], checkers: CHECKERS, target: { offline: true } });
    const written = await writeSelfTestReports(
      [
        { kind: 'junit', file: 'out/junit.xml' },
        { kind: 'json', file: 'out/report.json' },
      ],
      results,
      { offline: true, cwd: dir },
    );
    expect(written).toEqual([join(dir, 'out', 'junit.xml'), join(dir, 'out', 'report.json')]);
    expect(descendants(parseXml(await readFile(written[0] ?? '', 'utf8')), 'testcase')).toHaveLength(3);
    const json = JSON.parse(await readFile(written[1] ?? '', 'utf8')) as { formatVersion: number; offline: boolean; results: { taskId: string; ok: boolean }[] };
    expect(json).toMatchObject({ formatVersion: 1, offline: true, results: [{ taskId: 'cka/fair', ok: true }] });
  });

  it('Given a report path that is a directory, When written, Then a user error names the file', async () => {
    await expect(writeSelfTestReports([{ kind: 'junit', file: '.' }], [], { offline: true, cwd: dir })).rejects.toThrow(/cannot write the junit report \./);
  });
});

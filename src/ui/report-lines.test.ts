import { describe, expect, it } from 'vitest';
import type { TaskReport } from '../models/index.js';
import { docsLines, reportLines, taskSolutionLines, walkthroughLines } from './report-lines.js';
import { lineText } from './rich-text.js';

const text = (lines: ReturnType<typeof reportLines>): string => lines.map(lineText).join('\n');

const report: TaskReport = {
  formatVersion: 1,
  task: { id: 'ckad/netpol', title: 'Labels' },
  score: { earned: 1, possible: 3, percent: 33.3 },
  ungraded: 0,
  checks: [
    { id: 'ok', type: 'jsonpath', status: 'passed', points: 1, earned: 1, evidence: 'metadata.labels.app = api', durationMs: 1 },
    {
      id: 'proxy-label',
      type: 'jsonpath',
      status: 'failed',
      points: 2,
      earned: 0,
      expected: 'pod/api: metadata.labels.proxy-access = true',
      actual: '(empty)',
      hint: 'label it proxy-access=true',
      summary: 'pod/api: metadata.labels.proxy-access is not what the task asks (now: not set)',
      durationMs: 1,
    },
  ],
};

describe('reportLines', () => {
  it('Given a failed check, When shown without reveal (the default), Then the summary shows and neither expected value nor hint', () => {
    const shown = text(reportLines(report, 100));
    expect(shown).toContain('    pod/api: metadata.labels.proxy-access is not what the task asks (now: not set)');
    expect(shown).toContain('✓ ok (1/1)');
    expect(shown).not.toContain('evidence:');
    expect(shown).not.toContain('proxy-access=true');
    expect(shown).not.toMatch(/= true/);
    expect(shown).toContain('Expected values and evidence stay hidden');
  });

  it('Given the same report, When revealed, Then expected, actual and hint show and the summary does not', () => {
    const shown = text(reportLines(report, 100, { reveal: true }));
    expect(shown).toContain('    expected: pod/api: metadata.labels.proxy-access = true');
    expect(shown).toContain('    actual: (empty)');
    expect(shown).toContain('    hint: label it proxy-access=true');
    expect(shown).toContain('    evidence: metadata.labels.app = api');
    expect(shown).not.toContain('not what the task asks');
    expect(shown).not.toContain('stay hidden');
  });

  it('Given a multi-line value, When revealed, Then its lines stay lines, hanging under the first', () => {
    const multi: TaskReport = { ...report, checks: [{ ...report.checks[1]!, expected: '/a/taints.txt containing:\nw1 dedicated\nw2' }] };
    const shown = text(reportLines(multi, 100, { reveal: true }));
    expect(shown).toContain('    expected: /a/taints.txt containing:\n              w1 dedicated\n              w2');
  });

  it('Given values with markdown-looking text, When shown, Then they are taken as written', () => {
    const odd: TaskReport = { ...report, checks: [{ ...report.checks[0]!, evidence: 'spec.containers[*].name = my_app_name *x*' }] };
    expect(text(reportLines(odd, 100, { reveal: true }))).toContain('evidence: spec.containers[*].name = my_app_name *x*');
  });
});

describe('walkthroughLines', () => {
  it('Given commands, a node step and manifests, When shown, Then each reads as a candidate types it', () => {
    const shown = text(
      walkthroughLines(
        [
          { why: 'Label the pod so both policies select it.', run: 'kubectl -n lab label pod api proxy-access=true' },
          { why: 'The kubelet reads static pods from its manifest directory.', on: 'kubedrill-worker', manifest: 'kind: Pod\nmetadata:\n  name: web\n', path: '/etc/kubernetes/manifests/web.yaml' },
          { why: 'Write the answer file and create it.', manifest: 'kind: ConfigMap\nmetadata:\n  name: cfg\n', path: '/answers/cfg.yaml' },
          { why: 'Create the quota.', manifest: 'kind: ResourceQuota\nmetadata:\n  name: q1\n' },
        ],
        100,
      ),
    );
    expect(shown).toBe(
      [
        '  1. Label the pod so both policies select it.',
        '     kubectl -n lab label pod api proxy-access=true',
        '',
        '  2. The kubelet reads static pods from its manifest directory.',
        '     on node kubedrill-worker: ssh kubedrill-worker',
        '     Save as /etc/kubernetes/manifests/web.yaml:',
        '       kind: Pod',
        '       metadata:',
        '         name: web',
        '',
        '  3. Write the answer file and create it.',
        '     Save as /answers/cfg.yaml:',
        '       kind: ConfigMap',
        '       metadata:',
        '         name: cfg',
        '     kubectl apply -f /answers/cfg.yaml',
        '',
        '  4. Create the quota.',
        '     Save as q1.yaml (any name):',
        '       kind: ResourceQuota',
        '       metadata:',
        '         name: q1',
        '     kubectl apply -f q1.yaml',
      ].join('\n'),
    );
  });

  it('Given a task without a walkthrough, When its solution is shown, Then the solution steps are the fallback', () => {
    expect(text(taskSolutionLines({ walkthrough: [], solution: [{ apply: 'kind: Pod' }] }, 80))).toContain('- apply: "kind: Pod"');
    expect(text(taskSolutionLines({ walkthrough: [{ why: 'Do it.', run: 'kubectl get pods' }], solution: [{ apply: 'x' }] }, 80))).toContain('kubectl get pods');
  });
});

describe('docsLines', () => {
  it('Given a long URL, When it does not fit beside its label, Then it gets its own row, unbroken', () => {
    const url = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
    expect(docsLines([{ label: 'Network Policies', url }], 80).map(lineText)).toEqual(['Docs', '  Network Policies:', `    ${url}`]);
    expect(docsLines([{ label: 'NP', url }], 100).map(lineText)).toEqual(['Docs', `  NP: ${url}`]);
    expect(docsLines([], 80)).toEqual([]);
  });
});

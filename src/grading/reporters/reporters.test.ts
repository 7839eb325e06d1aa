import { describe, expect, it } from 'vitest';
import type { TaskReport } from '../../models/index.js';
import { ALL_HOSTILE, CONTROL, HOSTILE } from '../../../test/text/hostile-text.js';
import { renderReport, renderReports } from './index.js';

const report: TaskReport = {
  formatVersion: 1,
  task: { id: 'cka/static-pod-web', title: 'Run a static pod on a worker' },
  score: { earned: 3, possible: 4, percent: 75 },
  ungraded: 2,
  checks: [
    { id: 'mirror-pod', type: 'static-pod', status: 'passed', points: 3, earned: 3, evidence: 'mirror pod web-kubedrill-worker', durationMs: 5 },
    { id: 'image', type: 'jsonpath', description: 'runs nginx 1.27', status: 'failed', points: 1, earned: 0, expected: 'nginx:1.27', actual: 'nginx:1.26\nsecond line', hint: 'edit the manifest', summary: 'pod/web: spec.containers[0].image is not what the task asks (now: nginx:1.26)', durationMs: 1 },
    { id: 'snap', type: 'etcd-snapshot', status: 'error', points: 1, earned: 0, reason: 'timed out after 30s', durationMs: 30000 },
    { id: 'conn', type: 'connectivity', status: 'unsupported', points: 1, earned: 0, reason: 'needs pod-exec', durationMs: 0 },
  ],
};

describe('plain reporter', () => {
  it('given a mixed report without colour and reveal, when rendered, then marks, points, full evidence and totals read plainly', () => {
    const text = renderReport(report, 'plain', { color: false, reveal: true });
    expect(text).not.toContain('\u001b');
    expect(text).toBe(
      [
        'cka/static-pod-web — Run a static pod on a worker',
        '  ✓ mirror-pod  3/3',
        '      evidence: mirror pod web-kubedrill-worker',
        '  ✗ image — runs nginx 1.27  0/1',
        '      expected: nginx:1.27',
        '      actual: nginx:1.26',
        '              second line',
        '      hint: edit the manifest',
        '  Score: 3/4 points (75%)',
        '  Not graded (2 points, not counted):',
        '  ! snap  1 pt',
        '      could not grade: timed out after 30s',
        '  – conn  1 pt',
        '      not here: needs pod-exec',
        '',
      ].join('\n'),
    );
  });

  it('given no reveal (the default), when rendered, then a failure shows its summary, and neither the expected value, the hint nor passed evidence shows', () => {
    const text = renderReport(report, 'plain', { color: false });
    expect(text).toBe(
      [
        'cka/static-pod-web — Run a static pod on a worker',
        '  ✓ mirror-pod  3/3',
        '  ✗ image — runs nginx 1.27  0/1',
        '      pod/web: spec.containers[0].image is not what the task asks (now: nginx:1.26)',
        '  Score: 3/4 points (75%)',
        '  Not graded (2 points, not counted):',
        '  ! snap  1 pt',
        '      could not grade: timed out after 30s',
        '  – conn  1 pt',
        '      not here: needs pod-exec',
        '  Expected values and evidence are hidden so the check does not give the answer away; --reveal shows them.',
        '',
      ].join('\n'),
    );
    expect(renderReports([report], 'plain')).not.toContain('expected:');
  });

  it('given a failure from a report written before summaries, when rendered without reveal, then a neutral line stands in', () => {
    const old: TaskReport = { ...report, checks: [{ id: 'x', type: 'jsonpath', status: 'failed', points: 1, earned: 0, expected: 'nginx:9.99', actual: 'nothing', durationMs: 1 }] };
    const text = renderReport(old, 'plain', { color: false });
    expect(text).toContain('      not what the task asks yet');
    expect(text).not.toContain('nginx:9.99');
  });

  it('given colour, when rendered, then marks are coloured', () => {
    const text = renderReport(report, 'plain', { color: true });
    expect(text).toContain('\u001b[32m✓\u001b[39m');
    expect(text).toContain('\u001b[31m✗\u001b[39m');
  });
});

describe('json reporter', () => {
  it('given one report, when rendered, then it is the TaskReport as JSON', () => {
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(report);
  });

  it('given several reports, when rendered, then they are wrapped with a format version', () => {
    expect(JSON.parse(renderReports([report, report], 'json'))).toEqual({ formatVersion: 1, reports: [report, report] });
    expect(renderReports([report, report], 'plain').split('Score:')).toHaveLength(3);
  });
});

describe('pack text in reports', () => {
  const hostile: TaskReport = {
    ...report,
    task: { id: `cka/x${HOSTILE.c1}`, title: `t ${HOSTILE.title}` },
    problems: [`cannot read ${HOSTILE.bidi}`],
    checks: [
      { id: `c${HOSTILE.cursor}`, type: 'jsonpath', description: `d ${HOSTILE.hidden}\nforged`, status: 'failed', points: 1, earned: 0, expected: ALL_HOSTILE, actual: `one\n\t${HOSTILE.clipboard}`, hint: HOSTILE.title, durationMs: 1 },
      { id: 'e', type: 'jsonpath', status: 'error', points: 1, earned: 0, reason: HOSTILE.c1, durationMs: 1 },
    ],
  };

  it('Given ids, titles, descriptions, hints and evidence with terminal controls, When rendered plain (with colour), Then they show escaped and only kubedrill’s own colours remain', () => {
    const text = renderReport(hostile, 'plain', { color: true, reveal: true });
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    const withoutOwnColours = text.replace(/\u001b\[(?:1|22|3\d|9\d)m/g, '');
    expect(withoutOwnColours).not.toMatch(CONTROL);
    expect(text).toContain('t \\x1b]0;PWNED-BY-STATEMENT\\x07');
    expect(text).toContain('d visible \\x1b[8mhidden\\x1b[0m\\nforged');
    // Multi-line values keep their lines and tabs.
    expect(text).toContain('      actual: one\n              \t\\x1b]52;c;');
  });

  it('Given the same report, When rendered as JSON, Then no raw control remains and it parses back unchanged', () => {
    const json = renderReports([hostile], 'json');
    expect(json).not.toMatch(CONTROL);
    expect(JSON.parse(json)).toEqual({ formatVersion: 1, reports: [hostile] });
  });
});

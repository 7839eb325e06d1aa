import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ALL_HOSTILE, CONTROL, HOSTILE } from '../test/text/hostile-text.js';
import { InterruptedError, UsageError, UserError } from './errors.js';
import { renderError } from './render-error.js';
import { ExternalError, ProcessAbortedError } from './system/errors.js';

function capture() {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stderr, text: () => text };
}

describe('renderError', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('Given an interrupt by %s, When rendered, Then nothing is printed and the exit code is %i', (signal, code) => {
    const out = capture();
    expect(renderError(new InterruptedError(signal), out)).toBe(code);
    expect(out.text()).toBe('');
  });

  it('Given a user error quoting pack text with terminal controls, When rendered, Then the message keeps its lines and shows the controls escaped', () => {
    const out = capture();
    const code = renderError(new UserError(`the packs have 2 problem(s):\na.yaml:1:1: ${HOSTILE.title}\nb.yaml:2:2: ${ALL_HOSTILE}`, [`kubedrill pack validate ${HOSTILE.bidi}\nforged`]), out);
    expect(code).toBe(3);
    expect(out.text()).not.toMatch(CONTROL);
    expect(out.text().split('\n')).toEqual([
      'error: the packs have 2 problem(s):',
      'a.yaml:1:1: \\x1b]0;PWNED-BY-STATEMENT\\x07',
      expect.stringMatching(/^b\.yaml:2:2: \\x1b\]0;/),
      '  → kubedrill pack validate abc\\u202edcba\\u202c \\u2066iso\\u2069\\nforged',
      '',
    ]);
  });

  it('Given a cancelled child process, When rendered, Then it is an interrupt: quiet, exit 130, never a bug', () => {
    const out = capture();
    expect(renderError(new ProcessAbortedError('kubectl'), out)).toBe(130);
    expect(out.text()).toBe('');
  });

  it('Given a failed external command, When rendered, Then it is an environment problem (exit 3) with next steps, not a bug', () => {
    const out = capture();
    expect(renderError(new ExternalError('kubectl', ['get', 'pods'], 1, 'error: connection refused\n'), out)).toBe(3);
    expect(out.text()).toMatch(/^error: kubectl get pods failed \(exit 1\): error: connection refused\n {2}→ kubedrill doctor/);
  });

  it('Given --json, When a usage error is rendered, Then stdout holds it as JSON and stderr as text', () => {
    const out = capture();
    const json = capture();
    expect(renderError(new UsageError('no task with id "x"', ['kubedrill list']), { stderr: out.stderr, json: json.stderr })).toBe(2);
    expect(JSON.parse(json.text())).toEqual({ formatVersion: 1, error: { kind: 'usage', message: 'no task with id "x"', nextSteps: ['kubedrill list'], exitCode: 2 } });
    expect(out.text()).toContain('error: no task with id "x"');
  });

  it('Given a bug whose message holds a pack id with controls, When rendered, Then it is still reported, escaped', () => {
    const out = capture();
    expect(renderError(new Error(`kubectl ${HOSTILE.c1}`), out)).toBe(70);
    expect(out.text()).toContain('kubedrill hit a bug: kubectl x\\x9b31mred');
    expect(out.text()).not.toMatch(CONTROL);
  });
});

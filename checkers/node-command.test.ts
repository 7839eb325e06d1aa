import { describe, expect, it } from 'vitest';
import { LocalNodes } from '../test/etcd/local-nodes.js';
import { nodeOnlyContext } from '../test/etcd/check-context.js';
import { nodeCommandChecker } from './node-command.js';

// The "node" is this machine: commands run for real with sh.
const nodes = new LocalNodes();
const grade = (p: Record<string, unknown>) => nodeCommandChecker.run(nodeCommandChecker.params.parse({ node: 'worker1', ...p }), nodeOnlyContext(nodes));

describe('node-command', () => {
  it('Given an invalid regular expression or two output operators, then the params are refused at load', () => {
    expect(nodeCommandChecker.params.safeParse({ node: 'worker1', command: 'true', stdoutMatches: '([' }).error?.issues[0]).toMatchObject({ path: ['stdoutMatches'] });
    expect(nodeCommandChecker.params.safeParse({ node: 'worker1', command: 'true', stdoutEquals: 'a', stdoutContains: 'a' }).success).toBe(false);
  });

  it('Given a command that prints active, when stdoutContains active, then it passes with the output', async () => {
    expect(await grade({ command: 'echo active', stdoutContains: 'active' })).toEqual({
      status: 'passed',
      evidence: '`echo active` on worker1: exit 0, "active"',
    });
    expect(nodes.calls.at(-1)).toEqual({ node: 'worker1', script: 'echo active' });
  });

  it('Given an inactive service (exit 3), then it fails with the exit code, output and stderr', async () => {
    const outcome = await grade({ command: 'echo inactive; echo "unit stopped" >&2; exit 3', stdoutEquals: 'active' });

    expect(outcome).toEqual({
      status: 'failed',
      expected: '`echo inactive; echo "unit stopped" >&2; exit 3` on worker1: exit 0, output "active"',
      actual: 'exit 3, output "inactive"; stderr "unit stopped"',
      // Neither the command nor the output it should give: only what it found.
      summary: 'on worker1, the check command gave exit 3, output "inactive"; stderr "unit stopped": not what the task asks',
    });
  });

  it('Given an expected non-zero exit and a regex, then both are compared', async () => {
    expect((await grade({ command: 'echo v1.32.2; exit 1', exitCode: 1, stdoutMatches: '^v1\\.32\\.' })).status).toBe('passed');
    expect((await grade({ command: 'echo v1.31.0; exit 1', exitCode: 1, stdoutMatches: '^v1\\.32\\.' })).status).toBe('failed');
  });

  it('rejects two output comparisons or a bad regex', () => {
    expect(nodeCommandChecker.params.safeParse({ node: 'worker1', command: 'x', stdoutContains: 'a', stdoutEquals: 'a' }).success).toBe(false);
    expect(nodeCommandChecker.params.safeParse({ node: 'worker1', command: 'x', stdoutMatches: '(' }).success).toBe(false);
  });
});

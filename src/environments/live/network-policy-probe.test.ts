import { describe, expect, it } from 'vitest';
import type { ProcessResult } from '../../system/index.js';
import type { Kubectl } from './kubectl.js';
import { probeNetworkPolicy, PROBE_NAMESPACE } from './network-policy-probe.js';

/** A kubectl whose `exec … nc` answers come from `connects` (true = connected), recording every call. */
function fakeKubectl(connects: (denyApplied: boolean) => boolean) {
  const calls: string[] = [];
  let denyApplied = false;
  const answer = (args: readonly string[], input?: string): ProcessResult => {
    calls.push(args.join(' '));
    if (args[0] === 'apply' && input?.includes('kind: NetworkPolicy')) denyApplied = true;
    if (args[0] === 'get') return { exitCode: 0, stdout: '10.244.1.7', stderr: '', durationMs: 1 };
    if (args[0] === 'exec') return { exitCode: connects(denyApplied) ? 0 : 1, stdout: '', stderr: '', durationMs: 1 };
    return { exitCode: 0, stdout: '', stderr: '', durationMs: 1 };
  };
  const kubectl: Kubectl = {
    target: { context: 'kind-t' },
    argv: (args) => [...args],
    run: async (args, options) => answer(args, options?.input as string | undefined),
    runOk: async (args, options) => answer(args, options?.input as string | undefined),
  };
  return { kubectl, calls };
}

const noSleep = async () => undefined;

describe('NetworkPolicy probe (fake kubectl)', () => {
  it('given a CNI that enforces policies, when probed, then enforced, after waiting out an old probe namespace, and the namespace is removed', async () => {
    const { kubectl, calls } = fakeKubectl((deny) => !deny);
    const result = await probeNetworkPolicy(kubectl, { sleep: noSleep });
    expect(result).toEqual({ enforced: true, detail: 'a deny-all policy blocked a new connection' });
    expect(calls[0]).toBe(`delete namespace ${PROBE_NAMESPACE} --ignore-not-found --wait=true --timeout=90s`);
    expect(calls[1]).toBe('apply -f -');
    expect(calls.at(-1)).toBe(`delete namespace ${PROBE_NAMESPACE} --ignore-not-found --wait=false`);
  });

  it('given a CNI that ignores policies, when probed, then not enforced with the fix', async () => {
    const { kubectl } = fakeKubectl(() => true);
    const result = await probeNetworkPolicy(kubectl, { sleep: noSleep, attempts: 3 });
    expect(result.enforced).toBe(false);
    expect(result.detail).toMatch(/not enforced.*Calico/);
  });

  it('given no connection even without a policy, then enforcement is unproven rather than claimed', async () => {
    const { kubectl } = fakeKubectl(() => false);
    expect((await probeNetworkPolicy(kubectl, { sleep: noSleep })).detail).toMatch(/could not connect even without a policy/);
  });
});

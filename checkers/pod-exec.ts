import { z } from 'zod';
import { defineChecker, failed, passed } from '../src/models/index.js';
import type { K8sObject } from '../src/models/index.js';
import { findPod, podSelectorFields } from './pod-status.js';
import { excerpt } from './support/excerpt.js';
import { regexSchema } from './support/ref.js';

const params = z
  .strictObject({
    ...podSelectorFields,
    container: z.string().min(1).optional().describe("default: the pod's default container, as kubectl exec picks it"),
    command: z.array(z.string()).min(1).describe('argv, no shell unless it names one: [sh, -c, "…"]'),
    exitCode: z.number().int().min(0).max(255).default(0),
    stdoutContains: z.string().optional(),
    stdoutEquals: z.string().optional(),
    stdoutMatches: regexSchema.optional().describe('JavaScript regex, tested against the trimmed output'),
    timeoutSeconds: z.number().int().min(1).max(60).default(15),
  })
  .refine((p) => (p.pod === undefined) !== (p.selector === undefined), { message: 'give exactly one of pod or selector' })
  .refine((p) => [p.stdoutContains, p.stdoutEquals, p.stdoutMatches].filter((x) => x !== undefined).length <= 1, {
    message: 'give at most one of stdoutContains, stdoutEquals, stdoutMatches',
  });

interface ContainerSpec {
  name?: string;
  restartPolicy?: string;
}
interface ContainerStatus {
  name?: string;
  state?: { running?: unknown; waiting?: { reason?: string }; terminated?: { reason?: string } };
}

/**
 * The container a command would run in and whether it is running, or why not. kubectl exec
 * picks `kubectl.kubernetes.io/default-container`, else the first container; a native sidecar
 * (an init container with `restartPolicy: Always`) can be exec'd into by name.
 */
function containerProblem(pod: K8sObject, wanted: string | undefined): { name: string } | { problem: string } {
  const spec = (pod.spec ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
  const status = (pod.status ?? {}) as { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const names = [...(spec.containers ?? []), ...sidecars].map((c) => c.name ?? '');
  const fallback = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ?? spec.containers?.[0]?.name ?? '';
  const name = wanted ?? fallback;
  if (!names.includes(name)) return { problem: `has no container ${name}${names.length ? ` (containers: ${names.join(', ')})` : ''}` };
  const state = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].find((s) => s.name === name)?.state;
  if (state?.running !== undefined) return { name };
  const why = state?.waiting?.reason ?? state?.terminated?.reason;
  return { problem: `container ${name} is not running${why ? ` (${why})` : ''}` };
}

/** A command in a container of a running pod: exit code and output, as `kubectl exec` shows them. */
export const podExecChecker = defineChecker({
  type: 'pod-exec',
  summary: 'exit code and output of a command run in a container (kubectl exec)',
  params,
  needs: ['pod-exec'],
  timeoutMs: (p) => (p.timeoutSeconds + 20) * 1000,
  async run(p, ctx) {
    const cmd = excerpt(p.command.join(' '), 80);
    const wants: string[] = [`exit ${p.exitCode}`];
    if (p.stdoutEquals !== undefined) wants.push(`output "${p.stdoutEquals.trim()}"`);
    else if (p.stdoutContains !== undefined) wants.push(`output containing "${p.stdoutContains}"`);
    else if (p.stdoutMatches !== undefined) wants.push(`output matching /${p.stdoutMatches}/`);
    const label = p.pod !== undefined ? `pod ${p.pod}` : `a pod matching ${p.selector}`;
    const where = `${label} in namespace ${p.namespace}${p.container !== undefined ? ` (container ${p.container})` : ''}`;
    const expected = `\`${cmd}\` in ${where}: ${wants.join(', ')}`;

    const found = await findPod(ctx.cluster, p);
    if ('missing' in found) return failed(expected, found.missing, { summary: found.missing });
    const pod = `pod ${found.name} in namespace ${p.namespace}`;
    const phase = (found.pod.status as { phase?: string } | undefined)?.phase ?? 'Unknown';
    // kubectl exec into a pod that is not running fails as kubectl's own error: say what the pod is doing instead.
    if (phase !== 'Running') return failed(expected, `${pod} is ${phase}, not Running`, { summary: `${pod} is ${phase}, not Running` });
    const container = containerProblem(found.pod, p.container);
    if ('problem' in container) return failed(expected, `${pod} ${container.problem}`, { summary: `${pod} ${container.problem}` });

    const result = await ctx.cluster.execInPod({
      namespace: p.namespace,
      pod: found.name,
      ...(p.container !== undefined ? { container: p.container } : {}),
      command: p.command,
      timeoutMs: p.timeoutSeconds * 1000,
    });
    const out = result.stdout.trim();
    const problems: string[] = [];
    if (result.exitCode !== p.exitCode) problems.push(`exit ${result.exitCode}`);
    const outputOk =
      p.stdoutEquals !== undefined ? out === p.stdoutEquals.trim()
      : p.stdoutContains !== undefined ? out.includes(p.stdoutContains)
      : p.stdoutMatches !== undefined ? new RegExp(p.stdoutMatches).test(out)
      : true;
    if (!outputOk) problems.push(`output "${excerpt(out)}"`);
    const ran = `in ${pod} (container ${container.name})`;
    if (problems.length === 0) return passed(`\`${cmd}\` ${ran}: exit ${result.exitCode}${out ? `, "${excerpt(out)}"` : ''}`);
    // kubectl's "command terminated with exit code N" says nothing new; the command's own stderr does.
    const errText = result.stderr.replace(/^command terminated with exit code \d+\s*$/m, '').trim();
    const stderr = result.exitCode !== p.exitCode && errText ? `; stderr "${excerpt(errText)}"` : '';
    // The command can spell out the answer (a grep for the expected value): before the solution
    // only what it found in the learner's container is shown.
    return failed(expected, `${problems.join(', ')}${stderr}`, {
      summary: `${ran}, the check command gave ${problems.join(', ')}${stderr}: not what the task asks`,
    });
  },
});

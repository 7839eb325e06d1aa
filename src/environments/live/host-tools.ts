import type { Capability } from '../../models/index.js';
import { MissingBinaryError, type ProcessRunner } from '../../system/index.js';

/**
 * Programs on the learner's machine that some tasks need: `helm` for a pack's helm steps (run
 * against kubedrill's own kubeconfig only, live/step-runner.ts), `openssl` for tasks whose
 * learner makes keys and certificates. Each is a capability (models/ports.ts): a task that
 * needs one is not offered where it is missing or too old, with the reason, and `doctor` shows
 * it with the version it needs and how to install it.
 */
export const HOST_TOOLS = {
  helm: {
    args: ['version', '--short'],
    // 3.8: OCI support left experimental, `--kube-context` and HELM_* homes behave as used here.
    min: [3, 8, 0],
    install: 'install helm 3.8 or newer: https://helm.sh/docs/intro/install/',
  },
  openssl: {
    args: ['version'],
    min: [1, 1, 1],
    install: 'install OpenSSL 1.1.1 or newer (apt-get install openssl, brew install openssl)',
  },
} as const satisfies Record<string, { args: readonly string[]; min: readonly number[]; install: string }>;

export type HostTool = keyof typeof HOST_TOOLS & Capability;
export const HOST_TOOL_NAMES = Object.keys(HOST_TOOLS) as HostTool[];

/** A host tool's state: its version, or why it cannot be used (with the fix). */
export type HostToolState = { ok: true; version: string } | { ok: false; reason: string; fix: string };

/** Looks for a host tool on PATH and compares its version with the one kubedrill needs. */
export async function probeHostTool(runner: ProcessRunner, tool: HostTool): Promise<HostToolState> {
  const { args, min, install } = HOST_TOOLS[tool];
  let output: string;
  try {
    const result = await runner.run(tool, args, { timeoutMs: 15_000 });
    output = `${result.stdout}\n${result.stderr}`;
  } catch (error) {
    if (error instanceof MissingBinaryError) return { ok: false, reason: `${tool} is not on your PATH`, fix: install };
    return { ok: false, reason: `${tool} did not answer: ${(error as Error).message}`, fix: install };
  }
  const found = /(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!found) return { ok: false, reason: `cannot read the version of ${tool} (${output.trim().split('\n')[0] ?? ''})`, fix: install };
  const version = [Number(found[1]), Number(found[2]), Number(found[3])];
  const wanted = min.join('.');
  if (!atLeast(version, min)) return { ok: false, reason: `${tool} ${version.join('.')} is older than ${wanted}`, fix: install };
  return { ok: true, version: version.join('.') };
}

function atLeast(version: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    const a = version[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerNodes } from '../../src/environments/kind/docker-nodes.js';
import { NodeUnavailableError } from '../../src/environments/live/nodes.js';
import { kubectlInControlPlane } from '../../src/environments/kind/pack-kubectl.js';
import { createProcessRunner, ProcessTimeoutError } from '../../src/system/index.js';
import { dockerUnavailableReason, ensureTestNodeImage, startNodeContainer } from './test-node-image.js';

// Tier 3 (the README, Tests): the docker node adapter against a real Docker engine and a container
// named like a kind node. Skipped, saying why, without Docker — but never under CI.
const reason = dockerUnavailableReason();
// KUBEDRILL_TEST_ON_CI: the CI machine's CI=true as vitest.config.ts passes it on.
const runHere = reason === undefined || process.env.KUBEDRILL_TEST_ON_CI === 'true';
if (!runHere) console.warn(`[skipped] docker node adapter tests: ${reason}`);

describe.skipIf(!runHere)('docker Nodes adapter against a real Docker engine', () => {
  const cluster = `kdtest${process.pid}`;
  let remove: () => void = () => {};
  const nodes = createDockerNodes({ runner: createProcessRunner(), cluster });

  beforeAll(async () => {
    if (reason !== undefined) throw new Error(`CI=true but Docker is unavailable: ${reason}`);
    await ensureTestNodeImage();
    remove = startNodeContainer(`${cluster}-control-plane`);
  }, 120_000);
  afterAll(() => remove());

  it('given a bash script, when exec on controlplane, then it runs inside the node with stdout and exit code', async () => {
    const result = await nodes.exec('controlplane', 'names=(a b c)\necho "${#names[@]} $(hostname)"\nexit 3\n');
    expect(result.exitCode).toBe(3);
    expect(result.stdout.trim().split(' ')[0]).toBe('3');
  });

  it('given a script that writes a file, when exec, then the file is in the node and not on the host', async () => {
    const path = `/tmp/kubedrill-marker-${process.pid}`;
    const result = await nodes.exec('controlplane', `mkdir -p /etc/kubernetes/manifests && printf 'kind: Pod\\n' > ${path}`);
    expect(result.exitCode).toBe(0);
    expect(await nodes.readFile('controlplane', path)).toBe('kind: Pod\n');
    expect(existsSync(path)).toBe(false);
  });

  it('given a path with spaces, when readFile, then it is read verbatim (argv, no shell)', async () => {
    await nodes.exec('controlplane', `printf 'x' > '/tmp/a file; echo'`);
    expect(await nodes.readFile('controlplane', '/tmp/a file; echo')).toBe('x');
  });

  it('given a missing file, when readFile, then undefined', async () => {
    expect(await nodes.readFile('controlplane', '/etc/kubernetes/nope.yaml')).toBeUndefined();
  });

  it('given a node whose container does not exist, when exec or readFile, then a clear NodeUnavailableError', async () => {
    const error = await nodes.exec('worker2', 'true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeUnavailableError);
    expect((error as Error).message).toContain(`${cluster}-worker2`);
    await expect(nodes.readFile('worker1', '/etc/hostname')).rejects.toBeInstanceOf(NodeUnavailableError);
  });

  it('given a script longer than its deadline, when exec, then a timeout error', async () => {
    const started = Date.now();
    await expect(nodes.exec('controlplane', 'sleep 30', { timeoutMs: 1000 })).rejects.toBeInstanceOf(ProcessTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('given a pack kubectl step with quotes and an answer file, when run in the control-plane node, then kubectl there gets the argv verbatim and the file byte for byte', async () => {
    // A stand-in kubectl inside the node records its argv and the file it was pointed at.
    const fake = 'mkdir -p /usr/local/bin && cat > /usr/local/bin/kubectl <<\'EOF\'\n#!/bin/bash\nprintf "%s\\n" "$@" > /tmp/kubectl-argv\nfor a in "$@"; do case "$a" in --cert=*) cp "${a#--cert=}" /tmp/kubectl-cert;; esac; done\nEOF\nchmod +x /usr/local/bin/kubectl';
    expect((await nodes.exec('controlplane', fake)).exitCode).toBe(0);
    const answers = await mkdtemp(join(tmpdir(), 'kubedrill-answers-'));
    try {
      const cert = Buffer.from([0, 1, 2, 39, 34, 10, 255, 36, 40]); // NUL, quotes, newline, $(
      await writeFile(join(answers, 'tls.crt'), cert);
      const run = kubectlInControlPlane(nodes, answers);
      await run(['-n', 'web', 'annotate', 'pod', 'x', "note=it's \"quoted\" $(id)", `--cert=${answers}/tls.crt`], { timeoutMs: 20_000 });
      const argv = await nodes.readFile('controlplane', '/tmp/kubectl-argv');
      expect(argv?.split('\n').slice(0, 8)).toEqual(['--kubeconfig', '/etc/kubernetes/admin.conf', '-n', 'web', 'annotate', 'pod', 'x', "note=it's \"quoted\" $(id)"]);
      expect(argv).toContain('--cert=/tmp/kubedrill-answers/tls.crt');
      const copied = await nodes.exec('controlplane', 'od -An -tu1 /tmp/kubectl-cert');
      expect(copied.stdout.trim().split(/\s+/).map(Number)).toEqual([...cert]);
    } finally {
      await rm(answers, { recursive: true, force: true });
    }
  });
});

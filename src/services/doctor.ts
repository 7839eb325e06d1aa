import { INSTALL_DOCKER, INSTALL_KIND } from '../environments/kind/install.js';
import { totalmem } from 'node:os';
import { lastLine, MissingBinaryError, parseJsonOr, type ProcessRunner } from '../system/index.js';
import { kubedrillDataDir } from '../environments/data-dir.js';
import { chooseNodeImage, createKindProvider, imageKubernetesMinor, MIN_KIND_VERSION, parseKindVersion, versionAtLeast } from '../environments/kind/index.js';
import { labClustersNotice } from './lab-clusters.js';
import { createKubectl, probeNetworkPolicy } from '../environments/live/index.js';
import { HOST_TOOL_NAMES, HOST_TOOLS, probeHostTool } from '../environments/live/host-tools.js';

export type FindingStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One thing doctor looked at, with the fix when it is not fine. */
export interface Finding {
  id: string;
  title: string;
  status: FindingStatus;
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  formatVersion: 1;
  findings: Finding[];
  /** True when something needed is missing (the command exits 1). */
  failed: boolean;
}

export interface DoctorOptions {
  runner: ProcessRunner;
  env: NodeJS.ProcessEnv;
  cluster: string;
  /** Bytes of memory on this machine (injected for tests). */
  totalMemory?: number;
  /** Run the NetworkPolicy deny-all probe when a cluster is up (default true). */
  probe?: boolean;
  onFinding?: (finding: Finding) => void;
}

const GIB = 1024 ** 3;

/** `kubedrill doctor`: what a live drill needs, each finding with its fix. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const findings: Finding[] = [];
  const add = (f: Finding) => {
    findings.push(f);
    options.onFinding?.(f);
  };
  const { runner } = options;
  const tryRun = async (command: string, args: string[]) => {
    try {
      return await runner.run(command, args, { timeoutMs: 20_000 });
    } catch (error) {
      if (error instanceof MissingBinaryError) return undefined;
      return { exitCode: 1, stdout: '', stderr: (error as Error).message, durationMs: 0 };
    }
  };

  const dockerCli = await tryRun('docker', ['version', '--format', '{{.Client.Version}}']);
  if (!dockerCli) add({ id: 'docker-cli', title: 'Docker CLI', status: 'fail', detail: 'docker is not on your PATH', fix: INSTALL_DOCKER });
  else add({ id: 'docker-cli', title: 'Docker CLI', status: 'ok', detail: `docker ${dockerCli.stdout.trim().split('\n')[0] ?? ''}`.trim() });
  const daemon = dockerCli ? await tryRun('docker', ['info', '--format', '{{.ServerVersion}}']) : undefined;
  if (dockerCli && daemon?.exitCode === 0) add({ id: 'docker-daemon', title: 'Docker daemon', status: 'ok', detail: `engine ${daemon.stdout.trim()}` });
  else if (dockerCli) {
    add({ id: 'docker-daemon', title: 'Docker daemon', status: 'fail', detail: lastLine(daemon?.stderr ?? '') || 'the daemon does not answer', fix: 'start Docker (Docker Desktop, or: sudo systemctl start docker) and make sure `docker info` works without sudo' });
  }

  const kindOut = await tryRun('kind', ['version']);
  const kindVersion = kindOut ? parseKindVersion(kindOut.stdout) : undefined;
  if (!kindOut) add({ id: 'kind', title: 'kind', status: 'fail', detail: 'kind is not on your PATH', fix: INSTALL_KIND });
  else if (kindVersion && !versionAtLeast(kindVersion, MIN_KIND_VERSION)) {
    add({ id: 'kind', title: 'kind', status: 'fail', detail: `kind ${kindVersion.join('.')} does not enforce NetworkPolicy`, fix: INSTALL_KIND });
  } else add({ id: 'kind', title: 'kind', status: 'ok', detail: `kind ${kindVersion?.join('.') ?? kindOut.stdout.trim()}` });
  // The image `cluster up` creates clusters with (the kubectl skew below is measured against it).
  const image = kindOut && kindVersion && versionAtLeast(kindVersion, MIN_KIND_VERSION) ? chooseNodeImage(kindOut.stdout) : undefined;
  if (image?.image) add({ id: 'node-image', title: 'Node image', status: 'ok', detail: image.note });
  else if (image) {
    add({ id: 'node-image', title: 'Node image', status: 'warn', detail: image.note, fix: 'use a kind release kubedrill pins an image for, or choose one: kubedrill cluster up --image kindest/node:vX.Y.Z@sha256:…' });
  }

  const kubectlOut = await tryRun('kubectl', ['version', '--client', '-o', 'json']);
  const clientMinor = kubectlOut ? minorOf((parseJsonOr(kubectlOut.stdout, {}) as { clientVersion?: { minor?: string } }).clientVersion?.minor) : undefined;
  if (!kubectlOut) add({ id: 'kubectl', title: 'kubectl', status: 'fail', detail: 'kubectl is not on your PATH', fix: 'install kubectl: https://kubernetes.io/docs/tasks/tools/' });

  const memory = options.totalMemory ?? totalmem();
  add(
    memory >= 8 * GIB
      ? { id: 'memory', title: 'Memory', status: 'ok', detail: `${(memory / GIB).toFixed(1)} GB` }
      : { id: 'memory', title: 'Memory', status: 'warn', detail: `${(memory / GIB).toFixed(1)} GB; 3 kind nodes want about 8 GB`, fix: 'close other programs, give Docker more memory, or drill tasks that need fewer workers' },
  );

  let serverMinor = imageKubernetesMinor(image?.image);
  const canUseCluster = dockerCli && daemon?.exitCode === 0 && kindOut;
  if (canUseCluster) {
    const dataDir = kubedrillDataDir(options.env);
    const kind = createKindProvider({ runner, dataDir });
    const status = await kind.status(options.cluster).catch((e: unknown) => e as Error);
    if (status instanceof Error) add({ id: 'cluster', title: `Cluster ${options.cluster}`, status: 'warn', detail: status.message });
    else if (!status.exists) add({ id: 'cluster', title: `Cluster ${options.cluster}`, status: 'skip', detail: 'not created yet', fix: 'kubedrill cluster up' });
    else if (!status.healthy) {
      const ready = status.health?.nodes.filter((n) => n.ready).length ?? 0;
      add({ id: 'cluster', title: `Cluster ${options.cluster}`, status: 'warn', detail: `not healthy: ${ready}/${status.health?.nodes.length ?? 0} nodes Ready, CoreDNS ${status.health?.coreDnsAvailable ? 'available' : 'unavailable'}`, fix: `kubedrill cluster down --cluster ${options.cluster} && kubedrill cluster up --cluster ${options.cluster}` });
    } else {
      add({ id: 'cluster', title: `Cluster ${options.cluster}`, status: 'ok', detail: `${status.health?.nodes.length ?? 0} nodes Ready, CoreDNS available` });
      const kubectl = createKubectl({ runner, target: { context: status.context, kubeconfig: status.kubeconfig } });
      const nodes = await kubectl.run(['get', 'nodes', '-o', 'jsonpath={.items[0].status.nodeInfo.kubeletVersion}']).catch(() => undefined);
      serverMinor = minorOf(/v\d+\.(\d+)/.exec(nodes?.stdout ?? '')?.[1]) ?? serverMinor;
      if (options.probe !== false) {
        const probe = await probeNetworkPolicy(kubectl);
        add(probe.enforced
          ? { id: 'network-policy', title: 'NetworkPolicy', status: 'ok', detail: probe.detail }
          : { id: 'network-policy', title: 'NetworkPolicy', status: 'warn', detail: probe.detail, fix: 'use kind ≥ 0.24 (kindnet enforces policies); on WSL2 kernels without nfqueue, install Calico (disableDefaultCNI)' });
      }
    }
    // Left behind by a finished or abandoned exam, they hold memory: say so even when the main cluster is fine.
    const labs = await kind.labClusters(options.cluster).catch(() => [] as string[]);
    const notice = labClustersNotice(options.cluster, labs);
    if (notice) add({ id: 'lab-clusters', title: 'Lab clusters', status: 'warn', detail: notice });
  }
  if (kubectlOut) {
    const skew = clientMinor !== undefined && serverMinor !== undefined ? Math.abs(clientMinor - serverMinor) : undefined;
    add(
      skew !== undefined && skew > 1
        ? { id: 'kubectl', title: 'kubectl', status: 'warn', detail: `kubectl 1.${clientMinor} vs cluster 1.${serverMinor}: more than one minor version apart`, fix: `install kubectl 1.${serverMinor}` }
        : { id: 'kubectl', title: 'kubectl', status: 'ok', detail: `kubectl 1.${clientMinor ?? '?'}${serverMinor !== undefined ? `, cluster 1.${serverMinor}` : ''}` },
    );
  }
  // Only some tasks need these (helm steps, openssl answers): a missing one is a warning, and
  // those tasks are not offered until it is installed.
  for (const tool of HOST_TOOL_NAMES) {
    const state = await probeHostTool(runner, tool);
    add(state.ok
      ? { id: tool, title: tool, status: 'ok', detail: `${tool} ${state.version} (at least ${HOST_TOOLS[tool].min.join('.')})` }
      : { id: tool, title: tool, status: 'warn', detail: `${state.reason}; tasks that need ${tool} are not offered`, fix: state.fix });
  }
  return { formatVersion: 1, findings, failed: findings.some((f) => f.status === 'fail') };
}

function minorOf(text: string | undefined): number | undefined {
  const n = Number.parseInt(text ?? '', 10);
  return Number.isNaN(n) ? undefined : n;
}

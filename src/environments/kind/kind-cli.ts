// kind's CLI answers that need nothing of the models (so no zod): its errors, and the clusters it
// lists. lab-clusters.ts (home screen, before its first frame) and provider.ts share them.
import { INSTALL_DOCKER, INSTALL_KIND } from './install.js';
import { UserError } from '../../errors.js';
import { ExternalError, MissingBinaryError, type ProcessRunner } from '../../system/index.js';
import { labNumber } from './paths.js';

/**
 * Maps kind/Docker failures to errors the learner can act on. kind reports a failure as
 * `ERROR: <msg>` on stderr with exit 1, e.g. `ERROR: failed to create cluster: failed to get
 * docker info: …` without Docker (plus `Cannot connect to the Docker daemon…` when the daemon is
 * down) and `… node(s) already exist for a cluster with the name "N"`.
 */
export function kindFailure(error: unknown, name: string): Error {
  if (error instanceof MissingBinaryError) {
    return error.binary === 'kind' ? new UserError('kind is not installed', [INSTALL_KIND, 'then run: kubedrill doctor']) : error;
  }
  if (!(error instanceof ExternalError)) return error as Error;
  const text = error.stderrTail;
  if (/Cannot connect to the Docker daemon|Is the docker daemon running/i.test(text)) {
    return new UserError('Docker is installed but its daemon is not running', ['start Docker (Docker Desktop, or: sudo systemctl start docker)', 'then run: kubedrill doctor']);
  }
  if (/failed to get docker info|executable file not found|docker: not found/i.test(text)) {
    return new UserError('kind cannot use Docker: Docker is missing or not usable by your user', [INSTALL_DOCKER, 'check that `docker info` works without sudo', 'then run: kubedrill doctor']);
  }
  if (/already exist/i.test(text)) {
    return new UserError(`a kind cluster named "${name}" already exists but kubedrill could not use it`, [`kubedrill cluster status --cluster ${name}`, `kubedrill cluster down --cluster ${name} (deletes it), then kubedrill cluster up`]);
  }
  const line = text.split('\n').filter((l) => l.startsWith('ERROR:')).pop() ?? text.split('\n').pop() ?? error.message;
  return new UserError(`kind failed: ${line}`, ['kubedrill doctor', 'run again with --debug FILE and attach the file to a bug report']);
}

/** Every kind cluster on this machine, kubedrill's or not. */
export async function listKindClusters(runner: ProcessRunner, signal?: AbortSignal): Promise<string[]> {
  // With no clusters kind prints "No kind clusters found." on stderr and nothing on stdout.
  const out = await runner.runOk('kind', ['get', 'clusters'], signal ? { signal } : {}).catch((e: unknown) => {
    throw kindFailure(e, '');
  });
  return out.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** `main`'s lab clusters among `names`, by lab number: only exact `<main>-labN` names, never another cluster. */
export function labClustersOf(main: string, names: readonly string[]): string[] {
  const labs = names.flatMap((name) => {
    const n = labNumber(main, name);
    return n === undefined ? [] : [{ name, n }];
  });
  return labs.sort((a, b) => a.n - b.n).map((lab) => lab.name);
}

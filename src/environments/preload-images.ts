// Puts a task's images (`environment.images`) into a kind cluster's nodes before the task starts,
// so its timer never waits on a registry pull and a slow network cannot fail its setup.
//
// Facts this relies on (kind's `load docker-image` command and its docs):
// - `kind load docker-image IMAGE… --name CLUSTER [--nodes a,b]` copies images from the HOST's
//   Docker (it `docker save`s them and imports them into every node's containerd, namespace
//   k8s.io). It never pulls: an image missing on the host fails with `image: "X" not present
//   locally`, so kubedrill pulls first.
// - It compares the image ID per node and only loads where it is "not yet present on node",
//   so loading again is cheap; the host side is skipped with `docker image inspect` (exit 0 when
//   the image is present).
// - Without `--name` it targets the cluster named "kind" ("no nodes found for cluster \"kind\"").
// Pods must then not force a pull: a `:latest` tag defaults to imagePullPolicy Always, so tasks
// should name pinned tags (nginx:1.27), which default to IfNotPresent.
import { UserError } from '../errors.js';
import { ExternalError, MissingBinaryError, type ProcessRunner } from '../system/index.js';
import { kindFailure } from './kind/kind-cli.js';

export interface PreloadOptions {
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface PreloadResult {
  image: string;
  /** False when the host already had it. */
  pulled: boolean;
}

/** A pull over a slow link can take minutes; a stuck one should not hang a task for ever. */
const PULL_TIMEOUT_MS = 600_000;
const LOAD_TIMEOUT_MS = 300_000;

/** Pulls each image on the host unless present, then loads it into every node of kind cluster `cluster`. */
export async function preloadImages(runner: ProcessRunner, cluster: string, images: readonly string[], options: PreloadOptions = {}): Promise<PreloadResult[]> {
  const signal = options.signal ? { signal: options.signal } : {};
  const results: PreloadResult[] = [];
  for (const image of [...new Set(images)]) {
    const present = await runner.run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], signal).catch((error: unknown) => {
      throw dockerFailure(error, image);
    });
    if (present.exitCode === 0) options.onProgress?.(`image ${image}: already on this machine`);
    else {
      options.onProgress?.(`image ${image}: pulling`);
      await runner.runOk('docker', ['pull', image], { ...signal, timeoutMs: PULL_TIMEOUT_MS }).catch((error: unknown) => {
        throw dockerFailure(error, image);
      });
    }
    options.onProgress?.(`image ${image}: loading into kind cluster ${cluster}`);
    await runner.runOk('kind', ['load', 'docker-image', image, '--name', cluster], { ...signal, timeoutMs: LOAD_TIMEOUT_MS }).catch((error: unknown) => {
      throw kindFailure(error, cluster);
    });
    results.push({ image, pulled: present.exitCode !== 0 });
  }
  return results;
}

function dockerFailure(error: unknown, image: string): Error {
  if (error instanceof MissingBinaryError) return new UserError('docker is not installed', ['kubedrill doctor']);
  if (!(error instanceof ExternalError)) return error as Error;
  const line = error.stderrTail.trim().split('\n').pop() ?? error.message;
  return new UserError(`cannot pull image ${image}: ${line}`, ['check the image name and your network (`docker pull ' + image + '`)', 'kubedrill doctor']);
}

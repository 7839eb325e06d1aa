import type { AccessQuery, Cluster, DryRunAnswer, DryRunOptions, ExecResult, K8sObject, ObjectRef, PodExec } from '../../models/index.js';
import { lastLine, ProcessTimeoutError, type ProcessOptions, type ProcessResult, type ProcessRunner } from '../../system/index.js';

/** Which cluster kubectl talks to. Both are always passed explicitly: never the learner's current context. */
export interface KubectlTarget {
  context: string;
  /** kubedrill's own kubeconfig for kind clusters; the learner's (default) for `--context`. */
  kubeconfig?: string;
}

export interface KubectlConfig {
  runner: ProcessRunner;
  target: KubectlTarget;
  /** API request deadline (`--request-timeout`); the process gets a few seconds more. Default 15 s. */
  requestTimeoutMs?: number;
  /** Discovery cache (`--cache-dir`); tests use a fresh one each. */
  cacheDir?: string;
}

/**
 * Why kubectl could not answer. `unreachable` and `timeout` mean the API server did not answer
 * (down, hung on a broken etcd): the learner's cluster state, so grading fails the checks that
 * needed it. `forbidden` and `failed` are kubedrill's problem and leave checks ungraded.
 */
export type KubectlFailure = 'forbidden' | 'timeout' | 'unreachable' | 'failed';

/** kubectl failed for a reason other than "not found". */
export class KubectlError extends Error {
  override readonly name = 'KubectlError';
  /** Read by `isClusterDown` (models/ports.ts). */
  readonly clusterDown: boolean;
  constructor(
    readonly failure: KubectlFailure,
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.clusterDown = failure === 'unreachable' || failure === 'timeout';
  }
}

/** kubectl bound to one context: every call carries `--kubeconfig` (when known) and `--context`. */
export interface Kubectl {
  readonly target: KubectlTarget;
  /** Full argv after `kubectl` for `args` (global flags first). */
  argv(args: readonly string[]): string[];
  run(args: readonly string[], options?: ProcessOptions): Promise<ProcessResult>;
  /** Runs and throws KubectlError on a non-zero exit. */
  runOk(args: readonly string[], options?: ProcessOptions): Promise<ProcessResult>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** Process deadline on top of the request timeout: kubectl needs a moment to start and print. */
const PROCESS_SLACK_MS = 5_000;

/** Binds kubectl to one context. */
export function createKubectl(config: KubectlConfig): Kubectl {
  const requestTimeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const globals = [
    ...(config.target.kubeconfig !== undefined ? ['--kubeconfig', config.target.kubeconfig] : []),
    '--context',
    config.target.context,
    ...(config.cacheDir !== undefined ? ['--cache-dir', config.cacheDir] : []),
  ];
  const argv = (args: readonly string[]) => [...globals, `--request-timeout=${Math.ceil(requestTimeoutMs / 1000)}s`, ...args];
  async function run(args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
    try {
      return await config.runner.run('kubectl', argv(args), { timeoutMs: requestTimeoutMs + PROCESS_SLACK_MS, ...options });
    } catch (error) {
      if (error instanceof ProcessTimeoutError) {
        throw new KubectlError('timeout', `kubectl ${args.slice(0, 2).join(' ')} timed out (context ${config.target.context})`, '');
      }
      throw error;
    }
  }
  return {
    target: config.target,
    argv,
    run,
    async runOk(args, options) {
      const result = await run(args, options);
      if (result.exitCode !== 0) throw classify(result, args, config.target.context);
      return result;
    },
  };
}

/** Turns a failed kubectl run into a KubectlError with a readable reason. */
export function classify(result: ProcessResult, args: readonly string[], context: string): KubectlError {
  const stderr = result.stderr.trim();
  const line = lastLine(stderr, `exit ${result.exitCode}`);
  const what = `kubectl ${args.slice(0, 3).join(' ')}`;
  if (/\(Forbidden\)|forbidden:/i.test(stderr)) return new KubectlError('forbidden', `${what}: forbidden — ${line}`, stderr);
  if (/Client\.Timeout|context deadline exceeded|i\/o timeout|Timeout exceeded|unable to return a response in the time/i.test(stderr)) {
    return new KubectlError('timeout', `${what}: the API server did not answer in time (context ${context})`, stderr);
  }
  if (/connection refused|The connection to the server .* was refused|Unable to connect to the server|no such host|connect: network is unreachable|connection reset by peer|EOF$|etcdserver:|\(ServiceUnavailable\)|the server is currently unable to handle the request/im.test(stderr)) {
    return new KubectlError('unreachable', `${what}: the API server of context ${context} is unreachable — ${line}`, stderr);
  }
  return new KubectlError('failed', `${what} failed: ${line}`, stderr);
}

const isNotFound = (stderr: string) => /\(NotFound\)/.test(stderr);

/** The Cluster port over kubectl: `get … -o json`, `auth can-i`, `exec`, `create/apply --dry-run=server`. */
export function createKubectlCluster(kubectl: Kubectl): Cluster {
  return {
    async get(ref: ObjectRef): Promise<K8sObject | undefined> {
      const args = ['get', ref.kind, ref.name, ...(ref.namespace !== undefined ? ['-n', ref.namespace] : []), '-o', 'json'];
      const result = await kubectl.run(args);
      if (result.exitCode !== 0) {
        if (isNotFound(result.stderr)) return undefined;
        throw classify(result, args, kubectl.target.context);
      }
      return parseJson(result.stdout, args) as K8sObject;
    },

    async list(kind, opts = {}): Promise<K8sObject[]> {
      const args = [
        'get',
        kind,
        ...(opts.namespace !== undefined ? ['-n', opts.namespace] : ['-A']),
        ...(opts.labelSelector !== undefined ? ['-l', opts.labelSelector] : []),
        '-o',
        'json',
      ];
      const result = await kubectl.runOk(args);
      const list = parseJson(result.stdout, args) as { items?: K8sObject[] };
      return list.items ?? [];
    },

    async canI(q: AccessQuery): Promise<boolean> {
      const args = canIArgs(q);
      const result = await kubectl.run(args);
      // can-i answers "yes" (exit 0) or "no" (exit 1, sometimes "no - <reason>"); anything else is an error.
      const answer = result.stdout.trim().split(/\s/)[0];
      if (answer === 'yes') return true;
      if (answer === 'no') return false;
      throw classify(result, args, kubectl.target.context);
    },

    async execInPod(q: PodExec): Promise<ExecResult> {
      const args = ['exec', '-n', q.namespace, q.pod, ...(q.container !== undefined ? ['-c', q.container] : []), '--', ...q.command];
      const result = await kubectl.run(args, q.timeoutMs !== undefined ? { timeoutMs: q.timeoutMs + PROCESS_SLACK_MS } : {});
      // kubectl passes the command's exit code through; its own failures print "Error from server"/"error:".
      if (result.exitCode !== 0 && /^(Error from server|error:|Unable to connect)/m.test(result.stderr) && !/command terminated with exit code/.test(result.stderr)) {
        throw classify(result, args, kubectl.target.context);
      }
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    },

    async dryRun(manifest: string, opts: DryRunOptions = {}): Promise<DryRunAnswer> {
      const args = dryRunArgs(opts);
      const result = await kubectl.run(args, { input: manifest });
      return readDryRun(result, args, kubectl.target.context);
    },
  };
}

/** The field manager a server-side-apply dry run names; never stored, since nothing is. */
const DRY_RUN_FIELD_MANAGER = 'kubedrill-check';

/** `create|apply --dry-run=server -f - [-n NS] [--as U] [--as-group G]…`. */
export function dryRunArgs(opts: DryRunOptions): string[] {
  const operation =
    opts.operation === 'apply'
      ? // Server-side apply is one PATCH request: no GET first (which the impersonated user may not
        // be allowed), no last-applied annotation; --force-conflicts so that fields another manager
        // owns are not reported as a refusal, which admission never said.
        ['apply', '--server-side', '--force-conflicts', `--field-manager=${DRY_RUN_FIELD_MANAGER}`]
      : ['create'];
  return [
    ...operation,
    '--dry-run=server',
    '-f',
    '-',
    ...(opts.namespace !== undefined ? ['-n', opts.namespace] : []),
    ...(opts.as !== undefined ? [`--as=${opts.as}`] : []),
    ...(opts.asGroups ?? []).map((g) => `--as-group=${g}`),
  ];
}

/** `Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: …`. */
const SERVER_REFUSAL = /^Error from server(?: \((\w+)\))?: (?:error when [\w-]+ "STDIN": )?/m;
/** kubectl prints 422 Invalid answers (schema, ValidatingAdmissionPolicy) as `The Pod "x" is invalid: …`. */
const INVALID_ANSWER = /^The .+ is invalid: /m;
/** kubectl's own words when the API does not serve the kind (a CRD not installed). */
const UNKNOWN_KIND = /no matches for kind/;
/** Server answers that mean the cluster could not decide, not that it refused. */
const CLUSTER_DOWN_REASONS = new Set(['ServiceUnavailable', 'Timeout']);

/**
 * Turns a dry-run's kubectl result into the server's answer. A refusal by the API server is an
 * answer — including a webhook the API server could not call, which refuses the request too.
 * kubectl's own failures, an API server that did not answer (or whose etcd did not) and
 * kubedrill's own user not being allowed to impersonate are errors.
 */
export function readDryRun(result: ProcessResult, args: readonly string[], context: string): DryRunAnswer {
  const lines = result.stderr.replace(/\r\n?/g, '\n').split('\n');
  const warnings = lines.filter((l) => l.startsWith('Warning: ')).map((l) => l.slice('Warning: '.length).trim());
  const rest = lines.filter((l) => !l.startsWith('Warning: ')).join('\n').trim();
  if (result.exitCode === 0) return { allowed: true, message: result.stdout.trim(), warnings };

  const refusal = SERVER_REFUSAL.exec(rest);
  if (refusal) {
    const reason = refusal[1];
    const message = rest.slice(refusal.index + refusal[0].length).trim();
    if (/cannot impersonate/.test(message)) throw new KubectlError('forbidden', `kubectl ${args[0]} --dry-run=server: kubedrill may not impersonate — ${message}`, result.stderr);
    if ((reason !== undefined && CLUSTER_DOWN_REASONS.has(reason)) || /^etcdserver:/.test(message)) throw classifyDown(result, args, context);
    return { allowed: false, ...(reason !== undefined ? { reason } : {}), message, warnings };
  }
  const invalid = INVALID_ANSWER.exec(rest);
  if (invalid) return { allowed: false, reason: 'Invalid', message: rest.slice(invalid.index).trim(), warnings };
  if (UNKNOWN_KIND.test(rest)) return { allowed: false, reason: 'NotFound', message: lastLine(rest, rest), warnings };
  throw classify(result, args, context);
}

/** An answer from a server whose storage did not answer: the cluster is down, whatever classify guesses. */
function classifyDown(result: ProcessResult, args: readonly string[], context: string): KubectlError {
  const error = classify(result, args, context);
  return error.clusterDown ? error : new KubectlError('unreachable', `kubectl ${args[0]}: the API server of context ${context} could not answer — ${lastLine(result.stderr, '')}`, result.stderr);
}

/** `auth can-i VERB RESOURCE[/NAME] --subresource S -n NS --as U --as-group G`. */
export function canIArgs(q: AccessQuery): string[] {
  return [
    'auth',
    'can-i',
    q.verb,
    // kubectl takes TYPE/NAME as one word; a separate NAME is a usage error.
    q.name !== undefined ? `${q.resource}/${q.name}` : q.resource,
    ...(q.subresource !== undefined ? [`--subresource=${q.subresource}`] : []),
    ...(q.namespace !== undefined ? ['-n', q.namespace] : []),
    `--as=${q.as}`,
    ...(q.asGroups ?? []).map((g) => `--as-group=${g}`),
  ];
}

function parseJson(text: string, args: readonly string[]): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KubectlError('failed', `kubectl ${args.slice(0, 3).join(' ')} printed output that is not JSON`, '');
  }
}

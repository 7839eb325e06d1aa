/**
 * What a pack's steps may do (packs come from people the learner does not know). Checked when a
 * pack is validated, so `pack validate` names the place, and again before a step runs.
 * Allow, don't deny: a kubectl step names one of the verbs tasks need; flags that could name
 * another server or identity, read or write a file on the learner's machine, or open a port are
 * refused; names and paths follow the rules Kubernetes and the answers directory impose.
 */

/** kubectl verbs a task may use: changing and reading objects of kubedrill's own cluster. */
export const KUBECTL_VERBS: ReadonlySet<string> = new Set([
  'annotate',
  'apply',
  'autoscale',
  'certificate',
  'cordon',
  'create',
  'delete',
  'describe',
  'drain',
  'exec',
  'expose',
  'get',
  'label',
  'logs',
  'patch',
  'replace',
  'rollout',
  'run',
  'scale',
  'set',
  'taint',
  'uncordon',
  'wait',
]);

/**
 * Long flags a step may not set, with why. Everything that picks the cluster or the identity is
 * kubedrill's to choose; everything that reads or writes a path reads or writes the learner's
 * machine (manifests come through `apply:` steps instead).
 */
const FORBIDDEN_FLAGS: Readonly<Record<string, string>> = Object.fromEntries([
  ...['kubeconfig', 'context', 'cluster', 'server', 'user', 'token', 'as', 'as-group', 'as-uid', 'username', 'password', 'client-certificate', 'client-key', 'certificate-authority', 'insecure-skip-tls-verify', 'tls-server-name', 'request-timeout', 'raw'].map((f) => [
    f,
    'kubedrill chooses the cluster and the identity itself',
  ]),
  ...['filename', 'kustomize', 'profile', 'profile-output', 'cache-dir', 'log-file', 'log-dir', 'output-directory', 'recursive', 'template', 'local'].map((f) => [
    f,
    'it would read or write a file on the learner\'s machine (use an apply step for manifests)',
  ]),
  // (proxy and port-forward, which open ports, are not allowed verbs.)
  ...['stdin', 'tty', 'attach'].map((f) => [f, 'a step may not wait for terminal input']),
]);

/**
 * Flags that read a file: allowed only for the task's own answers directory, written
 * `{{answers}}/…` (a solution that makes a TLS secret from the key the learner generated).
 */
const ANSWER_FILE_FLAGS = new Set(['from-file', 'from-env-file', 'cert', 'key']);

/** One-letter flags a step may use (`-n web`, `-nweb`, `-n=web`); others (`-s`, `-f`, `-k`, `-i`, `-t`) are refused. */
const ALLOWED_SHORT_FLAGS = new Set(['n', 'l', 'o', 'c', 'A', 'p', 'L', 'w', 'r', 'q']);
/** Of those, the ones that take no value (so nothing may follow the letter). */
const BOOLEAN_SHORT_FLAGS = new Set(['A', 'w', 'q']);

/** `-o` forms that read a template file from the learner's machine. */
const FILE_OUTPUT = /^(go-template-file|jsonpath-file|template-file|templatefile)=/;

/**
 * Why a kubectl step's argv is refused, with the index of the offending argument; undefined when
 * allowed. `answers` is how the answers directory appears in argv: the placeholder in a pack, the
 * real directory once placeholders are expanded.
 */
/** Where the command word of a kubectl or helm argv is: after `-n NS` / `--namespace=NS` flags, the only ones allowed before it. */
function verbIndex(argv: readonly string[]): number {
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] ?? '';
    if (arg === '-n' || arg === '--namespace') index += 2;
    else if (/^(-n=?|--namespace=)./.test(arg)) index += 1;
    else break;
  }
  return index;
}

export function kubectlStepProblem(argv: readonly string[], answers = '{{answers}}'): { index: number; message: string } | undefined {
  // Before the verb only the namespace may be given (`-n web label …`); the verb is the first other word.
  const index = verbIndex(argv);
  const verb = argv[index];
  if (verb === undefined || verb.startsWith('-')) {
    const flag = verb === undefined ? undefined : flagProblem(verb, argv[index + 1], answers);
    return { index: Math.min(index, argv.length - 1), message: flag ?? 'a kubectl step starts with its verb (apply, create, label, …), after -n NAMESPACE at most' };
  }
  if (!KUBECTL_VERBS.has(verb)) return { index, message: `a kubectl step may not run "kubectl ${verb}"; allowed: ${[...KUBECTL_VERBS].join(', ')}` };
  for (let i = index + 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break; // what follows is a container's command, not kubectl's flags
    const problem = flagProblem(arg, argv[i + 1], answers);
    if (problem) return { index: i, message: problem };
  }
  return undefined;
}

/** Why one argument (a flag, with the next word as its possible value) is refused. */
function flagProblem(arg: string, next: string | undefined, answers: string): string | undefined {
  if (arg.startsWith('--')) {
    const [name = '', ...rest] = arg.slice(2).split('=');
    const why = FORBIDDEN_FLAGS[name];
    if (why) return `a kubectl step may not set --${name}: ${why}`;
    if (ANSWER_FILE_FLAGS.has(name)) {
      const value = rest.length > 0 ? rest.join('=') : (next ?? '');
      const path = value.slice(value.indexOf('=') + 1); // --from-file=KEY=PATH
      if (!path.startsWith(`${answers}/`) || answerPathProblem(path.slice(answers.length + 1))) {
        return `a kubectl step may read files only from the task's answers directory: write --${name}={{answers}}/FILE`;
      }
    }
    if (name === 'output' && FILE_OUTPUT.test(rest.length > 0 ? rest.join('=') : (next ?? ''))) return 'a kubectl step may not read a template file from the learner\'s machine';
    return undefined;
  }
  if (!arg.startsWith('-') || arg.length < 2 || /^-\d/.test(arg)) return undefined; // a value, or a negative number
  const letter = arg[1] ?? '';
  if (!ALLOWED_SHORT_FLAGS.has(letter)) return `a kubectl step may not use -${letter}; allowed one-letter flags: ${[...ALLOWED_SHORT_FLAGS].map((f) => `-${f}`).join(' ')}`;
  // `-As https://…` would hide -s behind -A: flags without a value stand alone.
  if (BOOLEAN_SHORT_FLAGS.has(letter) && arg.length > 2) return `a kubectl step may not combine one-letter flags (write -${letter} alone)`;
  if (letter === 'o' && FILE_OUTPUT.test(arg.length > 2 ? arg.slice(2).replace(/^=/, '') : (next ?? ''))) return 'a kubectl step may not read a template file from the learner\'s machine';
  return undefined;
}

/** Lower-case RFC 1123 label (namespaces, most names): at most 63 characters. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Lower-case RFC 1123 subdomain (most object names): at most 253 characters. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `{{…}}` placeholders stand for valid names; they are expanded at run time. */
const withoutPlaceholders = (text: string): string => text.replace(/\{\{[^{}]*\}\}/g, 'x');

/** Why a namespace is not one Kubernetes accepts; undefined when valid. */
export function namespaceProblem(namespace: string): string | undefined {
  const value = withoutPlaceholders(namespace);
  return value.length <= 63 && DNS_LABEL.test(value) ? undefined : `"${namespace}" is not a namespace name (lower-case letters, digits and '-', at most 63)`;
}

/**
 * Why a name is not one any object may have: every name must be a valid path segment
 * (apimachinery's IsValidPathSegmentName) — no '/', '%', '\\', and not '.' or '..'.
 */
export function objectNameProblem(name: string): string | undefined {
  if (name === '') return 'metadata.name is empty';
  if (name === '.' || name === '..') return `metadata.name may not be "${name}"`;
  if (/[/%\\\0]/.test(name)) return `metadata.name "${name}" may not contain '/', '%' or '\\'`;
  return undefined;
}

/** Why `<kind>/<name>` is not a reference to one object; undefined when valid. */
export function objectRefProblem(ref: string): string | undefined {
  const value = withoutPlaceholders(ref);
  const slash = value.indexOf('/');
  const kind = value.slice(0, slash);
  const name = value.slice(slash + 1);
  if (slash <= 0 || !/^[A-Za-z][A-Za-z0-9.-]*$/.test(kind)) return `"${ref}" is not <kind>/<name>`;
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name.replace(/:/g, '-'))) return `"${ref}": "${name}" is not an object name (lower-case letters, digits, '-' and '.')`;
  return undefined;
}

/** Why an answer path would leave the answers directory; undefined when it stays inside. */
export function answerPathProblem(path: string): string | undefined {
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return `answer path ${path} must be relative to the answers directory`;
  if (path.split(/[\\/]/).some((segment) => segment === '..')) return `answer path ${path} may not contain ".." (it must stay inside the answers directory)`;
  return undefined;
}

/** Why a docs link is refused: only https links open from kubedrill. */
export function docsUrlProblem(url: string): string | undefined {
  return url.startsWith('https://') ? undefined : `docs link ${url} must be an https:// URL`;
}

/**
 * How a `helm`/`kustomize` step names a pack asset: `{{asset:charts/web}}`. Not a template
 * variable (src/templating.ts leaves it alone: `:` ends a variable name); the step runner
 * replaces it with the path of a fresh copy of the asset.
 */
export const ASSET_REF = /\{\{asset:([^{}]*)\}\}/g;

/** The asset paths an argument names (`--set-file k={{asset:a.txt}}` names one). */
export function assetRefs(arg: string): string[] {
  return [...arg.matchAll(ASSET_REF)].map((m) => m[1] ?? '');
}

/** Why a pack-relative asset path would leave `assets/` or is not one path; undefined when fine. */
export function assetPathProblem(path: string): string | undefined {
  if (path === '') return 'an asset path is empty; name a file or directory below the pack\'s assets/';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `asset path ${path} must be relative to the pack's assets/ directory`;
  if (path.includes('\\') || path.includes('\0')) return `asset path ${path} may not contain '\\' (use /)`;
  if (path.split('/').some((segment) => segment === '..')) return `asset path ${path} may not contain ".." (it must stay inside the pack's assets/ directory)`;
  return undefined;
}

/** Why a path inside a node is refused: absolute, one line. */
export function nodePathProblem(path: string): string | undefined {
  return path.startsWith('/') && !/[\n\r\0]/.test(path) ? undefined : `node path ${JSON.stringify(path)} must be an absolute path on one line`;
}

/** Helm commands a step may run: installing, changing and reading releases of kubedrill's cluster. */
export const HELM_VERBS: ReadonlySet<string> = new Set(['install', 'upgrade', 'uninstall', 'rollback', 'status', 'list', 'get', 'history', 'test']);

/** Helm flags that take no value (anything else on the allow-list takes one). */
const HELM_BOOLEAN_FLAGS = new Set([
  'create-namespace', 'install', 'wait', 'wait-for-jobs', 'atomic', 'reset-values', 'reuse-values', 'reset-then-reuse-values', 'force', 'cleanup-on-fail',
  'skip-crds', 'no-hooks', 'replace', 'keep-history', 'all', 'all-namespaces', 'disable-openapi-validation', 'take-ownership',
  'skip-schema-validation', 'short', 'date', 'reverse', 'deployed', 'failed', 'pending', 'superseded', 'uninstalled', 'uninstalling', 'logs',
  'ignore-not-found', 'hide-notes', 'dry-run',
]);
/** Helm flags with a value a step may set. `values`/`set-file` read files: pack assets only. */
const HELM_VALUE_FLAGS = new Set(['namespace', 'set', 'set-string', 'set-json', 'set-literal', 'values', 'set-file', 'timeout', 'description', 'output', 'max', 'history-max', 'labels', 'filter', 'selector', 'cascade']);
const HELM_ASSET_FLAGS = new Set(['values', 'set-file']);
/** Flags that pick the cluster, the identity or the helm configuration: kubedrill's to choose. */
const HELM_TARGET_FLAGS = new Set([
  'kubeconfig', 'kube-context', 'kube-apiserver', 'kube-token', 'kube-as-user', 'kube-as-group', 'kube-ca-file', 'kube-insecure-skip-tls-verify',
  'kube-tls-server-name', 'registry-config', 'repository-config', 'repository-cache', 'repo', 'username', 'password', 'pass-credentials',
  'insecure-skip-tls-verify', 'plain-http', 'ca-file', 'cert-file', 'key-file', 'keyring', 'verify',
]);
// (`--generate-name` is left out: reset uninstalls the releases a step made, so each has a name.)
/** One-letter helm flags a step may use: -n NS, -f {{asset:…}}, -o FORMAT, -A. */
const HELM_SHORT_FLAGS: Readonly<Record<string, 'value' | 'asset' | 'boolean'>> = { n: 'value', f: 'asset', o: 'value', A: 'boolean' };

/**
 * Why a helm step's argv is refused, with the index of the offending argument; undefined when
 * allowed. Allow, don't deny: a verb from HELM_VERBS, flags from an allow-list (never one that
 * names another cluster, identity or helm configuration, runs a post-renderer or writes files),
 * and every file helm reads — charts and values — a pack asset written `{{asset:PATH}}`. A bare
 * word is a release or chart name: helm runs in an empty directory of asset copies, so a name
 * cannot reach the learner's files, and a repository chart (`repo/chart`, `oci://…`) has a `/`.
 */
export function helmStepProblem(argv: readonly string[]): { index: number; message: string } | undefined {
  const index = verbIndex(argv);
  const verb = argv[index];
  if (verb === undefined || verb.startsWith('-')) return { index: Math.min(index, Math.max(argv.length - 1, 0)), message: 'a helm step starts with its command (install, upgrade, …), after -n NAMESPACE at most' };
  if (!HELM_VERBS.has(verb)) return { index, message: `a helm step may not run "helm ${verb}"; allowed: ${[...HELM_VERBS].join(', ')}` };
  for (let i = index + 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const problem = helmArgProblem(arg, argv[i + 1]);
    if (problem === 'takes-next') i++;
    else if (problem) return { index: problem.at === 'next' ? i + 1 : i, message: problem.message };
  }
  return undefined;
}

type HelmArgVerdict = undefined | 'takes-next' | { at: 'this' | 'next'; message: string };

function helmArgProblem(arg: string, next: string | undefined): HelmArgVerdict {
  const assetOnly = (value: string | undefined, flag: string, at: 'this' | 'next'): HelmArgVerdict => {
    const path = flag === '--set-file' ? (value ?? '').slice((value ?? '').indexOf('=') + 1) : (value ?? '');
    if (/^\{\{asset:[^{}]+\}\}$/.test(path)) return undefined;
    return { at, message: `a helm step may read files only from the pack's assets: write ${flag}${flag === '--set-file' ? ' KEY=' : ' '}{{asset:PATH}}` };
  };
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (HELM_TARGET_FLAGS.has(name)) return { at: 'this', message: `a helm step may not set --${name}: kubedrill chooses the cluster, the identity and helm's configuration itself` };
    if (HELM_BOOLEAN_FLAGS.has(name)) return undefined;
    if (!HELM_VALUE_FLAGS.has(name)) return { at: 'this', message: `a helm step may not set --${name}; allowed flags: ${[...HELM_VALUE_FLAGS, ...HELM_BOOLEAN_FLAGS].map((f) => `--${f}`).join(' ')}` };
    if (HELM_ASSET_FLAGS.has(name)) {
      const verdict = assetOnly(inline ?? next, `--${name}`, inline === undefined ? 'next' : 'this');
      if (verdict) return verdict;
    }
    return inline === undefined ? 'takes-next' : undefined;
  }
  if (arg.startsWith('-') && arg.length >= 2 && !/^-\d/.test(arg)) {
    const letter = arg[1] ?? '';
    const kind = HELM_SHORT_FLAGS[letter];
    if (!kind) return { at: 'this', message: `a helm step may not use -${letter}; allowed one-letter flags: ${Object.keys(HELM_SHORT_FLAGS).map((f) => `-${f}`).join(' ')}` };
    if (kind === 'boolean') return arg.length > 2 ? { at: 'this', message: `a helm step may not combine one-letter flags (write -${letter} alone)` } : undefined;
    const inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
    if (kind === 'asset') {
      const verdict = assetOnly(inline ?? next, '-f', inline === undefined ? 'next' : 'this');
      if (verdict) return verdict;
    }
    return inline === undefined ? 'takes-next' : undefined;
  }
  // A release or chart name, or a chart written as an asset.
  if (/^\{\{asset:[^{}]+\}\}$/.test(arg)) return undefined;
  if (arg.includes('{{asset:')) return { at: 'this', message: 'a chart is named by the asset alone: write "{{asset:PATH}}" as the whole argument' };
  if (/[/\\:~]/.test(arg) || arg.startsWith('.')) {
    return { at: 'this', message: `"${arg}" names a path or a repository chart: a helm step installs charts shipped in the pack's assets, written "{{asset:charts/NAME}}"` };
  }
  return undefined;
}

/**
 * Why a kustomize step's argv is refused; undefined when allowed. The one form is
 * `[build, "{{asset:DIR}}"]`: kubedrill builds it with kubectl's own kustomize, which by default
 * reads only files below that directory, and applies the result like an `apply` step. Flags are
 * refused (`--enable-helm`, `--enable-exec` and plugins run programs; `--load-restrictor` reads
 * outside the directory; `-o` writes files).
 */
export function kustomizeStepProblem(argv: readonly string[]): { index: number; message: string } | undefined {
  if (argv[0] !== 'build') return { index: 0, message: 'a kustomize step is [build, "{{asset:DIR}}"]' };
  if (argv.length !== 2) return { index: Math.min(argv.length - 1, 2), message: 'a kustomize step is [build, "{{asset:DIR}}"]: one kustomization directory and no flags' };
  if (!/^\{\{asset:[^{}]+\}\}$/.test(argv[1] ?? '')) return { index: 1, message: 'a kustomize step builds a directory of the pack\'s assets: write "{{asset:DIR}}"' };
  return undefined;
}

/**
 * The release and namespace of an allowed helm step (argv that helmStepProblem passed): what
 * reset uninstalls. `release` is the first word after install/upgrade; the namespace is -n's, or
 * undefined for the context's default.
 */
export function helmRelease(argv: readonly string[]): { verb: string; release: string | undefined; namespace: string | undefined; createsNamespace: boolean } {
  const positionals: string[] = [];
  let namespace: string | undefined;
  let createsNamespace = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const long = /^--([^=]+)(=(.*))?$/.exec(arg);
    if (long) {
      const [, name = '', hasValue, value] = long;
      if (name === 'create-namespace') createsNamespace = true;
      if (HELM_BOOLEAN_FLAGS.has(name) || hasValue !== undefined) {
        if (name === 'namespace') namespace = value;
        continue;
      }
      if (name === 'namespace') namespace = argv[i + 1];
      i++;
    } else if (arg.startsWith('-') && arg.length >= 2 && !/^-\d/.test(arg)) {
      const letter = arg[1] ?? '';
      if (HELM_SHORT_FLAGS[letter] === 'boolean') continue;
      const inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      if (letter === 'n') namespace = inline ?? argv[i + 1];
      if (inline === undefined) i++;
    } else positionals.push(arg);
  }
  const [verb = '', release] = positionals;
  return { verb, release, namespace, createsNamespace };
}

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
export function kubectlStepProblem(argv: readonly string[], answers = '{{answers}}'): { index: number; message: string } | undefined {
  // Before the verb only the namespace may be given (`-n web label …`); the verb is the first other word.
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] ?? '';
    if (arg === '-n' || arg === '--namespace') index += 2;
    else if (/^(-n=?|--namespace=)./.test(arg)) index += 1;
    else break;
  }
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

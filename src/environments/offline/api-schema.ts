/**
 * What `kubectl apply` would refuse in an object, judged by the Kubernetes OpenAPI schemas that
 * the `kubernetes-models` package compiles into validators (one module per kind, Kubernetes 1.33
 * API). Only the offline path uses it, and it is imported on first use, so commands that never
 * read a workspace do not pay for loading it.
 *
 * The compiled validators check types, enums and required fields, but accept unknown fields (the
 * OpenAPI spec does not forbid them; kubectl's strict field validation does). So each object is
 * validated through a recording proxy: every field name a validator looks up on an object is a
 * field its schema declares. An own key that was never looked up, on an object whose schema
 * declares fields and is not a map (a validator enumerates a map's keys), is unknown.
 */

/** One reason kubectl would reject an object; `path` leads to the offending field. */
export interface Rejection {
  path: (string | number)[];
  /** `unknown field "spec.replica"`, `missing required field "spec.template.spec.containers[0].name"`… */
  message: string;
}

/** An ajv error as the compiled validators report it. */
interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

type Validate = (data: unknown) => void;

interface ModelClass {
  apiVersion?: string;
  kind?: string;
  prototype: { validate: () => void };
}

/** `kubernetes-models/<group>/<version>/<Kind>` for a built-in kind, loaded once per kind. */
const validators = new Map<string, Promise<Validate | undefined>>();

const SAFE_GROUP = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)?$/;
const SAFE_VERSION = /^v\d+([a-z]+\d+)?$/;
const SAFE_KIND = /^[A-Z][A-Za-z0-9]*$/;

function specifier(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (!SAFE_GROUP.test(group) || !SAFE_VERSION.test(version) || !SAFE_KIND.test(kind)) return undefined;
  return group === '' ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

async function loadValidator(apiVersion: string, kind: string): Promise<Validate | undefined> {
  const path = specifier(apiVersion, kind);
  if (!path) return undefined;
  let found = validators.get(path);
  if (!found) {
    found = import(path).then(
      (module: Record<string, unknown>) => {
        const exported = module[kind];
        if (typeof exported !== 'function') return undefined;
        const model = exported as unknown as ModelClass;
        // Only a top-level kind of that exact apiVersion (not `PodSpec`, not another version's kind).
        if (model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
        return (data: unknown) => model.prototype.validate.call(data);
      },
      () => undefined, // not a kind the package knows: a custom resource, accepted as written
    );
    validators.set(path, found);
  }
  return found;
}

/** Whether the package knows this kind (custom resources are not judged). */
export async function isKnownKind(apiVersion: string, kind: string): Promise<boolean> {
  return (await loadValidator(apiVersion, kind)) !== undefined;
}

/** What a validator did with one object of the document. */
interface Seen {
  value: Record<string, unknown>;
  path: (string | number)[];
  read: Set<string>;
  enumerated: boolean;
}

/**
 * Field names the package's generator drops from the apiextensions schemas (it strips
 * `description` and `x-kubernetes-*` keys), yet kubectl accepts them in a CRD.
 */
const CRD_EXTRA = (key: string): boolean => key === 'description' || key.startsWith('x-kubernetes-');

/** The reasons kubectl would reject the object, in document order; empty when it would apply it. */
export async function kubectlRejections(object: unknown): Promise<Rejection[]> {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return [];
  const { apiVersion, kind } = object as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [];
  const validate = await loadValidator(apiVersion, kind);
  if (!validate) return [];

  const seen: Seen[] = [];
  const wrap = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const record: Seen = { value: value as Record<string, unknown>, path, read: new Set(), enumerated: false };
    seen.push(record);
    const children = new Map<string, unknown>();
    return new Proxy(value, {
      get(target, key, receiver) {
        const got: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || !Object.hasOwn(target, key)) return got;
        record.read.add(key);
        if (!children.has(key)) children.set(key, wrap(got, [...path, Array.isArray(target) ? Number(key) : key]));
        return children.get(key);
      },
      has(target, key) {
        if (typeof key === 'string') record.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };

  let errors: AjvError[] = [];
  try {
    validate(wrap(object, []));
  } catch (error) {
    errors = ((error as { errors?: AjvError[] }).errors ?? []).slice();
  }

  const crd = kind === 'CustomResourceDefinition';
  const unknown: Rejection[] = [];
  for (const { value, path, read, enumerated } of seen) {
    // Arrays are checked item by item; maps and schema-less objects (raw JSON) hold any keys.
    if (Array.isArray(value) || enumerated || read.size === 0) continue;
    for (const key of Object.keys(value)) {
      if (read.has(key) || (crd && CRD_EXTRA(key))) continue;
      unknown.push({ path: [...path, key], message: `unknown field "${dotted([...path, key])}"` });
    }
  }
  return [...unknown, ...fromAjv(errors)];
}

/** ajv's errors as kubectl-like reasons, one per field (anyOf branches say the same thing twice). */
function fromAjv(errors: readonly AjvError[]): Rejection[] {
  const out: Rejection[] = [];
  const done = new Set<string>();
  for (const error of errors) {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const rejection = describe(error, path);
    if (!rejection) continue;
    const key = rejection.path.join('/');
    if (done.has(key)) continue;
    done.add(key);
    out.push(rejection);
  }
  return out;
}

function describe(error: AjvError, path: (string | number)[]): Rejection | undefined {
  const p = error.params;
  switch (error.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      return { path, message: `missing required field "${dotted([...path, missing])}"` };
    }
    case 'type':
      return { path, message: `field "${dotted(path)}" must be ${article(String(p.type))}` };
    case 'enum':
      return { path, message: `field "${dotted(path)}" must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'format':
      return { path, message: `field "${dotted(path)}" must be a valid ${String(p.format)}` };
    case 'anyOf':
    case 'oneOf':
      return undefined; // the branch errors before it name the type
    default:
      return { path, message: `field "${dotted(path)}" is invalid (${error.keyword})` };
  }
}

const article = (type: string): string => (type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`);

/** `spec.template.spec.containers[0].name`, as kubectl names fields. */
export function dotted(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`), '');
}

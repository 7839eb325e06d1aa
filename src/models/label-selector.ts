/**
 * Label matching as the API server does it: the `kubectl -l` text form and the `LabelSelector`
 * object form (matchLabels + matchExpressions). Used by the offline store (`list` with a
 * selector), the grading cache, and checkers that compare selectors by the pods they pick.
 */

/** Labels of an object; absent is the same as none. */
export type Labels = Readonly<Record<string, string>> | undefined;

/** One requirement; all of a selector's requirements must hold (AND). */
export type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: readonly string[] }
  | { key: string; op: 'exists' | 'notexists' };

/** `metav1.LabelSelector` as objects carry it. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key?: string; operator?: string; values?: string[] | null }[] | null;
}

/** A selector the API server (or kubectl) would reject; the message says what is wrong. */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

/** Splits at commas outside parentheses: `a in (x,y),b` → `a in (x,y)`, `b`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^)]*)\)$`);
const EQ = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*([-A-Za-z0-9_.]*)$`);
const EXISTS = new RegExp(String.raw`^(!?)\s*(${KEY})$`);

/**
 * Parses the `kubectl -l` form: `app=web,tier!=db,env in (prod,staging),!legacy,release`.
 * The empty text selects everything, as `kubectl get pods -l ''` does.
 */
export function parseSelectorText(text: string): Requirement[] {
  if (text.trim() === '') return [];
  return splitTopLevel(text).map((part): Requirement => {
    const set = SET.exec(part);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
      return { key: set[1] ?? '', op: set[2] as 'in' | 'notin', values };
    }
    const eq = EQ.exec(part);
    if (eq) return { key: eq[1] ?? '', op: eq[2] === '!=' ? 'neq' : 'eq', value: eq[3] ?? '' };
    const exists = EXISTS.exec(part);
    if (exists) return { key: exists[2] ?? '', op: exists[1] === '!' ? 'notexists' : 'exists' };
    throw new SelectorError(`invalid label selector "${text}": cannot read "${part}"`);
  });
}

const OPERATORS: Record<string, 'in' | 'notin' | 'exists' | 'notexists'> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: 'notexists' };

/**
 * The requirements of a `LabelSelector` object: matchLabels and matchExpressions, ANDed.
 * `{}` has none (selects everything); callers decide what an absent selector means, since that
 * differs by kind.
 */
export function selectorRequirements(selector: LabelSelector): Requirement[] {
  const reqs: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, op: 'eq', value: String(value) }));
  for (const e of selector.matchExpressions ?? []) {
    const op = OPERATORS[e.operator ?? ''];
    if (!op || !e.key) throw new SelectorError(`invalid matchExpression ${JSON.stringify(e)}: operator must be In, NotIn, Exists or DoesNotExist`);
    const values = (e.values ?? []).map(String);
    // The API server rejects these; grading them by a guess would hide the learner's mistake.
    if ((op === 'in' || op === 'notin') && values.length === 0) throw new SelectorError(`matchExpression on ${e.key}: ${e.operator} needs values`);
    if ((op === 'exists' || op === 'notexists') && values.length > 0) throw new SelectorError(`matchExpression on ${e.key}: ${e.operator} takes no values`);
    reqs.push(op === 'in' || op === 'notin' ? { key: e.key, op, values } : { key: e.key, op });
  }
  return reqs;
}

/** Whether labels satisfy every requirement (`!=` and `notin` accept a missing key, as Kubernetes does). */
export function matchesRequirements(requirements: readonly Requirement[], labels: Labels): boolean {
  return requirements.every((r) => {
    const value = labels !== undefined && Object.hasOwn(labels, r.key) ? labels[r.key] : undefined;
    switch (r.op) {
      case 'eq':
        return value === r.value;
      case 'neq':
        return value !== r.value;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'notexists':
        return value === undefined;
    }
  });
}

/** Whether a `LabelSelector` object picks these labels; `{}` picks every set of labels. */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  return matchesRequirements(selectorRequirements(selector), labels);
}

/** Whether a plain map selector (Service, ReplicationController) picks these labels; every pair must be present. */
export function matchesLabelMap(map: Readonly<Record<string, string>>, labels: Labels): boolean {
  return Object.entries(map).every(([key, value]) => labels !== undefined && Object.hasOwn(labels, key) && labels[key] === String(value));
}

/** A selector as a learner would write it for `kubectl -l`, for messages: `role=db,tier in (a,b)`; `{}` is `(everything)`. */
export function formatRequirements(requirements: readonly Requirement[]): string {
  if (requirements.length === 0) return '(everything)';
  return requirements
    .map((r) => {
      switch (r.op) {
        case 'eq':
          return `${r.key}=${r.value}`;
        case 'neq':
          return `${r.key}!=${r.value}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        case 'notexists':
          return `!${r.key}`;
      }
    })
    .join(',');
}

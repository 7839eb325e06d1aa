/** One requirement of a label selector, as `kubectl -l` takes it. */
export type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

/** Thrown for a selector kubectl would also reject; the message quotes it. */
export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
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
 * Parses `app=web,tier!=db,env in (prod,staging),!legacy,release` (equality, set and existence
 * requirements, ANDed). An empty selector matches everything.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  if (selector.trim() === '') return [];
  return splitTopLevel(selector).map((part) => {
    const set = SET.exec(part);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
      return { key: set[1] ?? '', op: set[2] as 'in' | 'notin', values };
    }
    const eq = EQ.exec(part);
    if (eq) return { key: eq[1] ?? '', op: eq[2] === '!=' ? 'neq' : 'eq', value: eq[3] ?? '' };
    const exists = EXISTS.exec(part);
    if (exists) return { key: exists[2] ?? '', op: exists[1] === '!' ? 'notexists' : 'exists' };
    throw new LabelSelectorError(`invalid label selector "${selector}": cannot read "${part}"`);
  });
}

/** Whether labels satisfy every requirement (Kubernetes semantics: `!=` and `notin` match a missing key). */
export function matchesSelector(requirements: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const has = (key: string): boolean => labels !== undefined && Object.hasOwn(labels, key);
  return requirements.every((r) => {
    const value = has(r.key) ? labels?.[r.key] : undefined;
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

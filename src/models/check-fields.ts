/**
 * kubectl JSONPath templates as a learner reads them: `{.spec.template.spec.containers[0].image}`
 * becomes the field path `spec.template.spec.containers[0].image`, and a template joining several
 * fields (`{.spec.type}:{.spec.ports[0].port}`) is split into its fields, so a report can say
 * which field holds what instead of printing the template and one joined string.
 *
 * Pure text work (no evaluation): the grading engine names fields with it, checkers evaluate the
 * groups one by one (checkers/support/fields.ts).
 */

/** One field of a template as a reader sees it: one action, a `{range}…{end}` block, or actions written back to back. */
export interface FieldGroup {
  /** Each action of the group as a template of its own, evaluated one by one. */
  parts: string[];
  /** The field path(s): `spec.replicas`; back-to-back actions joined with ` + `. */
  label: string;
}

/** A template split at its literal text: `literals[i]` comes before `groups[i]`, and the last literal after the last group. */
export interface FieldTemplate {
  literals: string[];
  groups: FieldGroup[];
}

type Token = { text: string } | { action: string; source: string };

/** Splits a template into literal text and `{…}` actions; quoted text inside an action may hold `}`. */
function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c !== '{') {
      text += c;
      i += 1;
      continue;
    }
    let j = i + 1;
    let quote: string | undefined;
    for (; j < template.length; j += 1) {
      const d = template[j];
      if (quote) {
        if (d === '\\') j += 1;
        else if (d === quote) quote = undefined;
      } else if (d === '"' || d === "'") quote = d;
      else if (d === '}') break;
    }
    if (text !== '') tokens.push({ text });
    text = '';
    tokens.push({ action: template.slice(i + 1, j).trim(), source: template.slice(i, j + 1) });
    i = j + 1;
  }
  if (text !== '') tokens.push({ text });
  return tokens;
}

/** A quoted literal action (`{"\t"}`) as the text it prints, else undefined. */
function literalOf(action: string): string | undefined {
  if (action.length < 2 || action[0] !== action[action.length - 1]) return undefined;
  if (action[0] === '"') {
    try {
      return JSON.parse(action) as string;
    } catch {
      return action.slice(1, -1);
    }
  }
  return action[0] === "'" ? action.slice(1, -1) : undefined;
}

/** `.spec.containers[0].image` → `spec.containers[0].image`; escaped dots read as dots. */
function pathLabel(action: string): string {
  const path = action.replace(/^\$/, '').replace(/^\./, '').replace(/\\\./g, '.');
  return path === '' || path === '@' ? '(the whole object)' : path;
}

/** Literal text shown in a label: tabs and newlines as escapes, so a label stays one line. */
const showLiteral = (text: string): string => text.replace(/\t/g, '\\t').replace(/\n/g, '\\n');

/** Parses a template into literals and field groups. */
export function fieldTemplate(template: string): FieldTemplate {
  const tokens = tokenize(template);
  const literals: string[] = [''];
  const groups: FieldGroup[] = [];
  let open: { parts: string[]; labels: string[] } | undefined;
  const close = (): void => {
    if (!open) return;
    groups.push({ parts: open.parts, label: open.labels.join(' + ') });
    literals.push('');
    open = undefined;
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const literal = 'text' in token ? token.text : literalOf(token.action);
    if (literal !== undefined) {
      close();
      literals[literals.length - 1] += literal;
      continue;
    }
    if (!('action' in token)) continue;
    open ??= { parts: [], labels: [] };
    if (/^range\s/.test(token.action)) {
      // A range block is one field: the list it walks and what it prints for each item.
      let depth = 1;
      let j = i + 1;
      let body = '';
      for (; j < tokens.length && depth > 0; j += 1) {
        const inner = tokens[j] as Token;
        if ('action' in inner && /^range\s/.test(inner.action)) depth += 1;
        if ('action' in inner && inner.action === 'end') depth -= 1;
        if (depth > 0) body += 'text' in inner ? inner.text : inner.source;
      }
      const source = tokens.slice(i, j).map((t) => ('text' in t ? t.text : t.source)).join('');
      const inner = labelOf(body, true);
      open.parts.push(source);
      open.labels.push(`${pathLabel(token.action.replace(/^range\s+/, ''))} → ${inner.includes('→') ? `(${inner})` : inner}`);
      i = j - 1;
    } else {
      open.parts.push(token.source);
      open.labels.push(pathLabel(token.action));
    }
  }
  close();
  return { literals, groups };
}

function labelOf(template: string, trimEdges: boolean): string {
  const { literals, groups } = fieldTemplate(template);
  const last = literals.length - 1;
  // A range body's leading and trailing separators (`{.port} {end}`) say nothing about the fields.
  const edge = (literal: string, i: number): string => (!trimEdges ? literal : i === 0 ? literal.trimStart() : i === last ? literal.trimEnd() : literal);
  return literals.map((literal, i) => showLiteral(edge(literal, i)) + (groups[i]?.label ?? '')).join('');
}

/** The whole template with each field as its path and the literal text kept: `spec.type:spec.ports[0].port`. */
export const fieldLabel = (template: string): string => labelOf(template, false);

/** True when `text` looks like a kubectl JSONPath template rather than a file path. */
export const isJsonPathTemplate = (text: string): boolean => /^\s*\{/.test(text);

/**
 * A field label for the learner-safe summary: keys of label-like string maps are left out,
 * since in a discovery task the key is the answer (which label do the NetworkPolicies select?):
 * `metadata.labels.proxy-access` → `metadata.labels (one key)`. ConfigMap and Secret data keys
 * stay: statements name them.
 */
export function safeFieldLabel(label: string): string {
  // A key runs to the end of its field path (label values are strings, nothing nests below them);
  // it may hold dots and slashes (`app.kubernetes.io/name`), so it ends only at a separator.
  return label.replace(/\b(labels|annotations|matchLabels|nodeSelector|spec\.selector)\.(?!matchLabels\b|matchExpressions\b)[^\s+→,|:;/=#@]+(?:\/[^\s+→,|:;/=#@]+)?/g, '$1 (one key)');
}

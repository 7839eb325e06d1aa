import { fieldLabel, isJsonPathTemplate, safeFieldLabel } from '../models/check-fields.js';
import type { TemplateVars } from '../models/index.js';

/**
 * The learner-safe summary of a failed check when its checker gives none (Outcome.summary):
 * built only from what the task already tells the learner — the object, file, node or pods the
 * check is about, and the field it reads — never from `expected`, `actual` or the operator's
 * value. So every check type gets one with no work, and none can leak the value to type.
 *
 * `params` are the check's own fields after `{{…}}` expansion; the common field names of the
 * check types are recognised (ref + namespace, pod/selector, from/to, file, node + path, as).
 */
export function genericSummary(params: Record<string, unknown>, vars: TemplateVars): string {
  const target = targetOf(params, vars);
  const path = text(params.path);
  const field = path !== undefined && isJsonPathTemplate(path) ? safeFieldLabel(fieldLabel(path)) : undefined;
  if (field !== undefined) return `${target ?? 'the object'}: ${field} is not what the task asks`;
  return target === undefined ? 'not what the task asks yet' : `${target}: not what the task asks yet`;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** A node's real name, as the statement shows it (`{{nodes.worker1}}` expands to it). */
function nodeName(value: unknown, vars: TemplateVars): string | undefined {
  const node = text(value);
  if (node === undefined) return undefined;
  return (vars.nodes as Record<string, string | undefined>)[node] ?? node;
}

/** `pod web` / `the pod matching app=web`, with its namespace when the check names one. */
function podOf(p: Record<string, unknown>): string | undefined {
  const ns = text(p.namespace);
  const which = text(p.pod) !== undefined ? `pod ${text(p.pod)}` : text(p.selector) !== undefined ? `the pod matching ${text(p.selector)}` : undefined;
  return which === undefined ? undefined : ns !== undefined ? `${which} in namespace ${ns}` : which;
}

function targetOf(p: Record<string, unknown>, vars: TemplateVars): string | undefined {
  const ns = text(p.namespace);
  const ref = text(p.ref);
  if (ref !== undefined) return ns !== undefined ? `${ref} in namespace ${ns}` : ref;
  const from = record(p.from);
  const to = record(p.to);
  if (from && to) {
    const dest = text(to.pod) ?? text(to.service) ?? text(to.host) ?? '?';
    return `the connection from ${podOf(from) ?? '?'} to ${dest}${to.port !== undefined ? `:${String(to.port)}` : ''}`;
  }
  const pod = podOf(p);
  if (pod !== undefined) return pod;
  const file = text(p.file);
  if (file !== undefined) return `the answer file ${file}`;
  const node = nodeName(p.node, vars);
  const path = text(p.path);
  if (node !== undefined && path !== undefined && !isJsonPathTemplate(path)) return `${path} on node ${node}`;
  if (node !== undefined && text(p.name) !== undefined) return `${text(p.name)} on node ${node}`;
  if (node !== undefined) return `node ${node}`;
  const as = text(p.as);
  if (as !== undefined) return `what ${as} may do${ns !== undefined ? ` in namespace ${ns}` : ''}`;
  return undefined;
}

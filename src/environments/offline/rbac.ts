import type { AccessQuery, K8sObject } from '../../models/index.js';
import { resolveResourceType } from '../../models/api-resources.js';

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}
interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}
interface Binding extends K8sObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: Subject[];
}

/** Who is asking: `--as` plus the groups the API server adds when impersonating. */
interface UserInfo {
  user: string;
  groups: string[];
  serviceAccount?: { namespace: string; name: string };
}

function userInfo(q: AccessQuery): UserInfo {
  const groups = [...(q.asGroups ?? [])];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(q.as);
  if (sa?.[1] && sa[2]) {
    groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
    groups.push('system:authenticated');
    return { user: q.as, groups, serviceAccount: { namespace: sa[1], name: sa[2] } };
  }
  // As the API server's impersonation filter: anonymous gets system:unauthenticated; anyone else
  // system:authenticated, unless either group was given explicitly.
  if (q.as === 'system:anonymous') {
    if (!groups.includes('system:unauthenticated')) groups.push('system:unauthenticated');
  } else if (!groups.includes('system:authenticated') && !groups.includes('system:unauthenticated')) {
    groups.push('system:authenticated');
  }
  return { user: q.as, groups };
}

/** `pods`, `deploy`, `deployments.apps` → resource and API group, as kubectl's RESTMapper would. */
function resourceOf(q: AccessQuery): { resource: string; group: string; namespaced: boolean | undefined } {
  if (q.resource === '*') return { resource: '*', group: '*', namespaced: undefined };
  const info = resolveResourceType(q.resource);
  if (info) return { resource: info.plural, group: info.group, namespaced: info.namespaced };
  const dot = q.resource.indexOf('.');
  return dot === -1
    ? { resource: q.resource, group: '', namespaced: undefined }
    : { resource: q.resource.slice(0, dot), group: q.resource.slice(dot + 1), namespaced: undefined };
}

function subjectMatches(s: Subject, who: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === who.user;
    case 'Group':
      return s.name !== undefined && who.groups.includes(s.name);
    case 'ServiceAccount':
      return (
        who.serviceAccount !== undefined &&
        s.name === who.serviceAccount.name &&
        (s.namespace ?? bindingNamespace) === who.serviceAccount.namespace
      );
    default:
      return false;
  }
}

/** Kubernetes' RBAC rule matching (plugin/pkg/auth/authorizer/rbac), resource requests only. */
function ruleAllows(rule: PolicyRule, verb: string, group: string, resource: string, sub: string | undefined, name: string | undefined): boolean {
  const verbs = rule.verbs ?? [];
  if (!verbs.includes('*') && !verbs.includes(verb)) return false;
  const groups = rule.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(group)) return false;
  const combined = sub ? `${resource}/${sub}` : resource;
  const resources = rule.resources ?? [];
  const resourceOk = resources.some(
    (r) => r === '*' || r === combined || (sub !== undefined && r === `*/${sub}`),
  );
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (name !== undefined && names.includes(name));
}

/**
 * Answers `kubectl auth can-i` from the RBAC objects among `objects` (Role, ClusterRole,
 * RoleBinding, ClusterRoleBinding). Only what the objects grant is allowed: there are no
 * built-in roles offline. A RoleBinding (to a Role or a ClusterRole) grants only in its
 * namespace; cluster-scoped resources are asked without a namespace, as kubectl does.
 */
export function canIFromObjects(objects: readonly K8sObject[], q: AccessQuery): boolean {
  const who = userInfo(q);
  const { resource, group, namespaced } = resourceOf(q);
  const namespace = namespaced === false ? undefined : q.namespace;
  const roles = new Map<string, PolicyRule[]>();
  for (const o of objects) {
    if (o.kind === 'ClusterRole') roles.set(`ClusterRole//${o.metadata?.name}`, (o.rules as PolicyRule[] | undefined) ?? []);
    if (o.kind === 'Role') roles.set(`Role/${o.metadata?.namespace}/${o.metadata?.name}`, (o.rules as PolicyRule[] | undefined) ?? []);
  }
  return objects.some((o) => {
    if (o.kind !== 'ClusterRoleBinding' && o.kind !== 'RoleBinding') return false;
    const b = o as Binding;
    const bindingNs = o.kind === 'RoleBinding' ? o.metadata?.namespace : undefined;
    if (o.kind === 'RoleBinding' && bindingNs !== namespace) return false;
    if (!(b.subjects ?? []).some((s) => subjectMatches(s, who, bindingNs))) return false;
    const ref = b.roleRef;
    const key = ref?.kind === 'Role' ? `Role/${bindingNs}/${ref.name}` : `ClusterRole//${ref?.name}`;
    if (ref?.kind === 'Role' && o.kind !== 'RoleBinding') return false;
    const rules = roles.get(key) ?? [];
    return rules.some((r) => ruleAllows(r, q.verb, group, resource, q.subresource, q.name));
  });
}

import { describe, expect, it } from 'vitest';
import type { AccessQuery, K8sObject } from '../../models/index.js';
import { canIFromObjects } from './rbac.js';

const rbac = 'rbac.authorization.k8s.io/v1';
const role = (ns: string, name: string, rules: unknown[]): K8sObject => ({ apiVersion: rbac, kind: 'Role', metadata: { name, namespace: ns }, rules });
const clusterRole = (name: string, rules: unknown[]): K8sObject => ({ apiVersion: rbac, kind: 'ClusterRole', metadata: { name }, rules });
const roleBinding = (ns: string, name: string, roleRef: { kind: string; name: string }, subjects: unknown[]): K8sObject => ({
  apiVersion: rbac,
  kind: 'RoleBinding',
  metadata: { name, namespace: ns },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects,
});
const clusterRoleBinding = (name: string, roleName: string, subjects: unknown[]): K8sObject => ({
  apiVersion: rbac,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects,
});

const sa = 'system:serviceaccount:db:team';
const ask = (objects: K8sObject[], q: Partial<AccessQuery> & { verb: string; resource: string }): boolean =>
  canIFromObjects(objects, { as: sa, namespace: 'db', ...q });

describe('canIFromObjects', () => {
  const world = [
    role('db', 'exec', [
      { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['db-creds'], verbs: ['get'] },
    ]),
    roleBinding('db', 'team-exec', { kind: 'Role', name: 'exec' }, [{ kind: 'ServiceAccount', name: 'team', namespace: 'db' }]),
  ];

  it('given a Role bound to a service account, when asked, then subresources and verbs are matched exactly', () => {
    expect(ask(world, { verb: 'create', resource: 'pods', subresource: 'exec' })).toBe(true);
    expect(ask(world, { verb: 'create', resource: 'pods', subresource: 'portforward' })).toBe(true);
    expect(ask(world, { verb: 'create', resource: 'pods' })).toBe(false);
    expect(ask(world, { verb: 'delete', resource: 'pods' })).toBe(false);
    expect(ask(world, { verb: 'get', resource: 'po' })).toBe(true);
  });

  it('given resourceNames, when asked, then only named objects are allowed', () => {
    expect(ask(world, { verb: 'get', resource: 'secrets', name: 'db-creds' })).toBe(true);
    expect(ask(world, { verb: 'get', resource: 'secrets', name: 'other' })).toBe(false);
    expect(ask(world, { verb: 'get', resource: 'secrets' })).toBe(false);
  });

  it('given a RoleBinding, when asked in another namespace or as another account, then it is denied', () => {
    expect(ask(world, { verb: 'get', resource: 'pods', namespace: 'web' })).toBe(false);
    expect(ask(world, { verb: 'get', resource: 'pods', as: 'system:serviceaccount:web:team' })).toBe(false);
    expect(ask(world, { verb: 'get', resource: 'pods', as: 'team' })).toBe(false);
  });

  it('given a RoleBinding to a ClusterRole, when asked, then it grants only in the binding namespace', () => {
    const objects = [
      clusterRole('deployer', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }]),
      roleBinding('dev', 'jane-deployer', { kind: 'ClusterRole', name: 'deployer' }, [{ kind: 'User', name: 'jane' }]),
    ];
    expect(canIFromObjects(objects, { as: 'jane', verb: 'delete', resource: 'deployments.apps', namespace: 'dev' })).toBe(true);
    expect(canIFromObjects(objects, { as: 'jane', verb: 'delete', resource: 'deploy', namespace: 'dev' })).toBe(true);
    expect(canIFromObjects(objects, { as: 'jane', verb: 'delete', resource: 'deploy', namespace: 'prod' })).toBe(false);
    expect(canIFromObjects(objects, { as: 'jane', verb: 'delete', resource: 'deploy' })).toBe(false);
    // The rule names group apps: the same resource name in the core group is not granted.
    expect(canIFromObjects(objects, { as: 'jane', verb: 'get', resource: 'pods', namespace: 'dev' })).toBe(false);
  });

  it('given a ClusterRoleBinding to groups, when asked, then service-account groups and system:authenticated match', () => {
    const objects = [
      clusterRole('node-reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]),
      clusterRole('all', [{ apiGroups: ['*'], resources: ['*'], verbs: ['list'] }]),
      clusterRoleBinding('sa-in-db', 'node-reader', [{ kind: 'Group', name: 'system:serviceaccounts:db' }]),
      clusterRoleBinding('everyone', 'all', [{ kind: 'Group', name: 'system:authenticated' }]),
    ];
    expect(ask(objects, { verb: 'get', resource: 'nodes' })).toBe(true);
    expect(ask(objects, { verb: 'get', resource: 'nodes', as: 'system:serviceaccount:web:x' })).toBe(false);
    expect(canIFromObjects(objects, { as: 'bob', verb: 'list', resource: 'secrets', namespace: 'kube-system' })).toBe(true);
    expect(canIFromObjects(objects, { as: 'bob', verb: 'get', resource: 'secrets', namespace: 'kube-system' })).toBe(false);
  });

  it('given wildcards and */subresource rules, when asked, then they match as Kubernetes RBAC does', () => {
    const objects = [
      clusterRole('logs', [{ apiGroups: [''], resources: ['*/log'], verbs: ['get'] }]),
      clusterRoleBinding('ops-logs', 'logs', [{ kind: 'Group', name: 'ops' }]),
    ];
    expect(canIFromObjects(objects, { as: 'amy', asGroups: ['ops'], verb: 'get', resource: 'pods', subresource: 'log', namespace: 'x' })).toBe(true);
    expect(canIFromObjects(objects, { as: 'amy', verb: 'get', resource: 'pods', subresource: 'log', namespace: 'x' })).toBe(false);
    expect(canIFromObjects(objects, { as: 'amy', asGroups: ['ops'], verb: 'get', resource: 'pods', namespace: 'x' })).toBe(false);
  });

  it('given no RBAC objects, when asked, then everything is denied', () => {
    expect(ask([], { verb: 'get', resource: 'pods' })).toBe(false);
  });
});

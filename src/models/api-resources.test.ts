import { describe, expect, it } from 'vitest';
import { resourceOfObject, resolveResourceType } from './api-resources.js';

describe('resolveResourceType', () => {
  it.each([
    ['pod', 'Pod'],
    ['pods', 'Pod'],
    ['po', 'Pod'],
    ['Pod', 'Pod'],
    ['deploy', 'Deployment'],
    ['deployment.apps', 'Deployment'],
    ['deployments.apps', 'Deployment'],
    ['deployments.v1.apps', 'Deployment'],
    ['svc', 'Service'],
    ['netpol', 'NetworkPolicy'],
    ['networkpolicies.networking.k8s.io', 'NetworkPolicy'],
    ['ns', 'Namespace'],
    ['no', 'Node'],
    ['cm', 'ConfigMap'],
    ['sa', 'ServiceAccount'],
    ['pv', 'PersistentVolume'],
    ['pvc', 'PersistentVolumeClaim'],
    ['sc', 'StorageClass'],
    ['ds', 'DaemonSet'],
    ['sts', 'StatefulSet'],
    ['rs', 'ReplicaSet'],
    ['cj', 'CronJob'],
    ['ing', 'Ingress'],
    ['quota', 'ResourceQuota'],
    ['limitrange', 'LimitRange'],
    ['hpa', 'HorizontalPodAutoscaler'],
    ['crd', 'CustomResourceDefinition'],
    ['pdb', 'PodDisruptionBudget'],
    ['ep', 'Endpoints'],
    ['runtimeclass', 'RuntimeClass'],
    ['priorityclass', 'PriorityClass'],
    ['csr', 'CertificateSigningRequest'],
    ['lease', 'Lease'],
    ['clusterrolebinding', 'ClusterRoleBinding'],
    ['rolebindings.rbac.authorization.k8s.io', 'RoleBinding'],
  ])('given %s, when resolved, then it is %s', (text, kind) => {
    expect(resolveResourceType(text)?.kind).toBe(kind);
  });

  it('given scope and api version, when resolved, then they are as the API server reports them', () => {
    expect(resolveResourceType('node')).toMatchObject({ namespaced: false, apiVersion: 'v1', group: '' });
    expect(resolveResourceType('netpol')).toMatchObject({ namespaced: true, apiVersion: 'networking.k8s.io/v1', plural: 'networkpolicies' });
    expect(resolveResourceType('clusterrole')?.namespaced).toBe(false);
  });

  it('given an unknown kind or a wrong group, when resolved, then it is undefined', () => {
    expect(resolveResourceType('widget')).toBeUndefined();
    expect(resolveResourceType('deployments.batch')).toBeUndefined();
    expect(resolveResourceType('deployments.v2.apps')).toBeUndefined();
  });
});

describe('resourceOfObject', () => {
  it('given an object kind and apiVersion, when looked up, then the matching row is returned', () => {
    expect(resourceOfObject('Ingress', 'networking.k8s.io/v1')?.plural).toBe('ingresses');
    expect(resourceOfObject('Widget', 'acme.io/v1')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../models/index.js';
import { applyApiDefaults, imageTag } from './api-defaults.js';

/** Objects read by path in assertions. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The object after defaulting (on a copy, as normalizeObject does). */
const defaulted = (object: K8sObject): Json => {
  const copy = structuredClone(object);
  applyApiDefaults(copy);
  return copy as Json;
};

const container = (extra: Record<string, unknown> = {}) => ({ name: 'c', image: 'nginx:1.27', ...extra });
const podSpec = (extra: Record<string, unknown> = {}) => ({ containers: [container()], ...extra });
const template = (spec: Record<string, unknown> = podSpec()) => ({ metadata: { labels: { app: 'web' } }, spec });

describe('API server defaults', () => {
  it('given a Service with bare ports, when defaulted, then protocol is TCP, targetPort is the port, type ClusterIP, affinity None', () => {
    const svc = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] } });
    expect(svc.spec.ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 80 },
      { port: 53, protocol: 'UDP', targetPort: 'dns' },
    ]);
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' });
    expect(svc.spec.externalTrafficPolicy).toBeUndefined();
  });

  it('given NodePort and ClientIP Services, when defaulted, then externalTrafficPolicy and the affinity timeout are set', () => {
    const svc = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] } });
    expect(svc.spec).toMatchObject({ externalTrafficPolicy: 'Cluster', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
    const lb = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
  });

  it.each([
    ['no egress', { podSelector: {} }, ['Ingress']],
    ['empty egress list', { podSelector: {}, egress: [] }, ['Ingress']],
    ['egress rules', { podSelector: {}, egress: [{}] }, ['Ingress', 'Egress']],
    ['explicit Egress only', { podSelector: {}, policyTypes: ['Egress'] }, ['Egress']],
  ])('given a NetworkPolicy with %s, when defaulted, then policyTypes follow the API server rule', (_, spec, types) => {
    expect(defaulted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec }).spec.policyTypes).toEqual(types);
  });

  it('given NetworkPolicy ports without protocol, when defaulted, then they are TCP in ingress and egress', () => {
    const spec = { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }] };
    const np = defaulted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec });
    expect(np.spec.ingress[0].ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    expect(np.spec.egress[0].ports.map((p: { protocol: string }) => p.protocol)).toEqual(['UDP', 'TCP']);
  });

  it('given a bare Pod, when defaulted, then the pod spec and container defaults are filled in', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec() });
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      enableServiceLinks: true,
    });
    expect(pod.spec.containers[0]).toEqual({
      name: 'c',
      image: 'nginx:1.27',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
  });

  it('given a pod with limits only, when defaulted, then requests copy the limits; a Deployment template does not get that', () => {
    const resources = { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } };
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec({ containers: [container({ resources })] }) });
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    const deploy = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: template(podSpec({ containers: [container({ resources })] })) } });
    expect(deploy.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '100m' });
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['registry.local:5000/team/app', 'Always'],
    ['registry.local:5000/team/app:1.0', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
    ['nginx:1.27', 'IfNotPresent'],
  ])('given image %s, when defaulted, then imagePullPolicy is %s', (image, policy) => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image }], initContainers: [{ name: 'i', image }] } });
    expect(pod.spec.containers[0].imagePullPolicy).toBe(policy);
    expect(pod.spec.initContainers[0].imagePullPolicy).toBe(policy);
  });

  it('given an image with a registry port and no tag, when its tag is read, then it is latest, not the port', () => {
    expect(imageTag('localhost:5000/app')).toBe('latest');
    expect(imageTag('app:v2@sha256:abc')).toBe('v2');
  });

  it('given container ports and probes, when defaulted, then protocol TCP and the probe timings and httpGet defaults are set', () => {
    const c = container({
      ports: [{ containerPort: 80 }],
      livenessProbe: { httpGet: { port: 80 } },
      readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5 },
      startupProbe: { tcpSocket: { port: 80 } },
    });
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [c] } });
    const got = pod.spec.containers[0];
    expect(got.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(got.livenessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(got.readinessProbe.periodSeconds).toBe(5);
    expect(got.startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3 });
  });

  it('given serviceAccount only, when defaulted, then serviceAccountName copies it; given serviceAccountName only, serviceAccount copies it', () => {
    const old = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec({ serviceAccount: 'builder' }) });
    expect(old.spec).toMatchObject({ serviceAccount: 'builder', serviceAccountName: 'builder' });
    const modern = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: template(podSpec({ serviceAccountName: 'app' })) } });
    expect(modern.spec.template.spec).toMatchObject({ serviceAccount: 'app', serviceAccountName: 'app' });
    const both = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec({ serviceAccount: 'old', serviceAccountName: 'new' }) });
    expect(both.spec).toMatchObject({ serviceAccount: 'new', serviceAccountName: 'new' });
  });

  it('given volumes, when defaulted, then modes, hostPath type, fieldRef apiVersion and a source-less emptyDir are filled in', () => {
    const volumes = [
      { name: 's', secret: { secretName: 'x' } },
      { name: 'c', configMap: { name: 'x' } },
      { name: 'h', hostPath: { path: '/data' } },
      { name: 'e' },
      { name: 'd', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    ];
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec({ volumes }) });
    const [secret, configMap, hostPath, empty, downward] = pod.spec.volumes;
    expect(secret.secret.defaultMode).toBe(420);
    expect(configMap.configMap.defaultMode).toBe(420);
    expect(hostPath.hostPath).toEqual({ path: '/data', type: '' });
    expect(empty).toEqual({ name: 'e', emptyDir: {} });
    expect(downward.downwardAPI.items[0].fieldRef.apiVersion).toBe('v1');
  });

  it('given a Deployment, when defaulted, then replicas, strategy, history and deadline defaults are set and its template gets Always', () => {
    const d = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: template() } });
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
    const recreate = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { strategy: { type: 'Recreate' }, template: template() } });
    expect(recreate.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('given a StatefulSet, DaemonSet and ReplicaSet, when defaulted, then their controller defaults are set', () => {
    const sts = defaulted({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: { serviceName: 's', template: template(), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] },
    });
    expect(sts.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(sts.spec.volumeClaimTemplates[0].spec.volumeMode).toBe('Filesystem');
    expect(sts.spec.template.spec.restartPolicy).toBe('Always');
    const ds = defaulted({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: template() } });
    expect(ds.spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
    expect(ds.spec.template.spec.schedulerName).toBe('default-scheduler');
    const rs = defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { template: template() } });
    expect(rs.spec.replicas).toBe(1);
  });

  it('given a Job, when defaulted, then completions and parallelism are 1, backoffLimit 6, NonIndexed, and no restartPolicy is invented', () => {
    const job = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: template() } });
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(job.spec.template.spec.restartPolicy).toBeUndefined();
    expect(job.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    expect(job.metadata.labels).toEqual({ app: 'web' }); // copied from the template
    const parallel = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 3, template: template() } });
    expect(parallel.spec.completions).toBeUndefined(); // only defaulted when both are unset
  });

  it('given a CronJob, when defaulted, then its policy and history defaults are set and its job template gets no Job defaults', () => {
    const cj = defaulted({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template(podSpec({ restartPolicy: 'OnFailure' })) } } },
    });
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({ restartPolicy: 'OnFailure', terminationGracePeriodSeconds: 30 });
  });

  it('given a CRD without singular and listKind, when defaulted, then they come from the kind and conversion is None', () => {
    const crd = defaulted({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'backups.acme.io' },
      spec: { group: 'acme.io', scope: 'Namespaced', names: { kind: 'BackupJob', plural: 'backupjobs' }, versions: [] },
    });
    expect(crd.spec.names).toEqual({ kind: 'BackupJob', plural: 'backupjobs', singular: 'backupjob', listKind: 'BackupJobList' });
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
  });

  it('given a Namespace, when defaulted, then it carries the metadata.name label next to its own', () => {
    const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { team: 'a' } } });
    expect(ns.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'web' });
  });

  it('given storage objects, when defaulted, then volumeMode, reclaim policies and binding mode are set', () => {
    expect(defaulted({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {} }).spec.volumeMode).toBe('Filesystem');
    expect(defaulted({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: {} }).spec).toEqual({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
    const sc = defaulted({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' }, provisioner: 'x' });
    expect(sc).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it('given an autoscaling/v2 HPA, when defaulted, then minReplicas 1, the 80% CPU metric and filled-in behavior rules are served', () => {
    const hpa = defaulted({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    });
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(hpa.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(hpa.spec.behavior.scaleUp.policies).toHaveLength(2);
  });

  it('given an autoscaling/v1 HPA, when defaulted, then only minReplicas is served (v1 has no metrics list)', () => {
    const hpa = defaulted({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'd' } } });
    expect(hpa.spec).toEqual({ minReplicas: 1, maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'd' } });
  });

  it('given binding subjects without apiGroup, when defaulted, then users and groups get the RBAC group and service accounts none', () => {
    const rb = defaulted({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'x' }],
    });
    expect(rb.subjects).toEqual([{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'x' }]);
  });

  it('given a Secret without type and a LimitRange with max only, when defaulted, then Opaque and the default limit and request come from max', () => {
    expect(defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }).type).toBe('Opaque');
    const lr = defaulted({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '64Mi' } }] } });
    expect(lr.spec.limits[0]).toMatchObject({ default: { cpu: '1' }, defaultRequest: { cpu: '1', memory: '64Mi' } });
  });

  it('given a hostNetwork pod with hooks, env fieldRefs, projected items and an ephemeral volume, when defaulted, then their nested defaults are set', () => {
    const c = container({
      ports: [{ containerPort: 8080 }],
      lifecycle: { preStop: { httpGet: { port: 80 } } },
      env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    });
    const volumes = [
      { name: 'p', projected: { sources: [{ downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
    ];
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [c], volumes } });
    const got = pod.spec.containers[0];
    expect(got.ports[0]).toEqual({ containerPort: 8080, hostPort: 8080, protocol: 'TCP' });
    expect(got.lifecycle.preStop.httpGet).toEqual({ port: 80, path: '/', scheme: 'HTTP' });
    expect(got.env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
    expect(pod.spec.volumes[0].projected).toMatchObject({ defaultMode: 420, sources: [{ downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1' } }] } }] });
    expect(pod.spec.volumes[1].ephemeral.volumeClaimTemplate.spec.volumeMode).toBe('Filesystem');
  });

  it('given a ReplicationController, a PodTemplate, Endpoints and a Node, when defaulted, then their defaults are set', () => {
    const rc = defaulted({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec: { template: template() } });
    expect(rc.spec.replicas).toBe(1);
    expect(rc.spec.template.spec.restartPolicy).toBe('Always');
    const pt = defaulted({ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: template() });
    expect(pt.template.spec.dnsPolicy).toBe('ClusterFirst');
    const ep = defaulted({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ ports: [{ port: 80 }] }] });
    expect(ep.subsets[0].ports[0].protocol).toBe('TCP');
    const node = defaulted({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '4' } } });
    expect(node.status.allocatable).toEqual({ cpu: '4' });
  });

  it('given a Job with backoffLimitPerIndex or a podFailurePolicy, when defaulted, then backoffLimit and podReplacementPolicy follow them', () => {
    const perIndex = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { completionMode: 'Indexed', backoffLimitPerIndex: 1, template: template() } });
    expect(perIndex.spec.backoffLimit).toBe(2147483647);
    const withPolicy = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { podFailurePolicy: { rules: [] }, template: template() } });
    expect(withPolicy.spec.podReplacementPolicy).toBe('Failed');
  });

  it('given a custom resource, when defaulted, then nothing changes', () => {
    const cr = { apiVersion: 'acme.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { ports: [{ port: 80 }] } };
    expect(defaulted(cr)).toEqual(cr);
  });
});

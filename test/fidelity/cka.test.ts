import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/models/index.js';
import { gradeAnswer } from './grade-answer.js';

/**
 * Answers to built-in CKA tasks that the task files do not list, written the way examinees
 * answer differently: correct ones must score 100%, wrong ones less. Graded offline (setup, then
 * the answer, in a fresh workspace).
 */
const apply = (yaml: string): Step => ({ apply: yaml });

// The variants the answers below are written for: each task's original names and values (the
// first choice of each of its params), so the hand-written YAML matches what setup created.
const SERVICE_SELECTOR = { ns: 'shop', wrongPort: '8080' };
const NETPOL_AND_SELECTOR = { env: 'prod' };
const PV_PVC_HOSTPATH = { ns: 'finance' };
const STORAGECLASS_WFFC = { ns: 'logging' };
const RBAC_EXEC_PORTFORWARD = { ns: 'db' };
const DNS_RECORDS = { ns: 'dns-lab', ipC: '1', ipD: '7' };
const HEADLESS_STATEFULSET = { ns: 'metrics', replicas: '2' };

const failedIds = (report: Awaited<ReturnType<typeof gradeAnswer>>): string[] =>
  report.checks.filter((c) => c.status === 'failed').map((c) => c.id);

describe('CKA answers graded offline', () => {
  it('given a Service selecting both pod labels of web, when graded, then service-selector scores 100%', async () => {
    const report = await gradeAnswer('cka/service-selector', [
      apply(`apiVersion: v1
kind: Service
metadata: { name: web-service, namespace: shop }
spec:
  selector: { app: web-frontend, tier: frontend }
  ports: [{ name: http, port: 80, protocol: TCP, targetPort: 80 }]
`),
    ], SERVICE_SELECTOR);
    expect(failedIds(report)).toEqual([]);
    expect(report.score.percent).toBe(100);
  });

  it('given a Service selector with a label value the pods do not carry, when graded, then service-selector scores below 100%', async () => {
    const report = await gradeAnswer('cka/service-selector', [
      apply(`apiVersion: v1
kind: Service
metadata: { name: web-service, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 80 }]
`),
    ], SERVICE_SELECTOR);
    expect(failedIds(report)).toContain('selector');
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given namespaceSelector by matchLabels and podSelector by matchExpressions in one peer, when graded, then netpol-and-selector scores 100%', async () => {
    const report = await gradeAnswer('cka/netpol-and-selector', [
      apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-policy, namespace: prod }
spec:
  podSelector: { matchLabels: { role: db } }
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: { matchLabels: { name: prod } }
          podSelector:
            matchExpressions: [{ key: name, operator: In, values: [api-pod] }]
      ports: [{ protocol: TCP, port: 3306 }]
`),
    ], NETPOL_AND_SELECTOR);
    expect(failedIds(report)).toEqual([]);
    expect(report.score.percent).toBe(100);
  });

  it('given the two selectors in two separate ingress rules (OR), when graded, then netpol-and-selector scores below 100%', async () => {
    const report = await gradeAnswer('cka/netpol-and-selector', [
      apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-policy, namespace: prod }
spec:
  podSelector: { matchLabels: { role: db } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ namespaceSelector: { matchLabels: { name: prod } } }]
      ports: [{ protocol: TCP, port: 3306 }]
    - from: [{ podSelector: { matchLabels: { name: api-pod } } }]
      ports: [{ protocol: TCP, port: 3306 }]
`),
    ], NETPOL_AND_SELECTOR);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given a PV sized in bytes and a claim naming pv-vol1 with a sh -c command, when graded, then pv-pvc-hostpath scores 100%', async () => {
    const report = await gradeAnswer('cka/pv-pvc-hostpath', [
      apply(`apiVersion: v1
kind: PersistentVolume
metadata: { name: pv-vol1 }
spec:
  capacity: { storage: "1073741824" }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath: { path: "/tmp/data" }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: myclaim, namespace: finance }
spec:
  storageClassName: ""
  volumeName: pv-vol1
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 500Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: reader, namespace: finance }
spec:
  volumes: [{ name: claim, persistentVolumeClaim: { claimName: myclaim } }]
  containers:
    - name: reader
      image: busybox:1.36
      command: [sh, -c, "sleep 3600"]
      volumeMounts: [{ name: claim, mountPath: /data }]
`),
    ], PV_PVC_HOSTPATH);
    // Binding and the running pod are graded live only.
    expect(failedIds(report)).toEqual([]);
    expect(report.score.percent).toBe(100);
  });

  it('given a claim that names the default class, when graded, then pv-pvc-hostpath scores below 100%', async () => {
    const report = await gradeAnswer('cka/pv-pvc-hostpath', [
      apply(`apiVersion: v1
kind: PersistentVolume
metadata: { name: pv-vol1 }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /tmp/data }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: myclaim, namespace: finance }
spec:
  storageClassName: standard
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 500Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: reader, namespace: finance }
spec:
  volumes: [{ name: data, persistentVolumeClaim: { claimName: myclaim } }]
  containers:
    - { name: reader, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{ name: data, mountPath: /data }] }
`),
    ], PV_PVC_HOSTPATH);
    expect(failedIds(report)).toContain('pvc-no-class');
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given the logger command split into command and args, when graded, then storageclass-wffc scores 100%', async () => {
    const report = await gradeAnswer('cka/storageclass-wffc', [
      apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: local-delayed }
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: logs, namespace: logging }
spec:
  storageClassName: local-delayed
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 200Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: logger, namespace: logging }
spec:
  containers:
    - name: logger
      image: busybox:1.36
      command: [/bin/sh]
      args: [-c, "while true; do date >> /var/log/app/dates.log; sleep 5; done"]
      volumeMounts: [{ name: app-logs, mountPath: /var/log/app }]
  volumes: [{ name: app-logs, persistentVolumeClaim: { claimName: logs } }]
`),
    ], STORAGECLASS_WFFC);
    expect(failedIds(report)).toEqual([]);
    expect(report.score.percent).toBe(100);
  });

  it('given a Role that also lists pods, when graded, then rbac-exec-portforward scores below 100%', async () => {
    const report = await gradeAnswer('cka/rbac-exec-portforward', [
      apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: exec-pf, namespace: db }
rules:
  - { apiGroups: [""], resources: [pods], verbs: [get, list] }
  - { apiGroups: [""], resources: [pods/exec, pods/portforward], verbs: [create] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-exec-pf, namespace: db }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec-pf }
subjects: [{ kind: ServiceAccount, name: team, namespace: db }]
`),
    ], RBAC_EXEC_PORTFORWARD);
    expect(failedIds(report)).toEqual(['nothing-more']);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given the pod record written in the default namespace, when graded, then dns-records scores below 100%', async () => {
    const report = await gradeAnswer('cka/dns-records', [
      { answer: { path: 'service.txt', content: 'nginx-resolver-service.dns-lab.svc.cluster.local 10.96.100.53\n' } },
      { answer: { path: 'pod.txt', content: '10-244-1-7.default.pod.cluster.local\n' } },
    ], DNS_RECORDS);
    expect(failedIds(report)).toEqual(['pod-record']);
  });

  it('given the records of another variant (namespace lookup, pod IP 10.244.3.130), when graded, then dns-records scores 100% only for that variant', async () => {
    const variant = { ns: 'lookup', ipC: '3', ipD: '130' };
    const answer: Step[] = [
      { answer: { path: 'service.txt', content: 'nginx-resolver-service.lookup.svc.cluster.local 10.96.100.53\n' } },
      { answer: { path: 'pod.txt', content: '10-244-3-130.lookup.pod.cluster.local\n' } },
    ];
    const report = await gradeAnswer('cka/dns-records', answer, variant);
    expect(failedIds(report)).toEqual([]);
    expect(report.score.percent).toBe(100);
    // The same files written for the original variant's pod IP lose the pod record.
    const stale = await gradeAnswer('cka/dns-records', [answer[0] as Step, { answer: { path: 'pod.txt', content: '10-244-1-7.lookup.pod.cluster.local\n' } }], variant);
    expect(failedIds(stale)).toEqual(['pod-record']);
  });

  it('given a headless Service whose port is UDP, when graded, then headless-statefulset scores below 100%', async () => {
    const report = await gradeAnswer('cka/headless-statefulset', [
      apply(`apiVersion: v1
kind: Service
metadata: { name: prometheus, namespace: metrics }
spec:
  clusterIP: None
  selector: { app: prometheus }
  ports: [{ port: 80, protocol: UDP }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: prometheus, namespace: metrics }
spec:
  serviceName: prometheus
  replicas: 2
  selector: { matchLabels: { app: prometheus } }
  template:
    metadata: { labels: { app: prometheus } }
    spec:
      containers: [{ name: prometheus, image: nginx:1.27, ports: [{ containerPort: 80 }] }]
`),
    ], HEADLESS_STATEFULSET);
    expect(failedIds(report)).toContain('service-port');
    expect(report.score.percent).toBeLessThan(100);
  });
});

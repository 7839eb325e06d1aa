import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/models/index.js';
import { gradeAnswer } from './grade-answer.js';

/**
 * CKAD answers the task files do not list, graded offline: other correct spellings must score
 * 100%, plausible wrong answers below 100%.
 */

const apply = (yaml: string): Step => ({ apply: yaml });

// The variants the answers below are written for: each task's first choices, its values before
// it had params (gradeAnswer refuses a task with params unless the variant is pinned).
const SIDECAR = { logdir: '/var/log/app', logname: 'app' };
const CRONJOB = { cron: 'report', deadline: '17' };
const PROBES = { live: 'healthz', ready: 'ready', startup: '12' };
const INIT = { word: 'ready', workdir: '/work' };
const SERVICES = { nodePort: '30008', tier: 'web' };
const NETPOL = { suffix: 'access', allow: 'true' };

/** Pod api of netpol-labels-only re-applied with `labels` (a YAML flow mapping). */
const apiPod = (labels: string): Step =>
  apply(`apiVersion: v1
kind: Pod
metadata: { name: api, namespace: netpol-lab, labels: ${labels} }
spec:
  containers: [{ name: api, image: busybox:1.36, command: [sleep, "3600"] }]
`);

const probePod = (probes: string): Step =>
  apply(`apiVersion: v1
kind: Pod
metadata: { name: web, namespace: probes, labels: { app: web } }
spec:
  containers:
  - name: web
    image: nginx:1.27
    command: [sh, -c]
    args:
    - |
      for f in healthz ready starting; do echo ok > /usr/share/nginx/html/$f; done
      exec nginx -g 'daemon off;'
    ports:
    - containerPort: 80
${probes}`);

const initPod = (initCommand: string): Step =>
  apply(`apiVersion: v1
kind: Pod
metadata: { name: web-init, namespace: init-lab }
spec:
  initContainers:
  - name: prepare
    image: busybox:1.36
    command: ${initCommand}
    volumeMounts: [{ name: html, mountPath: /work }]
  containers:
  - name: web
    image: nginx:1.27
    ports: [{ containerPort: 80 }]
    volumeMounts: [{ name: html, mountPath: /usr/share/nginx/html }]
  volumes: [{ name: html, emptyDir: {} }]
`);

const quotaAndPod = (hard: string, resources: string): Step =>
  apply(`apiVersion: v1
kind: ResourceQuota
metadata: { name: compute-quota, namespace: dev }
spec:
  hard: ${hard}
---
apiVersion: v1
kind: Pod
metadata: { name: quota-pod, namespace: dev }
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: ${resources}
`);

describe('CKAD: other correct answers score 100%', () => {
  it('given quantities as bytes and binary fractions (0.25Gi, 1073741824), when graded, then resource-quota scores 100', async () => {
    const report = await gradeAnswer('ckad/resource-quota', [
      quotaAndPod(
        '{ requests.cpu: "1", requests.memory: "1073741824", limits.cpu: 2, limits.memory: 2048Mi, pods: "10" }',
        '{ requests: { cpu: 0.2, memory: 0.25Gi }, limits: { cpu: "0.5", memory: 536870912 } }',
      ),
    ]);
    expect(report.score.percent).toBe(100);
  });

  it('given a native sidecar whose tail runs through sh -c, when graded, then sidecar-logs scores 100', async () => {
    const report = await gradeAnswer('ckad/sidecar-logs', [
      apply(`apiVersion: v1
kind: Pod
metadata: { name: app-logger, namespace: sidecar }
spec:
  volumes: [{ name: logs, emptyDir: {} }]
  initContainers:
  - name: log-agent
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c]
    args: ["tail -F /var/log/app/app.log"]
    volumeMounts: [{ name: logs, mountPath: /var/log/app }]
  containers:
  - name: app
    image: busybox:1.36
    args: [sh, -c, 'while true; do date >> "/var/log/app/app.log"; sleep 5; done']
    volumeMounts: [{ name: logs, mountPath: /var/log/app }]
`),
    ], SIDECAR);
    expect(report.score.percent).toBe(100);
  });

  it('given the CronJob command as args only (busybox has no entrypoint), when graded, then cronjob-deadline scores 100', async () => {
    const report = await gradeAnswer('ckad/cronjob-deadline', [
      apply(`apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: batch-lab }
spec:
  schedule: "* * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      activeDeadlineSeconds: 17
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: busybox:1.36
            args: [/bin/sh, -c, "date;sleep 30"]
`),
    ], CRONJOB);
    expect(report.score.percent).toBe(100);
  });

  it('given probes that also set timeouts and headers and an explicit liveness threshold, when graded, then probes-http scores 100', async () => {
    const report = await gradeAnswer('ckad/probes-http', [
      probePod(`    startupProbe: { httpGet: { path: /starting, port: 80 }, periodSeconds: 5, failureThreshold: 12, timeoutSeconds: 2 }
    livenessProbe:
      httpGet: { path: /healthz, port: 80, httpHeaders: [{ name: X-Probe, value: liveness }] }
      periodSeconds: 5
      failureThreshold: 3
    readinessProbe: { httpGet: { path: /ready, port: 80 }, periodSeconds: 10 }
`),
    ], PROBES);
    expect(report.score.percent).toBe(100);
  });

  it('given an init container that changes into /work and writes a relative index.html, when graded, then init-container scores 100 offline', async () => {
    const report = await gradeAnswer('ckad/init-container', [initPod(`[sh, -c, "cd /work && echo ready > index.html"]`)], INIT);
    expect(report.score.percent).toBe(100);
  });
});

describe('CKAD: wrong answers lose points', () => {
  it('given an init container that writes into nginx\'s path inside its own filesystem, not the shared volume, when graded, then init-container is below 100', async () => {
    const report = await gradeAnswer('ckad/init-container', [initPod(`[sh, -c, "mkdir -p /usr/share/nginx/html && echo ready > /usr/share/nginx/html/index.html"]`)], INIT);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given decimal megabytes (256M, 512M) for the pod, when graded, then resource-quota is below 100', async () => {
    const report = await gradeAnswer('ckad/resource-quota', [
      quotaAndPod(
        '{ requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi, pods: "10" }',
        '{ requests: { cpu: 200m, memory: 256M }, limits: { cpu: 500m, memory: 512M } }',
      ),
    ]);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given activeDeadlineSeconds on the pod template instead of the Job, when graded, then cronjob-deadline is below 100', async () => {
    const report = await gradeAnswer('ckad/cronjob-deadline', [
      apply(`apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: batch-lab }
spec:
  schedule: "*/1 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          activeDeadlineSeconds: 17
          restartPolicy: OnFailure
          containers:
          - { name: report, image: busybox:1.36, command: [sh, -c, "date; sleep 30"] }
`),
    ], CRONJOB);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given Services whose selectors add a label the pods lack, when graded, then service-types is below 100', async () => {
    const report = await gradeAnswer('ckad/service-types', [
      apply(`apiVersion: v1
kind: Service
metadata: { name: nginx-internal, namespace: expose }
spec:
  selector: { app: nginx, tier: web, version: v1 }
  ports: [{ port: 80, targetPort: http }]
---
apiVersion: v1
kind: Service
metadata: { name: nginx-external, namespace: expose }
spec:
  type: NodePort
  selector: { app: nginx, tier: web, version: v1 }
  ports: [{ port: 80, targetPort: http, nodePort: 30008 }]
`),
    ], SERVICES);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given the access labels added but app=api renamed, when graded, then netpol-labels-only is below 100', async () => {
    const report = await gradeAnswer('ckad/netpol-labels-only', [
      apply(`apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: netpol-lab
  labels: { app: api-client, proxy-access: "true", db-access: "true" }
spec:
  containers: [{ name: api, image: busybox:1.36, command: [sleep, "3600"] }]
`),
    ], NETPOL);
    expect(report.score.percent).toBeLessThan(100);
  });
});

describe('CKAD: the drawn variant is what gets graded', () => {
  const EGRESS = { suffix: 'egress', allow: 'enabled' };

  it('given the labels of variant egress/enabled, a harmless extra label and a cache label of another variant, when graded in that variant, then netpol-labels-only scores 100', async () => {
    const report = await gradeAnswer('ckad/netpol-labels-only', [apiPod('{ app: api, proxy-egress: enabled, db-egress: enabled, team: backend, cache-access: "true" }')], EGRESS);
    expect(report.score.percent).toBe(100);
  });

  it('given the first variant\'s labels (proxy-access=true) in variant egress/enabled, when graded, then netpol-labels-only is below 100', async () => {
    const report = await gradeAnswer('ckad/netpol-labels-only', [apiPod('{ app: api, proxy-access: "true", db-access: "true" }')], EGRESS);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given the cache label of the drawn variant as well, when graded in variant egress/enabled, then netpol-labels-only is below 100', async () => {
    const report = await gradeAnswer('ckad/netpol-labels-only', [apiPod('{ app: api, proxy-egress: enabled, db-egress: enabled, cache-egress: enabled }')], EGRESS);
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given the first variant\'s CronJob (report, 17 s) in variant audit/25, when graded, then cronjob-deadline scores 0', async () => {
    const report = await gradeAnswer(
      'ckad/cronjob-deadline',
      [
        apply(`apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: batch-lab }
spec:
  schedule: "*/1 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      activeDeadlineSeconds: 17
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: report, image: busybox:1.36, command: [sh, -c, "date; sleep 30"] }]
`),
      ],
      { cron: 'audit', deadline: '25' },
    );
    expect(report.score.percent).toBe(0);
  });

  it('given the right CronJob with the first variant\'s deadline in variant report/25, when graded, then cronjob-deadline is below 100', async () => {
    const report = await gradeAnswer(
      'ckad/cronjob-deadline',
      [
        apply(`apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: batch-lab }
spec:
  schedule: "*/1 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      activeDeadlineSeconds: 17
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: report, image: busybox:1.36, command: [sh, -c, "date; sleep 30"] }]
`),
      ],
      { cron: 'report', deadline: '25' },
    );
    expect(report.score.percent).toBeLessThan(100);
  });

  it('given a task with params and no pinned variant, when graded, then the helper refuses instead of grading placeholders', async () => {
    await expect(gradeAnswer('ckad/cronjob-deadline', [])).rejects.toThrow('ckad/cronjob-deadline has params');
  });
});

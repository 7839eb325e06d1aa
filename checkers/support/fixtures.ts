import type { K8sObject } from '../../src/models/index.js';

/** Objects shaped as a 1.31 API server returns them (trimmed of managedFields), for checker tests. */

/** A Running nginx pod; override name, namespace, image, labels. */
export function podFixture(o: { name?: string; namespace?: string; image?: string; labels?: Record<string, string>; annotations?: Record<string, string>; node?: string } = {}): K8sObject {
  const name = o.name ?? 'web';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: '0b7f3c2e-5d4a-4c8e-9a51-3f1f4b2d9c10',
      resourceVersion: '48213',
      creationTimestamp: '2025-01-14T09:21:33Z',
      labels: o.labels ?? { run: name },
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      containers: [
        {
          name,
          image: o.image ?? 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: o.node ?? 'kubedrill-worker',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.244.1.7',
      hostIP: '172.18.0.3',
      qosClass: 'BestEffort',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Initialized', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [
        { name, image: `docker.io/library/${o.image ?? 'nginx:1.27'}`, ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2025-01-14T09:21:40Z' } } },
      ],
    },
  };
}

/** A kind worker node; override name and taints. */
export function nodeFixture(o: { name?: string; taints?: { key: string; value?: string; effect: string }[]; cpu?: string } = {}): K8sObject {
  const name = o.name ?? 'kubedrill-worker';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
      annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock' },
    },
    spec: { podCIDR: '10.244.1.0/24', providerID: `kind://docker/kubedrill/${name}`, ...(o.taints ? { taints: o.taints } : {}) },
    status: {
      capacity: { cpu: o.cpu ?? '4', memory: '16318412Ki', pods: '110' },
      allocatable: { cpu: o.cpu ?? '4', memory: '16318412Ki', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      nodeInfo: { kubeletVersion: 'v1.31.0', containerRuntimeVersion: 'containerd://1.7.18' },
    },
  };
}

/** A Deployment with its status as the controller leaves it. */
export function deploymentFixture(o: { name?: string; namespace?: string; replicas?: number; image?: string } = {}): K8sObject {
  const name = o.name ?? 'web';
  const replicas = o.replicas ?? 3;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: o.namespace ?? 'default', generation: 2, labels: { app: name }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1.27' }] } },
    },
    status: { observedGeneration: 2, replicas, readyReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas },
  };
}

// A task file shaped like the built-in ones (setup, solution, a near miss, three checks), for the
// pack benchmarks. `i` makes its id and namespace unique.

/** The YAML text of generated task number `i` (CKA, one of the five CKA domains). */
export function generatedTask(i) {
  const ns = `team-${i}`;
  return `apiVersion: kubedrill.dev/v1
kind: Task
metadata:
  id: bench/task-${i}
  title: Generated task ${i}
  exams: [CKA]
  domain: ${['cluster-architecture', 'workloads-scheduling', 'services-networking', 'storage', 'troubleshooting'][i % 5]}
  difficulty: core
  minutes: 6
  tags: [bench, generated]
setup:
  - apply: |
      apiVersion: v1
      kind: Namespace
      metadata: { name: ${ns} }
statement: |
  Create a Deployment \`web\` in namespace \`${ns}\` with 2 replicas of nginx:1.27, labelled app=web,
  and write its pods' names to {{answers}}/pods.txt. The cluster is {{cluster}}.
hints:
  - "kubectl create deployment web --image=nginx:1.27 --replicas=2 -n ${ns}"
solution:
  - apply: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: ${ns}, labels: { app: web } }
      spec:
        replicas: 2
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - { name: web, image: nginx:1.27, ports: [{ containerPort: 80 }] }
nearMisses:
  - name: wrong namespace
    steps:
      - apply: |
          apiVersion: apps/v1
          kind: Deployment
          metadata: { name: web, namespace: default }
          spec:
            replicas: 2
            selector: { matchLabels: { app: web } }
            template:
              metadata: { labels: { app: web } }
              spec: { containers: [{ name: web, image: nginx:1.27 }] }
checks:
  - id: exists
    type: resource
    points: 1
    ref: deployment/web
    namespace: ${ns}
    expect: exists
  - id: replicas
    type: jsonpath
    points: 2
    ref: deployment/web
    namespace: ${ns}
    path: '{.spec.replicas}'
    equals: "2"
  - id: image
    type: jsonpath
    points: 1
    ref: deployment/web
    namespace: ${ns}
    path: '{.spec.template.spec.containers[0].image}'
    equals: nginx:1.27
docs:
  - { label: Deployments, url: https://kubernetes.io/docs/concepts/workloads/controllers/deployment/ }
`;
}

/** The pack.yaml of the generated packs. */
export const GENERATED_PACK_YAML = 'apiVersion: kubedrill.dev/v1\nkind: Pack\nmetadata: { id: bench, title: Bench, version: 1.0.0, exams: [CKA] }\n';

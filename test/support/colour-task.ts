/**
 * A small offline-capable task (a ConfigMap in namespace paint), for tests that drive the built
 * CLI: the pseudo-terminal drill and the signal tests.
 */
export const colourTask = (id: string): string => `apiVersion: kubedrill.dev/v1
kind: Task
metadata:
  id: ${id}
  title: Store the colour in a ConfigMap
  exams: [CKA]
  domain: workloads-scheduling
  difficulty: quick
  minutes: 2
  tags: [configmap]
setup:
  - apply: |
      apiVersion: v1
      kind: Namespace
      metadata: { name: paint }
statement: |
  Create a ConfigMap \`colour\` in namespace \`paint\` with key \`shade\` set to \`blue\`.
solution:
  - apply: |
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: colour, namespace: paint }
      data: { shade: blue }
checks:
  - { id: exists, type: resource, points: 1, ref: configmap/colour, namespace: paint, expect: exists }
  - { id: shade, type: jsonpath, points: 2, ref: configmap/colour, namespace: paint, path: '{.data.shade}', equals: blue }
`;

// A task that every lint rule leaves alone, and one edit of it per smell `pack lint` looks for:
// each edit must make exactly its rule fire (src/services/pack-lint.test.ts and the built-CLI
// test test/cli/instructor-kit.test.ts hold the rules to that).

export const LINT_PACK_YAML = `apiVersion: kubedrill.dev/v1
kind: Pack
metadata:
  id: lint-fixtures
  title: Lint fixtures
  version: 0.1.0
  exams: [CKA]
`;

export const CLEAN_TASK = `apiVersion: kubedrill.dev/v1
kind: Task
metadata:
  id: lint/scale-web
  title: Scale a Deployment
  exams: [CKA]
  domain: workloads-scheduling
  difficulty: quick
  minutes: 4
setup:
  - apply: |
      apiVersion: v1
      kind: Namespace
      metadata: { name: shop }
  - apply: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        replicas: 1
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec: { containers: [{ name: web, image: "nginx:1.27" }] }
statement: |
  Scale Deployment \`web\` in namespace \`shop\` to 3 replicas.
hints:
  - "Which field of a Deployment says how many pods it runs?"
  - "\`kubectl scale deployment web -n shop --replicas=3\`"
solution:
  - kubectl: [scale, deployment, web, -n, shop, --replicas=3]
alternatives:
  - name: kubectl patch
    steps:
      - kubectl: [patch, deployment, web, -n, shop, -p, '{"spec":{"replicas":3}}']
nearMisses:
  - name: two replicas
    steps:
      - kubectl: [scale, deployment, web, -n, shop, --replicas=2]
  - name: thirty replicas
    steps:
      - kubectl: [scale, deployment, web, -n, shop, --replicas=30]
checks:
  - id: replicas
    type: jsonpath
    points: 2
    ref: deployment/web
    namespace: shop
    path: '{.spec.replicas}'
    matches: '^3$'
docs:
  - { label: Scaling a Deployment, url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#scaling-a-deployment" }
`;

export interface Smell {
  /** The rule that must fire, and only it. */
  rule: string;
  /** Text of CLEAN_TASK and what it becomes. */
  from: string;
  to: string;
  /** Text of the changed file the warning points at (its first character). */
  at: string;
}

export const SMELLS: readonly Smell[] = [
  { rule: 'unnamed-reference', from: 'ref: deployment/web\n', to: 'ref: deployment/web-app\n', at: 'web-app' },
  { rule: 'literal-node-name', from: 'to 3 replicas.', to: 'to 3 replicas, all on node kubedrill-worker2.', at: 'kubedrill-worker2' },
  { rule: 'no-docs', from: 'docs:\n  - { label: Scaling a Deployment, url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#scaling-a-deployment" }\n', to: '', at: 'statement:' },
  { rule: 'few-near-misses', from: '  - name: thirty replicas\n    steps:\n      - kubectl: [scale, deployment, web, -n, shop, --replicas=30]\n', to: '', at: 'nearMisses:' },
  { rule: 'no-alternative', from: "alternatives:\n  - name: kubectl patch\n    steps:\n      - kubectl: [patch, deployment, web, -n, shop, -p, '{\"spec\":{\"replicas\":3}}']\n", to: '', at: 'solution:' },
  { rule: 'minutes-mismatch', from: 'minutes: 4', to: 'minutes: 40', at: 'minutes: 40' },
  { rule: 'unanchored-regex', from: "matches: '^3$'", to: "matches: '3'", at: "matches: '3'" },
  { rule: 'hint-gives-solution', from: '"Which field of a Deployment says how many pods it runs?"', to: '"Run `kubectl scale deployment web -n shop --replicas=3`"', at: '"Run `kubectl' },
  { rule: 'scaffold-todo', from: 'Scale Deployment', to: 'TODO: scale Deployment', at: 'TODO' },
];

/** Line and column (1-based) of the first `text` in `file`. */
export function positionOf(file: string, text: string): { line: number; col: number } {
  const offset = file.indexOf(text);
  if (offset < 0) throw new Error(`"${text}" is not in the file`);
  const before = file.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** CLEAN_TASK with one smell; throws when the smell's text is no longer in it (the fixture drifted). */
export function withSmell(smell: Smell): string {
  if (!CLEAN_TASK.includes(smell.from)) throw new Error(`lint fixture drifted: "${smell.from}" is not in CLEAN_TASK`);
  return CLEAN_TASK.replace(smell.from, smell.to);
}

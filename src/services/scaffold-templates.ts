// The files `kubedrill pack new` and `kubedrill task new` write. Every place the author has to
// write holds a TODO (the lint rule scaffold-todo lists those left), and the example task is
// built so `pack test` fails until it is filled in: its solution writes a TODO sentence where
// the check expects the answer, so the failure shows that sentence, saying what to write.
import { API_VERSION, CAPABILITIES, DISRUPTION_KINDS } from '../models/index.js';

/** Where the JSON Schemas go inside a new pack, for the editor modelines. */
export const SCHEMA_DIR = 'schemas';

/** A YAML scalar for any text (JSON strings are YAML). */
const quoted = (text: string): string => JSON.stringify(text);

export interface PackTemplate {
  id: string;
  title: string;
  exam: string;
}

export function packYaml(pack: PackTemplate): string {
  return `# yaml-language-server: $schema=./${SCHEMA_DIR}/pack.schema.json
# The pack: its id (unique among the packs a learner loads), title and version. Task files are
# every other *.yaml below this directory (except profiles/), one task each.
apiVersion: ${API_VERSION}
kind: Pack
metadata:
  id: ${pack.id}
  title: ${quoted(pack.title)}
  version: 0.1.0
  description: ${quoted('TODO: one sentence on what the pack trains')}
  authors: []
  exams: [${pack.exam}]
`;
}

export function packReadme(pack: PackTemplate, exampleFile: string): string {
  return `# ${pack.title}

A [kubedrill](https://www.npmjs.com/package/kubedrill) pack for the ${pack.exam} exam.

## Practise

\`\`\`bash
npx kubedrill drill --pack .          # drill these tasks
npx kubedrill list --pack .           # what the pack holds
\`\`\`

## Write and check tasks

\`\`\`bash
npx kubedrill task new ${pack.id}/my-task --pack . --domain DOMAIN   # a new task file, every section with a TODO
npx kubedrill pack validate .          # errors as FILE:LINE:COL
npx kubedrill pack lint .              # what is valid but likely wrong (TODOs left, unnamed objects, …)
npx kubedrill pack test . --offline    # self-test: setup 0, solution and alternatives 100%, near misses less
npx kubedrill pack test .              # every task, on the kind cluster
npx kubedrill pack docs . --out CATALOGUE.md   # the catalogue of tasks
\`\`\`

\`${exampleFile}\` is an example task: its self-test fails until its TODOs are replaced.
\`${SCHEMA_DIR}/\` holds the JSON Schemas editors complete with (\`npx kubedrill pack schema --out ${SCHEMA_DIR}\` refreshes them).
`;
}

export const GITIGNORE = `# kubedrill --debug logs
*.log
# editors and tools
node_modules/
.DS_Store
`;

export interface TaskTemplate {
  id: string;
  exam: string;
  domain: string;
  /** The exam's domain ids, listed in the comment beside domain. */
  domains: readonly string[];
  /** Path from the task file to the pack's schemas directory, for the editor modeline. */
  schemaDir: string;
}

/**
 * A task file with every section and a comment on each. Valid as written; its self-test fails
 * on the solution and alternative with the TODO sentences they write (see the file comment).
 */
export function taskYaml(task: TaskTemplate): string {
  return `# yaml-language-server: $schema=${task.schemaDir}/task.schema.json
# A task: what the learner reads (statement), what kubedrill prepares (setup) and how it grades
# (checks). \`kubedrill pack test\` proves the grading: setup alone scores 0, the solution and
# every alternative 100%, every near miss less. Replace each TODO; \`kubedrill pack lint\` lists
# those left. Until then this task's self-test fails, showing the TODO its solution writes.
apiVersion: ${API_VERSION}
kind: Task
metadata:
  id: ${task.id}
  title: ${quoted('TODO: a short title, e.g. Scale a Deployment')}
  exams: [${task.exam}]
  # One of the ${task.exam} domains: ${task.domains.join(', ')}
  domain: ${task.domain}
  # quick | core | deep
  difficulty: core
  # What a prepared candidate needs; a mock exam's clock adds these up.
  minutes: 5
  tags: []
# What the task needs of the cluster. workers: 0-2; needs: capabilities beyond what the checks
# imply (${CAPABILITIES.join(', ')}); disrupts: what it breaks for other tasks on the cluster
# (${DISRUPTION_KINDS.join(', ')}).
environment:
  workers: 0
  needs: []
  disrupts: []
# Runs before the learner starts; setup alone must score 0. Steps: apply, delete, kubectl, node,
# wait, answer. Tasks using only apply, delete, wait and answer steps run offline too.
setup:
  - apply: |
      apiVersion: v1
      kind: Namespace
      metadata: { name: practice }
# What the learner reads. Name every object, namespace and file the checks grade, and nodes
# only as {{nodes.worker1}} (their names differ per cluster).
statement: |
  TODO: say what the learner must do. The example asks: create ConfigMap \`todo\` in namespace
  \`practice\` with the key \`status\` set to \`solved\`.
# A ladder: a nudge first, the full command last.
hints:
  - ${quoted('TODO: a nudge: which resource or field matters')}
  - ${quoted('TODO: the command, e.g. `kubectl create configmap --help`')}
# The proof: pack test runs these steps after setup, and they must score 100%.
solution:
  - apply: |
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: todo, namespace: practice }
      data:
        status: "TODO: write the solution (solution:) and the checks (checks:) that grade the statement"
# The solution as a candidate types it, each step with a one-line why; shown after the attempt.
walkthrough:
  - why: ${quoted('TODO: one line: why this step')}
    run: kubectl -n practice create configmap todo --from-literal=status=solved
# Other correct answers, written the way examinees differ (kubectl instead of YAML, 0.5 instead
# of 500m); each must score exactly 100%.
alternatives:
  - name: ${quoted('TODO: another correct answer, e.g. the ConfigMap written as YAML with more keys')}
    steps:
      - apply: |
          apiVersion: v1
          kind: ConfigMap
          metadata: { name: todo, namespace: practice }
          data:
            status: "TODO: write an alternative correct answer (alternatives:)"
# Plausible wrong answers; each must score below 100%. Write at least two.
nearMisses:
  - name: ${quoted('TODO: a wrong answer, e.g. the ConfigMap in the wrong namespace')}
    steps:
      - apply: |
          apiVersion: v1
          kind: ConfigMap
          metadata: { name: todo, namespace: default }
          data: { status: solved }
  - name: ${quoted('TODO: another wrong answer, e.g. the wrong value')}
    steps:
      - apply: |
          apiVersion: v1
          kind: ConfigMap
          metadata: { name: todo, namespace: practice }
          data: { status: done }
# Typed checks (every type: checkers/README.md in kubedrill); points add up to the task's
# weight. A guard (guard: true, points: 0) zeroes the task when the learner breaks something.
checks:
  - id: status-solved
    description: ${quoted('TODO: what this check requires, as the learner should read it')}
    type: jsonpath
    points: 2
    ref: configmap/todo
    namespace: practice
    path: '{.data.status}'
    equals: solved
# kubernetes.io pages the exam allows; shown with the task.
docs:
  - { label: ${quoted('TODO: the page for this task')}, url: "https://kubernetes.io/docs/home/" }
`;
}

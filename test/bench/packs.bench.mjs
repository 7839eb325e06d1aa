// Budget (DESIGN.md §8): loading and validating packs costs under 300 ms per 150 tasks.
// Loads the built-in scenarios/ in this fresh process, then a generated pack of 500 tasks shaped
// like the built-in ones, each twice: cold (every file through the YAML parser, as on a first run)
// and with the parse cache the CLI keeps (unchanged files skip the parser; validation still runs).
// The budget is judged on the cached runs; cold times are printed beside them.
// Needs `npx tsc -p tsconfig.build.json`.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const dist = join(root, 'dist');
const BUDGET_MS_PER_150 = 300;
const GENERATED = 500;

if (!existsSync(join(dist, 'src', 'packs', 'load.js'))) {
  console.log('packs: dist/ missing; run `npx tsc -p tsconfig.build.json` first');
  process.exit(1);
}
const { loadPacks } = await import(pathToFileURL(join(dist, 'src', 'packs', 'load.js')).href);
const { FileParseCache } = await import(pathToFileURL(join(dist, 'src', 'packs', 'parse-cache.js')).href);

/** The registry, or (until checkers/index.ts exists) every checker module found in dist/checkers. */
async function checkers() {
  const index = join(dist, 'checkers', 'index.js');
  if (existsSync(index)) return (await import(pathToFileURL(index).href)).CHECKERS;
  const found = [];
  for (const file of readdirSync(join(dist, 'checkers')).filter((f) => f.endsWith('.js')).sort()) {
    const module = await import(pathToFileURL(join(dist, 'checkers', file)).href);
    for (const value of Object.values(module)) {
      if (value && typeof value === 'object' && typeof value.type === 'string' && value.params && typeof value.run === 'function') found.push(value);
    }
  }
  return found;
}

function generatedTask(i) {
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

const registry = await checkers();
const work = await mkdtemp(join(tmpdir(), 'kubedrill-bench-'));

/** Loads `dir` cold, then again in a fresh cache after filling it; returns both times in ms. */
async function measure(dir, name) {
  let start = performance.now();
  const cold = await loadPacks([dir], { checkers: registry });
  const coldMs = performance.now() - start;
  const cacheFile = join(work, `${name}-cache.json`);
  const fill = await FileParseCache.open(cacheFile);
  await loadPacks([dir], { checkers: registry, cache: fill });
  await fill.save();
  start = performance.now();
  const cache = await FileParseCache.open(cacheFile);
  const cached = await loadPacks([dir], { checkers: registry, cache });
  const cachedMs = performance.now() - start;
  return { cold, coldMs, cached, cachedMs };
}

let failed = false;
try {
  const builtin = await measure(join(root, 'scenarios'), 'builtin');
  const n = builtin.cached.tasks.length;
  failed ||= builtin.cachedMs > BUDGET_MS_PER_150 * Math.max(1, n / 150);

  const dir = join(work, 'generated');
  await mkdir(dir);
  await writeFile(join(dir, 'pack.yaml'), 'apiVersion: kubedrill.dev/v1\nkind: Pack\nmetadata: { id: bench, title: Bench, version: 1.0.0, exams: [CKA] }\n');
  for (let i = 0; i < GENERATED; i++) {
    const sub = join(dir, `group-${i % 10}`);
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `task-${i}.yaml`), generatedTask(i));
  }
  const generated = await measure(dir, 'generated');
  const complete = generated.cold.tasks.length === GENERATED && generated.cached.tasks.length === GENERATED;
  failed ||= !complete || generated.cachedMs > (BUDGET_MS_PER_150 * GENERATED) / 150;

  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(
    `packs: load+validate built-in ${n} tasks ${ms(builtin.cachedMs)} (cold ${ms(builtin.coldMs)}); ` +
      `generated ${GENERATED} tasks ${ms(generated.cachedMs)} (cold ${ms(generated.coldMs)}) = ` +
      `${ms((generated.cachedMs * 150) / GENERATED)} per 150 tasks (cold ${ms((generated.coldMs * 150) / GENERATED)}); ` +
      `budget ${BUDGET_MS_PER_150} ms per 150 tasks ${failed ? 'OVER' : 'ok'}`,
  );
  if (builtin.cold.problems.length > 0) console.log(`packs: note: the built-in packs have ${builtin.cold.problems.length} problem(s); see kubedrill pack validate scenarios`);
  if (!complete) {
    const p = generated.cold.problems.slice(0, 3).map((x) => `${x.file}:${x.line}: ${x.path}: ${x.message}`);
    console.log(`packs: the generated pack loaded ${generated.cold.tasks.length}/${GENERATED} tasks: ${p.join(' | ')}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

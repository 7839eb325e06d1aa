// Budget (the README, Speed): loading and validating packs costs under 300 ms per 150 tasks.
// Loads the built-in scenarios/ in this fresh process (cold, as one CLI run does: every file
// through the YAML parser), then a generated pack of 500 tasks shaped like the built-in ones.
// There is no parse cache: pack loading parses every file on every run (see src/packs/load.ts).
// Needs `npx tsc -p tsconfig.build.json`.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatedTask, GENERATED_PACK_YAML } from './generated-task.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
// KUBEDRILL_BENCH_DIST: another build directory (e.g. a scratch `tsc --outDir`).
const dist = process.env.KUBEDRILL_BENCH_DIST ?? join(root, 'dist');
const BUDGET_MS_PER_150 = 300;
const GENERATED = 500;

if (!existsSync(join(dist, 'src', 'packs', 'load.js'))) {
  console.log('packs: dist/ missing; run `npx tsc -p tsconfig.build.json` first');
  process.exit(1);
}
const { loadPacks } = await import(pathToFileURL(join(dist, 'src', 'packs', 'load.js')).href);

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

const registry = await checkers();
const work = await mkdtemp(join(tmpdir(), 'kubedrill-bench-'));

/** Loads `dir` twice in this process: the first load pays module warm-up as a CLI run does. */
async function measure(dir) {
  let start = performance.now();
  const first = await loadPacks([dir], { checkers: registry });
  const firstMs = performance.now() - start;
  start = performance.now();
  const again = await loadPacks([dir], { checkers: registry });
  const againMs = performance.now() - start;
  return { first, firstMs, again, againMs };
}

let failed = false;
try {
  const builtin = await measure(join(root, 'scenarios'));
  const n = builtin.first.tasks.length;
  failed ||= builtin.firstMs > BUDGET_MS_PER_150 * Math.max(1, n / 150);

  const dir = join(work, 'generated');
  await mkdir(dir);
  await writeFile(join(dir, 'pack.yaml'), GENERATED_PACK_YAML);
  for (let i = 0; i < GENERATED; i++) {
    const sub = join(dir, `group-${i % 10}`);
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `task-${i}.yaml`), generatedTask(i));
  }
  const generated = await measure(dir);
  const complete = generated.first.tasks.length === GENERATED && generated.again.tasks.length === GENERATED;
  failed ||= !complete || generated.againMs > (BUDGET_MS_PER_150 * GENERATED) / 150;

  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(
    `packs: load+validate built-in ${n} tasks ${ms(builtin.firstMs)} (again ${ms(builtin.againMs)}); ` +
      `generated ${GENERATED} tasks ${ms(generated.againMs)} = ${ms((generated.againMs * 150) / GENERATED)} per 150 tasks; ` +
      `budget ${BUDGET_MS_PER_150} ms per 150 tasks ${failed ? 'OVER' : 'ok'}`,
  );
  if (builtin.first.problems.length > 0) console.log(`packs: note: the built-in packs have ${builtin.first.problems.length} problem(s); see kubedrill pack validate scenarios`);
  if (!complete) {
    const p = generated.first.problems.slice(0, 3).map((x) => `${x.file}:${x.line}: ${x.path}: ${x.message}`);
    console.log(`packs: the generated pack loaded ${generated.first.tasks.length}/${GENERATED} tasks: ${p.join(' | ')}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

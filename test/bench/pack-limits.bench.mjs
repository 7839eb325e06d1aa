// Budgets for hostile and very large packs (reliability review, findings 4 and 13):
// - each pathological pack (a `{{` and 900 KB of spaces, 70,000 unknown keys, 50,000 unknown
//   check params, 40,000 unknown placeholders) validates in under 2 s, as `kubedrill pack validate`;
// - a 10,000-task pack validates within the §8 budget (300 ms per 150 tasks) and 300 MB of memory.
// Runs the built CLI; needs `npx tsc -p tsconfig.build.json` (KUBEDRILL_BENCH_DIST: another build dir).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedTask, GENERATED_PACK_YAML } from './generated-task.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const dist = process.env.KUBEDRILL_BENCH_DIST ?? join(root, 'dist');
const cli = join(dist, 'src', 'cli.js');
const HOSTILE_BUDGET_MS = 2_000;
const TASKS = 10_000;
const BUDGET_MS_PER_150 = 300;
const BUDGET_RSS_MB = 300;

if (!existsSync(cli)) {
  console.log('pack limits: dist/ missing; run `npx tsc -p tsconfig.build.json` first');
  process.exit(1);
}

// Reports the CLI's peak memory on exit without changing the CLI (node --import runs it first).
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

/** Wall time, peak RSS and output of one `kubedrill pack validate dir`. */
function validate(dir) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', REPORT_RSS, cli, 'pack', 'validate', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rssMb = Number(/maxrss=(\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
  return { ms, rssMb, status: result.status, stdout: result.stdout };
}

const seedDir = join(root, 'test', 'broken-packs', 'valid', 'design-example');
const packYaml = await readFile(join(seedDir, 'pack.yaml'), 'utf8');
const task = await readFile(join(seedDir, 'static-pod-web.yaml'), 'utf8');
const numbered = (n, line) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

/** The review's reproducers (about 900 KB: over the 256 KiB file limit, refused unparsed) and the same patterns just under the limit (parsed: the real worst case). */
const patterns = (scale) => ({
  [`template {{ + ${Math.round(900 * scale)} KB of spaces`]: task.replace(/^hints: .*$/m, `hints: [ "{{${' '.repeat(Math.round(900_000 * scale))}" ]`),
  [`${Math.round(70_000 * scale)} unknown keys`]: `${task}${numbered(Math.round(70_000 * scale), (i) => `k${i}: x`)}\n`,
  [`${Math.round(50_000 * scale)} unknown check params`]: task.replace('    image: nginx:1.27\n  - id: image', `    image: nginx:1.27\n${numbered(Math.round(50_000 * scale), (i) => `    p${i}: 1`)}\n  - id: image`),
  [`${Math.round(40_000 * scale)} unknown placeholders`]: task.replace(/^statement: \|.*$/m, `statement: |\n${numbered(Math.round(40_000 * scale), (i) => `  {{v${i}}}`)}`),
});
const HOSTILE = { ...patterns(1), ...patterns(0.25) };

const work = await mkdtemp(join(tmpdir(), 'kubedrill-bench-limits-'));
let failed = false;
try {
  const parts = [];
  for (const [name, text] of Object.entries(HOSTILE)) {
    const dir = join(work, `hostile-${parts.length}`);
    await mkdir(dir);
    await writeFile(join(dir, 'pack.yaml'), packYaml);
    await writeFile(join(dir, 'task.yaml'), text);
    const run = validate(dir);
    const ok = run.ms <= HOSTILE_BUDGET_MS && (run.status === 0 || run.status === 1) && run.stdout.split('\n').length < 100;
    failed ||= !ok;
    parts.push(`${name} ${run.ms.toFixed(0)} ms${ok ? '' : ` OVER (exit ${run.status})`}`);
  }
  console.log(`pack limits: hostile packs: ${parts.join('; ')}; budget ${HOSTILE_BUDGET_MS} ms each ${failed ? 'OVER' : 'ok'}`);

  const dir = join(work, 'tasks');
  await mkdir(dir);
  await writeFile(join(dir, 'pack.yaml'), GENERATED_PACK_YAML);
  for (let i = 0; i < TASKS; i++) {
    const sub = join(dir, `group-${i % 100}`);
    if (i < 100) await mkdir(sub);
    await writeFile(join(sub, `task-${i}.yaml`), generatedTask(i));
  }
  const run = validate(dir);
  const budgetMs = (BUDGET_MS_PER_150 * TASKS) / 150;
  const ok = run.status === 0 && run.ms <= budgetMs && run.rssMb <= BUDGET_RSS_MB;
  failed ||= !ok;
  console.log(
    `pack limits: ${TASKS.toLocaleString('en-US')} tasks ${run.ms.toFixed(0)} ms (${((run.ms * 150) / TASKS).toFixed(0)} ms per 150 tasks), ` +
      `peak RSS ${run.rssMb.toFixed(0)} MB; budget ${budgetMs} ms and ${BUDGET_RSS_MB} MB ${ok ? 'ok' : `OVER (exit ${run.status})`}`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

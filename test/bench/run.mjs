// Benchmarks for the budgets in DESIGN.md §8 (run with `npm run bench` after a build).
// Each budget prints one line; the run exits 1 when any budget is exceeded.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(dirname(here));
const cli = join(root, 'dist', 'src', 'cli.js');

/** Median wall time in ms of running argv `runs` times (after one warm-up run). */
function medianMs(argv, runs = 15) {
  spawnSync(argv[0], argv.slice(1));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

let failed = false;

const baseline = medianMs([process.execPath, '-e', '0']);
const version = medianMs([process.execPath, cli, '--version']);
const ratio = version / baseline;
const versionOk = ratio <= 1.6;
failed ||= !versionOk;
console.log(`cli: kubedrill --version ${version.toFixed(1)} ms = ${ratio.toFixed(2)}× node -e 0 (${baseline.toFixed(1)} ms); budget 1.6× ${versionOk ? 'ok' : 'OVER'}`);

for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).sort()) {
  const result = spawnSync(process.execPath, [join(here, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(result.stdout);
  if (result.status !== 0) failed = true;
}

process.exitCode = failed ? 1 : 0;

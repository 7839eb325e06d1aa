// Benchmarks for the budgets in the README's "Speed" table (run with `npm run bench` after a build).
// Each budget prints one line; the run exits 1 when any budget is exceeded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(dirname(here));
const cli = join(root, 'dist', 'src', 'cli.js');

/** A data directory of its own, so the runs' catalog cache is this build's (warmed by the first run). */
const env = { ...process.env, KUBEDRILL_HOME: mkdtempSync(join(tmpdir(), 'kubedrill-bench-')) };

/** Median wall time in ms of running argv `runs` times (after one warm-up run); `codes` are the exit codes it may end with. */
function medianMs(argv, codes = [0], runs = 15) {
  spawnSync(argv[0], argv.slice(1), { env });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env });
    if (!codes.includes(result.status)) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
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

// Commands scripts run (no terminal UI) start within 3× a bare node, once the catalog is cached.
const workspace = mkdtempSync(join(tmpdir(), 'kubedrill-bench-ws-'));
for (const args of [['list'], ['exam', 'cka', '--plan', '--seed', '7'], ['check', 'ckad/configmap-secret', '--offline', workspace, '--json']]) {
  const codes = args[0] === 'check' ? [0, 1] : [0];
  // check exits 1 on an empty workspace (not full marks): the run is what is timed, not its verdict.
  const ms = medianMs([process.execPath, cli, ...args], codes);
  const scriptRatio = ms / baseline;
  const ok = scriptRatio <= 3;
  failed ||= !ok;
  console.log(`cli: kubedrill ${args.slice(0, 3).join(' ')} ${ms.toFixed(1)} ms = ${scriptRatio.toFixed(2)}× node -e 0; budget 3× ${ok ? 'ok' : 'OVER'}`);
}

for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).sort()) {
  const result = spawnSync(process.execPath, [join(here, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(result.stdout);
  if (result.status !== 0) failed = true;
}

process.exitCode = failed ? 1 : 0;

// Budget (the README, Speed, issue 5): time to the first frame of the home screen, measured in a
// pseudo-terminal (test/pty/pty-driver.py) from spawning `kubedrill` until "Mock exam CKA" is
// drawn. Median of 7 runs after a warm-up. Prints one line; exits 1 when over budget.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_MS = 400;
const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const cli = join(root, 'dist', 'src', 'cli.js');
const driver = join(root, 'test', 'pty', 'pty-driver.py');
const home = mkdtempSync(join(tmpdir(), 'kubedrill-bench-ui-'));
const steps = join(home, 'steps.json');
writeFileSync(steps, JSON.stringify([{ expect: 'Mock exam CKA' }, { mark: 'first-frame' }, { send: 'q' }]));

/** One run: ms from spawn to the first frame, or an Error. */
function firstFrameMs() {
  const result = spawnSync('python3', [driver, steps, '--', process.execPath, cli, '--offline', join(home, 'ws')], {
    encoding: 'utf8',
    env: { ...process.env, KUBEDRILL_HOME: home },
    timeout: 30_000,
  });
  const mark = /MARK first-frame ([\d.]+)/.exec(result.stdout ?? '');
  if (result.status !== 0 || !mark) throw new Error(`home screen did not draw: ${result.stderr || result.error?.message}`);
  return Number(mark[1]);
}

try {
  firstFrameMs();
  const times = Array.from({ length: 7 }, firstFrameMs).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const ok = median <= BUDGET_MS;
  console.log(`ui: home screen first frame ${median.toFixed(1)} ms (median of 7); budget ${BUDGET_MS} ms ${ok ? 'ok' : 'OVER'}`);
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.log(`ui: home screen first frame FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(home, { recursive: true, force: true });
}

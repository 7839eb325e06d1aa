import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { disruptiveLast, type LoadedTask } from '../../src/models/index.js';
import { openKindEnvironment } from '../../src/environments/kind/index.js';
import type { LiveEnvironment } from '../../src/environments/live/index.js';
import { loadCatalog } from '../../src/packs/catalog.js';
import { workersNeeded } from '../../src/environments/index.js';
import { clusterDown } from '../../src/services/cluster.js';
import { selfTestTask } from '../../src/services/self-test.js';
import { taskNeeds } from '../../src/services/task-needs.js';
import { applyVariant, describeVariant, enumerateVariants, hasParams } from '../../src/services/task-variants.js';
import { createDebugLog, lastLine } from '../../src/system/index.js';

// Tier 6 (the README, Tests), opt-in: `npm run test:live`. A fresh kind cluster (its own name and
// data dir, so the learner's `kubedrill` cluster is never touched), every built-in task's
// self-test on it, then the cluster is deleted. Skipped — saying why — without Docker or kind.
function missing(): string | undefined {
  for (const [bin, args] of [['docker', ['info']], ['kind', ['version']]] as const) {
    try {
      execFileSync(bin, [...args], { stdio: 'pipe', timeout: 30_000 });
    } catch (error) {
      const stderr = lastLine((error as { stderr?: Buffer }).stderr?.toString() ?? '');
      return `\`${bin} ${args.join(' ')}\` failed: ${stderr || (error as Error).message}`;
    }
  }
  return undefined;
}

const reason = missing();
if (reason !== undefined) {
  console.warn(`\n[live suite SKIPPED] ${reason}\nInstall Docker and kind ≥ 0.24 to run it (kubedrill doctor lists what is missing).\n`);
}
const catalog = reason === undefined ? await loadCatalog({ packDirs: [], includeBuiltin: true, checkers: CHECKERS }) : undefined;
const tasks: LoadedTask[] = catalog?.tasks ?? [];
const only = process.env.KUBEDRILL_LIVE_TASK;
const selected = only ? tasks.filter((t) => t.task.metadata.id === only) : tasks;

describe.skipIf(reason !== undefined)('live: every built-in task self-tests on a fresh kind cluster', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubedrill-live-'));
  const env = { ...process.env, KUBEDRILL_HOME: home };
  const cluster = 'kubedrill-live';
  let environment: LiveEnvironment;

  const open = async () => {
    environment = await openKindEnvironment({
      cluster,
      workers: workersNeeded(selected.map((t) => t.task)),
      env,
      debugLog: createDebugLog(join(home, 'debug.log')),
      onProgress: (line) => console.log(`  ${line}`),
    });
    console.log(`live suite: ${environment.label}; capabilities: ${[...environment.capabilities].join(', ')}; debug log ${join(home, 'debug.log')}`);
    for (const [capability, why] of Object.entries(environment.unavailable)) console.log(`  without ${capability}: ${why}`);
  };

  beforeAll(async () => {
    expect(catalog?.problems ?? []).toEqual([]);
    await open();
  });

  afterAll(async () => {
    await clusterDown({ env }, cluster).catch((error: unknown) => console.warn(`could not delete ${cluster}: ${(error as Error).message}`));
    rmSync(home, { recursive: true, force: true });
  });

  it('found built-in tasks to test', () => {
    expect(selected.length).toBeGreaterThan(0);
  });

  // Disruptive tasks (cordoned nodes, taints, a restored etcd) run last; before every phase the
  // self-test brings the cluster back to its baseline (kind/baseline.ts), so each is proven from
  // the cluster kind made and no task on another's leftovers — which proves the baseline too.
  const ordered = disruptiveLast(selected, (t) => t.task);
  for (const { task } of ordered) {
    for (const variant of enumerateVariants(task, Number(process.env.KUBEDRILL_LIVE_VARIANTS ?? 1))) {
      const name = hasParams(task) ? `${task.metadata.id} ${describeVariant(variant)}` : task.metadata.id;
      it(`self-test ${name}`, async (ctx) => {
        const lacking = taskNeeds(task, CHECKERS).filter((need) => !environment.capabilities.has(need));
        if (lacking.length > 0) {
          // Not a pass: the task cannot be proven here; it is reported as skipped, with the reason.
          console.warn(`[not tested] ${task.metadata.id}: needs ${lacking.join(', ')} — ${lacking.map((c) => environment.unavailable[c]).join('; ')}`);
          ctx.skip();
          return;
        }
        const result = await selfTestTask(applyVariant(task, variant), environment, CHECKERS);
        const problems = result.phases.filter((p) => !p.ok).map((p) => `${p.phase}: ${p.problem ?? ''}`);
        expect(problems).toEqual([]);
      });
    }
  }
});

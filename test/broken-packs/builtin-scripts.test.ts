import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { loadCatalog } from '../../src/packs/catalog.js';

/**
 * Live-only tasks cannot be self-tested on machines without kind, so their shell is at least
 * parsed here: every node step script and node-command check of the built-in packs must be valid
 * bash (placeholders stand for names).
 */
describe('built-in node scripts', () => {
  it('parse as bash', async () => {
    const catalog = await loadCatalog({ packDirs: [], includeBuiltin: true, checkers: CHECKERS });
    const scripts: { where: string; text: string }[] = [];
    for (const { task } of catalog.tasks) {
      const id = task.metadata.id;
      const lists = [['setup', task.setup], ['solution', task.solution], ...task.alternatives.map((a) => [`alternative ${a.name}`, a.steps] as const), ...task.nearMisses.map((m) => [`near miss ${m.name}`, m.steps] as const)] as const;
      for (const [where, steps] of lists) for (const step of steps) if ('node' in step) scripts.push({ where: `${id} ${where}`, text: step.script });
      for (const check of task.checks) if (check.type === 'node-command') scripts.push({ where: `${id} check ${check.id}`, text: String(check.command) });
    }
    expect(scripts.length).toBeGreaterThan(50);
    const broken = scripts
      .map(({ where, text }) => ({ where, result: spawnSync('bash', ['-n'], { input: text.replace(/\{\{[^{}]*\}\}/g, 'x'), encoding: 'utf8' }) }))
      .filter(({ result }) => result.status !== 0)
      .map(({ where, result }) => `${where}: ${result.stderr.trim()}`);
    expect(broken).toEqual([]);
  });
});

// The instructor kit through the built CLI, as an instructor or a CI script runs it: scaffolds
// (`pack new`, `task new`), `pack lint` / `pack validate --strict`, and `pack docs`. Needs
// `npm run build` first (`npm test` builds before vitest runs).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINT_PACK_YAML, positionOf, SMELLS, withSmell } from '../support/lint-fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubedrill(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

interface LintJson {
  ok: boolean;
  problems: unknown[];
  warnings: { file: string; line: number; col: number; path: string; message: string; rule: string }[];
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kubedrill-kit-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.skipIf(!existsSync(cli))('instructor kit, built CLI', () => {
  it('Given `pack new` and `task new`, Then the pack validates, lint lists the TODOs, --strict fails on them, and the self-test fails saying what to fill in', async () => {
    const pack = join(work, 'acme');
    const created = await kubedrill(['pack', 'new', pack, '--title', 'ACME week 3', '--exam', 'CKAD']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/wrote .*acme\/ckad\/design-build\/example\.yaml/);

    const added = await kubedrill(['task', 'new', 'acme/probe-web', '--pack', pack, '--domain', 'observability-maintenance']);
    expect(added.code, added.stderr).toBe(0);
    expect(existsSync(join(pack, 'ckad', 'observability-maintenance', 'probe-web.yaml'))).toBe(true);

    const valid = await kubedrill(['pack', 'validate', pack]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^ok: 1 pack, 2 valid tasks$/m);

    const lint = await kubedrill(['pack', 'lint', pack]);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/probe-web\.yaml:\d+:\d+: statement: scaffold not filled in: statement still says TODO \[scaffold-todo\]$/m);
    expect(lint.stdout).toMatch(/^18 warnings in 2 files \(2 tasks linted\)$/m);

    const strict = await kubedrill(['pack', 'validate', '--strict', pack]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^1 pack, 2 valid tasks; --strict: 18 warnings in 2 files$/m);

    const selfTest = await kubedrill(['pack', 'test', pack, '--offline']);
    expect(selfTest.code).toBe(1);
    expect(selfTest.stdout).toContain('got TODO: write the solution (solution:) and the checks (checks:) that grade the statement');
    expect(selfTest.stdout).toContain('got TODO: write an alternative correct answer (alternatives:)');
    expect(selfTest.stdout).toMatch(/^0 passed, 2 failed, 0 skipped$/m);
    expect(selfTest.stderr).not.toMatch(STACK_FRAME);
  }, 240_000);

  it('Given a pack with one task per smell, When linted, Then each file gets exactly its rule, at FILE:LINE:COL of the smell', async () => {
    const pack = join(work, 'smells');
    await mkdir(pack);
    await writeFile(join(pack, 'pack.yaml'), LINT_PACK_YAML);
    const files = new Map<string, string>();
    for (const smell of SMELLS) {
      const text = withSmell(smell).replace('id: lint/scale-web', `id: lint/${smell.rule}`);
      files.set(smell.rule, text);
      await writeFile(join(pack, `${smell.rule}.yaml`), text);
    }
    const run = await kubedrill(['pack', 'lint', pack, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as LintJson;
    expect(report.problems).toEqual([]);
    for (const smell of SMELLS) {
      const mine = report.warnings.filter((w) => w.file.endsWith(`/${smell.rule}.yaml`));
      expect(mine.map((w) => w.rule), smell.rule).toEqual([smell.rule]);
      expect(mine[0], smell.rule).toMatchObject(positionOf(files.get(smell.rule) ?? '', smell.at));
    }
    // The text form: one FILE:LINE:COL: path: message [rule] line per warning.
    const text = await kubedrill(['pack', 'lint', pack]);
    const { line, col } = positionOf(files.get('unanchored-regex') ?? '', "matches: '3'");
    expect(text.stdout).toMatch(new RegExp(`unanchored-regex\\.yaml:${line}:${col}: checks\\[0\\]\\.matches: regex /3/ has no anchor.* \\[unanchored-regex\\]$`, 'm'));
    expect(text.stdout).toMatch(/^9 warnings in 9 files \(9 tasks linted\)$/m);
    const strict = await kubedrill(['pack', 'validate', '--strict', pack, '--json']);
    expect(strict.code).toBe(1);
    expect((JSON.parse(strict.stdout) as LintJson).warnings).toHaveLength(SMELLS.length);
  }, 120_000);

  it('Given the built-in packs, When linted and validated --strict, Then no warning: exit 0', async () => {
    const lint = await kubedrill(['pack', 'lint', 'scenarios']);
    expect(lint.stdout).toMatch(/^ok: no warnings, \d+ tasks linted$/m);
    expect(lint.code).toBe(0);
    const strict = await kubedrill(['pack', 'validate', '--strict', 'scenarios']);
    expect(strict.stdout).toMatch(/^ok: 3 packs, \d+ valid tasks, no lint warnings$/m);
    expect(strict.code).toBe(0);
  }, 120_000);

  it('Given a built-in pack, When `pack docs` runs, Then a Markdown catalogue by exam and domain prints', async () => {
    const run = await kubedrill(['pack', 'docs', 'scenarios/cks']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# kubedrill built-in CKS tasks\n/);
    expect(run.stdout).toMatch(/^## Certified Kubernetes Security Specialist/m);
    expect(run.stdout).toMatch(/^\| `cks\/kubelet-hardening` \| .+ \| live only \|$/m);
  }, 60_000);
});

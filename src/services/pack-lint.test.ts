import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHECKERS } from '../../checkers/index.js';
import { CLEAN_TASK, positionOf, SMELLS, withSmell } from '../../test/support/lint-fixtures.js';
import { taskSchema } from '../models/index.js';
import { loadPacks } from '../packs/load.js';
import { parseYamlText } from '../packs/yaml-source.js';
import { hasAnchor } from './lint-rules/regex.js';
import { literalNodeName, unnamedReference } from './lint-rules/references.js';
import { hintGivesSolution } from './lint-rules/coverage.js';
import { LINT_RULES } from './lint-rules/index.js';
import { formatWarning, lintLoadedTasks, lintTask, readDisables } from './pack-lint.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Lints a task file's text as `pack lint` would, once it validated. */
function lintText(text: string) {
  const read = parseYamlText('task.yaml', text);
  if (!read.ok) throw new Error(read.problems[0]?.message);
  return lintTask(taskSchema.parse(parse(text)), read.doc, text);
}

/** CLEAN_TASK with `change` applied to its parsed form, for rules that read one field. */
function taskWith(change: (task: Record<string, unknown>) => void) {
  const raw = parse(CLEAN_TASK) as Record<string, unknown>;
  change(raw);
  return taskSchema.parse(raw);
}

describe('pack lint rules', () => {
  it('Given the clean fixture task, When linted, Then no rule fires', () => {
    expect(lintText(CLEAN_TASK)).toEqual([]);
  });

  it.each(SMELLS)('Given the clean task with the smell $rule, When linted, Then exactly that rule fires, at the smell', (smell) => {
    const text = withSmell(smell);
    const warnings = lintText(text);
    expect(warnings.map((w) => w.rule)).toEqual([smell.rule]);
    const { line, col } = positionOf(text, smell.at);
    expect(warnings[0]).toMatchObject({ file: 'task.yaml', line, col });
    expect(formatWarning(warnings[0]!)).toMatch(new RegExp(`^task\\.yaml:${line}:${col}: \\S+: .+ \\[${smell.rule}\\]$`));
  });

  it('Given every rule, Then each has a distinct id and a summary (the ids are what disable comments name)', () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of LINT_RULES) expect(rule.summary.length, rule.id).toBeGreaterThan(10);
  });

  it('Given objects the statement names only through what they derive from, When linted, Then unnamed-reference stays quiet; a truly unnamed one still fires', () => {
    const task = taskWith((t) => {
      t.statement = 'StatefulSet `db` in namespace `shop`; CRD for plural `widgets` in group `example.com`; static pod `web`; write `{{answers}}/out.txt`.';
      t.checks = [
        { id: 'ordinal', type: 'pod-status', points: 1, namespace: 'shop', pod: 'db-1', ready: true },
        { id: 'crd', type: 'resource', points: 1, ref: 'crd/widgets.example.com' },
        { id: 'mirror', type: 'resource', points: 1, ref: 'pod/web-{{nodes.worker1}}' },
        { id: 'system', type: 'resource', points: 1, ref: 'pod/kube-scheduler-x', namespace: 'kube-system' },
        { id: 'file', type: 'answer-file', points: 1, file: 'out.txt', equals: 'x' },
        { id: 'unnamed', type: 'resource', points: 1, ref: 'configmap/settings', namespace: 'prod' },
      ];
    });
    const findings = unnamedReference.check(task);
    expect(findings.map((f) => f.needle)).toEqual(['settings', 'prod']);
    expect(findings[0]?.path).toEqual(['checks', 5, 'ref']);
  });

  it('Given node names in a statement, When linted, Then literal ones fire with the placeholder to use and placeholders or the control-plane label do not', () => {
    const task = taskWith((t) => {
      t.statement = 'Cordon {{nodes.worker1}} and kind-worker2, not kubedrill-control-plane; ssh worker1. Label: node-role.kubernetes.io/control-plane.';
    });
    const findings = literalNodeName.check(task);
    expect(findings.map((f) => f.needle)).toEqual(['kind-worker2', 'kubedrill-control-plane', 'worker1']);
    expect(findings[0]?.message).toContain('{{nodes.worker2}}');
    expect(findings[1]?.message).toContain('{{nodes.controlplane}}');
  });

  it('Given a first hint with the command but a solution that applies YAML, When linted, Then hint-gives-solution stays quiet (a hint cannot hold a manifest to type)', () => {
    const task = taskWith((t) => {
      t.hints = ['`kubectl scale deployment web -n shop --replicas=3`'];
      t.solution = [{ apply: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n' }];
    });
    expect(hintGivesSolution.check(task)).toEqual([]);
  });

  it.each([
    ['^3$', true],
    ['(^|\\s)UDP/53(\\s|$)', true],
    ['\\bready\\b', true],
    ['.*nginx.*', true],
    ['3', false],
    ['nginx:1\\.27', false],
    ['a\\^b\\$', false],
    ['[$^]x', false],
  ])('hasAnchor(%s) is %s', (pattern, anchored) => {
    expect(hasAnchor(pattern)).toBe(anchored);
  });
});

describe('kubedrill-lint-disable comments', () => {
  const smelly = withSmell(SMELLS.find((s) => s.rule === 'unanchored-regex')!);

  it('Given a comment naming the rule, When linted, Then that rule is off for the file', () => {
    expect(lintText(`# kubedrill-lint-disable unanchored-regex\n${smelly}`)).toEqual([]);
  });

  it('Given a comment naming no rule, Then every rule is off for the file', () => {
    expect(readDisables('# kubedrill-lint-disable\n').rules).toBe('all');
    expect(lintText(`# kubedrill-lint-disable\n${smelly}`)).toEqual([]);
  });

  it('Given a comment with a misspelt id, When linted, Then the rule still fires and the typo is a warning at the id', () => {
    const warnings = lintText(`# kubedrill-lint-disable: unanchored-regexp, no-docs\n${smelly}`);
    expect(warnings.map((w) => w.rule).sort()).toEqual(['kubedrill-lint-disable', 'unanchored-regex']);
    const typo = warnings.find((w) => w.rule === 'kubedrill-lint-disable');
    expect(typo).toMatchObject({ line: 1, col: 27 });
    expect(typo?.message).toContain('"unanchored-regexp" is no lint rule');
  });
});

describe('the built-in packs', () => {
  it('Given scenarios/, When linted, Then no rule fires on any built-in task', async () => {
    const result = await loadPacks([`${root}scenarios`], { checkers: CHECKERS });
    expect(result.tasks.length).toBeGreaterThan(30);
    const warnings = await lintLoadedTasks(result.tasks);
    expect(warnings.map(formatWarning)).toEqual([]);
  });
});

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Checker, LoadedTask, Task } from '../models/index.js';
import { loadPacks, type LoadResult } from '../packs/load.js';
import { formatPath, formatProblem, sortProblems, type PackProblem } from '../packs/problem.js';
import { DEFAULT_YAML_LIMITS, parseYamlBytes, type YamlDocument } from '../packs/yaml-source.js';
import type { CommandIO } from '../system/io.js';
import { inertJson, inertLine } from '../text/inert.js';
import { LINT_RULES, type LintRule } from './lint-rules/index.js';
import { shownProblem } from '../packs/problem.js';

/** A lint warning: a pack problem (FILE:LINE:COL, path, message) and the rule that found it. */
export interface LintWarning extends PackProblem {
  rule: string;
}

/** The comment that turns rules off for one task file: `# kubedrill-lint-disable rule-a, rule-b` (no ids: every rule). */
export const DISABLE_COMMENT = 'kubedrill-lint-disable';

const DISABLE_LINE = new RegExp(`^(\\s*#\\s*${DISABLE_COMMENT})(?=\\s|:|$)[\\s:]*(.*)$`);

interface Disables {
  /** Rule ids turned off; `all` when a comment names none. */
  rules: Set<string> | 'all';
  /** Ids the comments name that are no rule: a typo would silently disable nothing. */
  unknown: { id: string; line: number; col: number }[];
}

/** The `# kubedrill-lint-disable` comments of a task file's text. */
export function readDisables(text: string, rules: readonly LintRule[] = LINT_RULES): Disables {
  const known = new Set(rules.map((r) => r.id));
  const off = new Set<string>();
  let all = false;
  const unknown: Disables['unknown'] = [];
  text.split('\n').forEach((lineText, index) => {
    const match = DISABLE_LINE.exec(lineText);
    if (!match) return;
    const list = (match[2] ?? '').replace(/\s+#.*$/, '');
    const ids = list.split(/[\s,]+/).filter(Boolean);
    if (ids.length === 0) all = true;
    for (const id of ids) {
      if (known.has(id)) off.add(id);
      else unknown.push({ id, line: index + 1, col: lineText.indexOf(id, (match[1] ?? '').length) + 1 });
    }
  });
  return { rules: all ? 'all' : off, unknown };
}

/** Runs the rules on one task and places each finding in its file; disabled rules are left out. */
export function lintTask(task: Task, doc: YamlDocument, text: string, rules: readonly LintRule[] = LINT_RULES): LintWarning[] {
  const disables = readDisables(text, rules);
  const warnings: LintWarning[] = disables.unknown.map(({ id, line, col }) => ({
    file: doc.file,
    line,
    col,
    path: '',
    rule: DISABLE_COMMENT,
    message: `"${id}" is no lint rule, so this comment disables nothing; rules: ${rules.map((r) => r.id).join(', ')}`,
  }));
  for (const rule of rules) {
    if (disables.rules === 'all' || disables.rules.has(rule.id)) continue;
    for (const finding of rule.check(task)) {
      const pos = finding.needle === undefined ? doc.locate(finding.path) : doc.locateText(finding.path, finding.needle);
      warnings.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath(finding.path), message: finding.message, rule: rule.id });
    }
  }
  return warnings;
}

/**
 * Lints loaded (valid) tasks, re-reading each file for positions and disable comments. Files
 * read as the loader read them (same limits), so a task that loaded is read here too.
 */
export async function lintLoadedTasks(tasks: readonly LoadedTask[], rules: readonly LintRule[] = LINT_RULES): Promise<LintWarning[]> {
  const warnings: LintWarning[] = [];
  for (const { task, file } of tasks) {
    const bytes = await readFile(file);
    const read = parseYamlBytes(file, bytes, DEFAULT_YAML_LIMITS);
    if (!read.ok) continue; // changed since it was loaded; pack validate reports it
    warnings.push(...lintTask(task, read.doc, new TextDecoder().decode(bytes), rules));
  }
  return sortProblems(warnings) as LintWarning[];
}

/** `FILE:LINE:COL: path: message [rule]`: a pack problem's line, with the rule's id to disable it by. */
export function formatWarning(warning: LintWarning): string {
  return `${formatProblem(warning)} [${warning.rule}]`;
}

/** Warnings as lines for a terminal: paths relative to the working directory, pack text inert. */
export function warningLines(warnings: readonly LintWarning[], cwd: string): string {
  return warnings.map((w) => `${inertLine(formatWarning({ ...shownProblem(w, cwd), rule: w.rule }))}\n`).join('');
}

/** `3 warnings in 2 files` for summaries. */
export function warningCount(warnings: readonly LintWarning[]): string {
  const files = new Set(warnings.map((w) => w.file)).size;
  return `${warnings.length} warning${warnings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
}

/**
 * `kubedrill pack lint DIR…`: warnings about what is valid but likely wrong, one
 * `FILE:LINE:COL: path: message [rule]` line each. Tasks that do not validate are reported as
 * `pack validate` does and not linted. Exit 1 when a pack does not validate; warnings alone
 * exit 0 (`pack validate --strict` is the gate that fails on them).
 */
export async function lintPacks(dirsAsGiven: readonly string[], checkers: readonly Checker[], io: CommandIO, options: { json?: true } = {}): Promise<number> {
  const result: LoadResult = await loadPacks(
    dirsAsGiven.map((d) => resolve(io.cwd, d)),
    { checkers, checkManifests: true },
  );
  const warnings = await lintLoadedTasks(result.tasks);
  const problems = result.problems.map((p) => shownProblem(p, io.cwd));
  const code = problems.length === 0 ? 0 : 1;
  if (options.json) {
    const json = { formatVersion: 1, ok: code === 0, packs: result.packs.length, lintedTasks: result.tasks.length, problems, warnings: warnings.map((w) => ({ ...shownProblem(w, io.cwd), rule: w.rule })) };
    io.stdout.write(`${inertJson(JSON.stringify(json, null, 2))}\n`);
    return code;
  }
  for (const problem of problems) io.stdout.write(`${inertLine(formatProblem(problem))}\n`);
  io.stdout.write(warningLines(warnings, io.cwd));
  const scope = `${result.tasks.length} task${result.tasks.length === 1 ? '' : 's'} linted`;
  // A capped file's last line stands for the problems it leaves out (as in pack validate).
  const count = problems.reduce((n, p) => n + (p.omitted ?? 1), 0);
  const invalid = count > 0 ? `; ${count} problem${count === 1 ? '' : 's'} (pack validate): fix them to lint every task` : '';
  io.stdout.write(warnings.length === 0 ? `ok: no warnings, ${scope}${invalid}\n` : `${warningCount(warnings)} (${scope})${invalid}\n`);
  return code;
}

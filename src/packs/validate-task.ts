import { checkParams, taskSchema, type Checker, type ExamProfile, type Pack, type Step, type Task } from '../models/index.js';
import { answerPathProblem, assetRefs, docsUrlProblem, helmStepProblem, kubectlStepProblem, kustomizeStepProblem, namespaceProblem, nodePathProblem, objectRefProblem } from '../models/step-policy.js';
import { missingAssetProblem, type AssetIndex } from './assets.js';
import { domainIn } from '../models/task-domains.js';
import { ADDON_NAMES, findAddon } from '../environments/addons/registry.js';
import { parseAllDocuments } from 'yaml';
import { PARAM_FIELDS, PARAM_PREFIX } from '../models/task-params.js';
import { isRecord, issueProblems, valueAt } from './issues.js';
import { closest, formatPath, MAX_PROBLEMS_PER_FILE, type PackProblem } from './problem.js';
import { findUnknownVariables, KNOWN_VARIABLES, knownWithParams } from './templates.js';
import { paramProblems, unknownParamMessage } from './validate-params.js';
import type { YamlDocument } from './yaml-source.js';

/** What a task is checked against besides its own schema. Built once per load, not per task. */
export interface TaskRules {
  checkers: ReadonlyMap<string, Checker>;
  /** Exam profiles by exam id: an exam is one of these ids, and a task's domain one of its domains. */
  profiles: ReadonlyMap<string, ExamProfile>;
  /** The task's pack, when its pack.yaml is valid. */
  pack: Pack | undefined;
  /** Parse apply steps' manifests too (see LoadOptions.checkManifests). */
  checkManifests?: boolean;
  /** The pack's assets, which `files`, `helm` and `kustomize` steps name (none when absent). */
  assets?: AssetIndex;
}

/** Fields of a check that belong to every check, not to its type's params. */

/** Names that are Go template actions (`{{.metadata.name}}`, `{{end}}`), to explain the problem. */
const GO_TEMPLATE_ACTION = /^(\.|\$|end$|else$|break$|continue$)/;

/** Where placeholders are expanded (the README, How the code is laid out), so where unknown ones are errors. */
const TEMPLATED_FIELDS = ['statement', 'hints', 'setup', 'solution', 'walkthrough', 'alternatives', 'nearMisses', 'checks'] as const;

/** Validates one parsed task document; returns the task only when there is no problem. */
export function validateTask(doc: YamlDocument, rules: TaskRules): { task: Task | undefined; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  const at = (path: PropertyKey[], message: string, needles?: readonly string[]): void => {
    // Past the per-file cap a problem is only counted (capProblems keeps the first ones found), so
    // skip the text search: 70,000 placeholders in one 900 KB scalar made it quadratic.
    const pos = needles && problems.length < MAX_PROBLEMS_PER_FILE ? doc.locateText(path, needles) : doc.locate(path);
    problems.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message });
  };

  // Placeholders are checked on the raw document so they are reported even when the schema fails.
  const declared = declaredParams(doc.value);
  const known = knownWithParams(new Set(declared));
  for (const field of TEMPLATED_FIELDS) {
    for (const unknown of findUnknownVariables(valueAt(doc.value, [field]), [field], known)) {
      if (unknown.name.startsWith(PARAM_PREFIX)) {
        at(unknown.path, unknownParamMessage(unknown.name.slice(PARAM_PREFIX.length), declared), placeholderNeedles(unknown.name));
        continue;
      }
      // Past the cap the message is never shown: skip the edit distances. `{{ns}}` for a declared
      // parameter `ns` is a forgotten `params.`, and a near parameter name is a candidate too.
      const near = declared.includes(unknown.name)
        ? [`${PARAM_PREFIX}${unknown.name}`]
        : problems.length < MAX_PROBLEMS_PER_FILE
          ? closest(unknown.name, [...KNOWN_VARIABLES, ...declared.map((name) => `${PARAM_PREFIX}${name}`)], 1)
          : [];
      const hint = near.length > 0 ? `did you mean {{${near[0]}}}? ` : '';
      const why = GO_TEMPLATE_ACTION.test(unknown.name) ? ' (kubedrill expands every {{…}} like this one; keep Go templates out of packs, e.g. use -o jsonpath)' : '';
      at(unknown.path, `unknown template variable {{${unknown.name}}}; ${hint}known: ${KNOWN_VARIABLES.join(', ')}${why}`, [
        `{{${unknown.name}}}`,
        `{{ ${unknown.name} }}`,
        unknown.name,
      ]);
    }
  }

  checkParamPlaceholders(doc.value, declared, at);

  const parsed = taskSchema.safeParse(doc.value);
  if (!parsed.success) {
    problems.push(...issueProblems(parsed.error.issues, doc));
    return { task: undefined, problems };
  }
  const task = parsed.data;
  if (task.params) for (const problem of paramProblems(task.params)) at(problem.path, problem.message, problem.needles);
  checkMetadata(task, rules, valueAt(doc.value, ['metadata', 'exams']) !== undefined, at);
  checkAddons(task, at);
  checkSteps(task, at, rules.checkManifests === true);
  checkAssetSteps(task, at, rules.assets);
  checkChecks(task, doc, rules, at, problems);
  return { task: problems.length === 0 ? task : undefined, problems };
}

type At = (path: PropertyKey[], message: string) => void;

/** The names under the raw document's `params` (when it is a map), for placeholders even when the schema fails. */
function declaredParams(value: unknown): string[] {
  const params = valueAt(value, ['params']);
  return isRecord(params) ? Object.keys(params) : [];
}

/** How `{{params.NAME}}` may be written, to point at it inside a scalar. */
const placeholderNeedles = (name: string): string[] => [`{{${name}}}`, `{{ ${name} }}`, name];

/**
 * `{{params.NAME}}` outside the fields where the statement, steps and checks are (those are
 * checked with the other placeholders): in `docs` they are filled in too and must name a declared
 * parameter; anywhere else (metadata, environment) they would be shown as written.
 */
function checkParamPlaceholders(value: unknown, declared: readonly string[], at: (path: PropertyKey[], message: string, needles?: readonly string[]) => void): void {
  if (!isRecord(value)) return;
  const names = new Set(declared);
  const notParam = (name: string): boolean => !name.startsWith(PARAM_PREFIX);
  for (const unknown of findUnknownVariables(value.docs, ['docs'], (name) => notParam(name) || names.has(name.slice(PARAM_PREFIX.length)))) {
    at(unknown.path, unknownParamMessage(unknown.name.slice(PARAM_PREFIX.length), declared), placeholderNeedles(unknown.name));
  }
  const expanded: ReadonlySet<string> = new Set<string>([...PARAM_FIELDS, 'params']);
  for (const [key, item] of Object.entries(value)) {
    if (expanded.has(key)) continue;
    for (const unknown of findUnknownVariables(item, [key], notParam)) {
      at(unknown.path, `{{${unknown.name}}} is not filled in under ${key}: parameters expand only in ${PARAM_FIELDS.join(', ')}`, placeholderNeedles(unknown.name));
    }
  }
}

/**
 * Why `exam` is not an exam kubedrill knows (undefined when it is): exams exist only as profiles,
 * so the message names near ids and where a new exam comes from.
 */
export function unknownExamMessage(exam: string, profiles: ReadonlyMap<string, ExamProfile>): string | undefined {
  if (profiles.has(exam)) return undefined;
  const ids = [...profiles.keys()];
  const near = closest(exam, ids, 1);
  const hint = near.length > 0 ? `did you mean ${near[0]}? ` : '';
  return `unknown exam "${exam}"; ${hint}known exams: ${ids.join(', ') || '(none)'} (a pack adds one with a profile in its profiles/ directory)`;
}

function checkMetadata(task: Task, rules: TaskRules, writtenExams: boolean, at: At): void {
  const packExams = rules.pack?.metadata.exams ?? [];
  // With a domains map and no exams list, the exams are its keys: problems point at the key.
  const examPath = (exam: string, i: number): PropertyKey[] => (writtenExams ? ['metadata', 'exams', i] : ['metadata', 'domains', exam]);
  task.metadata.exams.forEach((exam, i) => {
    const unknown = unknownExamMessage(exam, rules.profiles);
    if (unknown) return at(examPath(exam, i), unknown);
    if (packExams.length > 0 && !packExams.includes(exam)) {
      at(examPath(exam, i), `exam ${exam} is not one of this pack's exams (${packExams.join(', ')})`);
    }
  });
  for (const exam of new Set(task.metadata.exams)) {
    const profile = rules.profiles.get(exam);
    const domain = domainIn(task, exam);
    if (!profile || domain === undefined) continue;
    const domains = profile.domains.map((d) => d.id);
    if (!domains.includes(domain)) {
      const near = closest(domain, domains, 1);
      const hint = near.length > 0 ? `did you mean ${near[0]}? ` : '';
      const path = task.metadata.domains ? ['metadata', 'domains', exam] : ['metadata', 'domain'];
      at(path, `"${domain}" is not a ${exam} domain; ${hint}${exam} domains: ${domains.join(', ')}`);
    }
  }
}

/** Add-ons must be ones kubedrill pins, and bundled in this build (else no cluster could get them). */
function checkAddons(task: Task, at: At): void {
  (task.environment.addons ?? []).forEach((name, i) => {
    const spec = findAddon(name);
    if (!spec) {
      const near = closest(name, ADDON_NAMES, 2);
      const hint = near.length > 0 ? `did you mean ${near[0]}? ` : '';
      return at(['environment', 'addons', i], `unknown add-on "${name}"; ${hint}known add-ons: ${ADDON_NAMES.join(', ')}`);
    }
    if (!spec.bundled) at(['environment', 'addons', i], `add-on ${name} ${spec.version} is not bundled in this build of kubedrill (${spec.notBundled ?? 'no manifest shipped'}), so no cluster can get it`);
  });
}

/** Every step list of a task, with its path in the document. */
function stepLists(task: Task): [PropertyKey[], readonly Step[]][] {
  return [
    [['setup'], task.setup],
    [['solution'], task.solution],
    ...task.alternatives.map((a, i): [PropertyKey[], readonly Step[]] => [['alternatives', i, 'steps'], a.steps]),
    ...task.nearMisses.map((m, i): [PropertyKey[], readonly Step[]] => [['nearMisses', i, 'steps'], m.steps]),
  ];
}

/** Why an apply step's text is not manifests kubectl could apply (placeholders stand for names). */
function manifestsProblem(text: string): string | undefined {
  const docs = parseAllDocuments(text.replace(/\{\{[^{}]*\}\}/g, 'x'));
  for (const doc of Array.isArray(docs) ? docs : []) {
    const error = doc.errors[0];
    if (error) return `not valid YAML: ${error.message.split('\n')[0]}`;
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const object = value as { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown } };
    if (typeof value !== 'object' || Array.isArray(value) || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') {
      return 'every document must be a Kubernetes object with apiVersion and kind';
    }
    if (!object.kind.endsWith('List') && typeof object.metadata?.name !== 'string') return `a ${object.kind} needs metadata.name`;
  }
  return undefined;
}

/** What pack steps may do (models/step-policy.ts), checked here so the problem names its place. */
function checkSteps(task: Task, at: At, checkManifests: boolean): void {
  for (const [base, steps] of stepLists(task)) {
    steps.forEach((step, i) => {
      const path = [...base, i];
      if ('apply' in step) {
        const problem = checkManifests ? manifestsProblem(step.apply) : undefined;
        if (problem) at([...path, 'apply'], problem);
      } else if ('kubectl' in step) {
        const problem = kubectlStepProblem(step.kubectl);
        if (problem) at([...path, 'kubectl', problem.index], problem.message);
      } else if ('delete' in step) {
        const problem = objectRefProblem(step.delete);
        if (problem) at([...path, 'delete'], problem);
        const ns = step.namespace === undefined ? undefined : namespaceProblem(step.namespace);
        if (ns) at([...path, 'namespace'], ns);
      } else if ('wait' in step) {
        const problem = objectRefProblem(step.wait.ref);
        if (problem) at([...path, 'wait', 'ref'], problem);
        const ns = step.wait.namespace === undefined ? undefined : namespaceProblem(step.wait.namespace);
        if (ns) at([...path, 'wait', 'namespace'], ns);
      } else if ('answer' in step) {
        const problem = answerPathProblem(step.answer.path);
        if (problem) at([...path, 'answer', 'path'], problem);
      }
    });
  }
  task.docs.forEach((doc, i) => {
    const problem = docsUrlProblem(doc.url);
    if (problem) at(['docs', i, 'url'], problem);
  });
}

/**
 * The steps that use pack assets (`files`, `helm`, `kustomize`): what they may do
 * (models/step-policy.ts) and that every asset they name is in the pack (assets.ts).
 */
function checkAssetSteps(task: Task, at: At, assets: AssetIndex | undefined): void {
  const missing = (asset: string): string | undefined =>
    assets ? missingAssetProblem(assets, asset) : `no asset ${asset}: this pack has no assets/ directory`;
  for (const [base, steps] of stepLists(task)) {
    steps.forEach((step, i) => {
      const path = [...base, i];
      if ('files' in step) {
        const { asset, to, node, path: target } = step.files;
        const problem = missing(asset);
        if (problem) at([...path, 'files', 'asset'], problem);
        if (node !== undefined && to !== 'node') at([...path, 'files', 'node'], `node is only for to: node (this step copies to ${to})`);
        const where = target === undefined ? undefined : to === 'node' ? nodePathProblem(target) : answerPathProblem(target);
        if (where) at([...path, 'files', 'path'], to === 'workspace' ? where.replace('answers directory', 'workspace') : where);
      } else if ('helm' in step || 'kustomize' in step) {
        const [key, argv, policy] = 'helm' in step ? (['helm', step.helm, helmStepProblem(step.helm)] as const) : (['kustomize', step.kustomize, kustomizeStepProblem(step.kustomize)] as const);
        if (policy) at([...path, key, policy.index], policy.message);
        argv.forEach((arg, j) => {
          for (const asset of assetRefs(arg)) {
            const problem = missing(asset);
            if (problem) at([...path, key, j], problem);
          }
        });
      }
    });
  }
}

function checkChecks(task: Task, doc: YamlDocument, rules: TaskRules, at: At, problems: PackProblem[]): void {
  const seen = new Map<string, number>();
  let total = 0;
  task.checks.forEach((check, i) => {
    total += check.points;
    // A guard only zeroes the task when it fails; a point-less check that is not a guard grades nothing.
    if (check.guard === true && check.points !== 0) at(['checks', i, 'points'], 'a guard carries no points: set points: 0');
    if (check.guard !== true && check.points === 0) at(['checks', i, 'points'], 'a check with no points grades nothing: give it points, or make it a guard (guard: true)');
    const first = seen.get(check.id);
    if (first === undefined) seen.set(check.id, i);
    else at(['checks', i, 'id'], `duplicate check id "${check.id}" (also checks[${first}], line ${doc.locate(['checks', first, 'id']).line})`);

    const checker = rules.checkers.get(check.type);
    if (!checker) {
      const known = [...rules.checkers.keys()].sort();
      const near = closest(check.type, known, 1);
      const hint = near.length > 0 ? `did you mean ${near[0]}? ` : '';
      at(['checks', i, 'type'], `unknown check type "${check.type}"; ${hint}known types: ${known.join(', ') || '(none registered)'}`);
      return;
    }
    const result = checker.params.safeParse(checkParams(check));
    if (!result.success) problems.push(...issueProblems(result.error.issues, doc, ['checks', i]));
  });
  if (total === 0) at(['checks'], 'the checks total 0 points; give at least one check points so the task can be scored');
}

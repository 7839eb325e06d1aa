import { DNS_1123_LABEL, LABEL_VALUE, MAX_LABEL_LENGTH, PARAM_KINDS, PARAM_PREFIX, paramKindsOf, type TaskParams } from '../models/task-params.js';
import { findTemplateVariables } from '../templating.js';
import { closest } from './problem.js';

/** A problem in a task's `params`, at a path below the task document. */
export interface ParamProblem {
  path: PropertyKey[];
  message: string;
  /** Text to point at inside a scalar (a placeholder in a derived value). */
  needles?: string[];
}

/**
 * What zod cannot say about a task's parameters, each at its place: exactly one kind per
 * parameter, ranges that hold a value, choices without duplicates or placeholders, words that
 * always make a valid name or label value, derived values that refer only to declared parameters
 * and not (through others) to themselves.
 */
export function paramProblems(params: TaskParams): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const names = Object.keys(params);
  for (const [name, spec] of Object.entries(params)) {
    const at = (path: PropertyKey[], message: string, needles?: string[]): void => {
      problems.push({ path: ['params', name, ...path], message, ...(needles ? { needles } : {}) });
    };
    const kinds = paramKindsOf(spec);
    if (kinds.length !== 1) {
      at([], kinds.length === 0 ? `parameter ${name} needs one of ${PARAM_KINDS.join(', ')}` : `parameter ${name} has ${kinds.join(' and ')}: give exactly one of ${PARAM_KINDS.join(', ')}`);
      continue;
    }
    if (spec.oneOf) {
      const seen = new Map<string, number>();
      spec.oneOf.forEach((choice, i) => {
        const text = String(choice);
        if (text === '') at(['oneOf', i], 'a choice may not be empty');
        if (text.includes('{{')) at(['oneOf', i], 'a choice is a plain value; derive values from other parameters with value: "{{params.NAME}}…"');
        const first = seen.get(text);
        if (first !== undefined) at(['oneOf', i], `duplicate choice "${text}" (also oneOf[${first}]): each choice must differ, or one is drawn more often`);
        else seen.set(text, i);
      });
    }
    for (const kind of ['int', 'port'] as const) {
      const range = spec[kind];
      if (range && range.min > range.max) at([kind], `min ${range.min} is greater than max ${range.max}: the range holds no value`);
    }
    if (spec.name) wordProblems(spec.name.words, 'name', at);
    if (spec.label) wordProblems(spec.label.words, 'label', at);
    if (spec.value !== undefined) {
      for (const ref of findTemplateVariables(spec.value)) {
        const needles = [`{{${ref}}}`, `{{ ${ref} }}`];
        if (!ref.startsWith(PARAM_PREFIX)) {
          at(['value'], `a derived value may use only {{params.NAME}}, not {{${ref}}}`, needles);
          continue;
        }
        const target = ref.slice(PARAM_PREFIX.length);
        if (!Object.hasOwn(params, target)) at(['value'], unknownParamMessage(target, names), needles);
      }
    }
  }
  for (const cycle of derivationCycles(params)) {
    problems.push({ path: ['params', cycle[0] as string, 'value'], message: `derived values refer to each other in a circle: ${[...cycle, cycle[0]].join(' → ')}` });
  }
  return problems;
}

/** Why `{{params.NAME}}` names no parameter of this task, with the near ones. */
export function unknownParamMessage(name: string, declared: readonly string[]): string {
  if (declared.length === 0) return `unknown parameter {{params.${name}}}: this task declares no params (add it under params:)`;
  const near = closest(name, declared, 1);
  const hint = near.length > 0 ? `did you mean {{params.${near[0]}}}? ` : '';
  return `unknown parameter {{params.${name}}}; ${hint}this task's params: ${declared.join(', ')}`;
}

/**
 * Words that may not always make a valid value. Each word must be valid at either end of the
 * value (so any combination is), and the longest combination must fit in 63 characters.
 */
function wordProblems(words: readonly (readonly string[])[], kind: 'name' | 'label', at: (path: PropertyKey[], message: string) => void): void {
  const valid = kind === 'name' ? DNS_1123_LABEL : LABEL_VALUE;
  const rule =
    kind === 'name'
      ? 'a DNS-1123 name takes lower-case letters, digits and "-", starting and ending with a letter or digit'
      : 'a label value takes letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  let longest = words.length - 1; // the dashes between words
  words.forEach((list, i) => {
    list.forEach((word, j) => {
      if (!valid.test(word)) at([kind, 'words', i, j], `"${word}" cannot be part of a ${kind === 'name' ? 'name' : 'label value'}: ${rule}`);
    });
    // reduce, not Math.max(...list): a list of 300,000 words would overflow the call's arguments.
    longest += list.reduce((max, word) => Math.max(max, word.length), 0);
  });
  if (longest > MAX_LABEL_LENGTH) at([kind, 'words'], `the longest ${kind === 'name' ? 'name' : 'label value'} these words make has ${longest} characters; at most ${MAX_LABEL_LENGTH} are allowed`);
}

/** Each circle of derived values (a → b → a), once, starting at its first parameter in declaration order. */
function derivationCycles(params: TaskParams): string[][] {
  const refs = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(params)) {
    if (spec.value === undefined) continue;
    const targets = findTemplateVariables(spec.value)
      .filter((ref) => ref.startsWith(PARAM_PREFIX))
      .map((ref) => ref.slice(PARAM_PREFIX.length))
      .filter((target) => params[target]?.value !== undefined);
    refs.set(name, targets);
  }
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    const at = trail.indexOf(name);
    if (at >= 0) {
      cycles.push(trail.slice(at));
      return;
    }
    if (done.has(name)) return;
    trail.push(name);
    for (const target of refs.get(name) ?? []) visit(target, trail);
    trail.pop();
    done.add(name);
  };
  for (const name of refs.keys()) visit(name, []);
  return cycles;
}

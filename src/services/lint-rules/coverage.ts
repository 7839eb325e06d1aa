import type { Task } from '../../models/index.js';
import type { LintFinding, LintRule } from './rule.js';

/** The learner gets no pointer into the docs, which the real exam lets them read. */
export const noDocs: LintRule = {
  id: 'no-docs',
  summary: 'no docs link',
  check: (task: Task) =>
    task.docs.length > 0 ? [] : [{ path: ['statement'], message: 'no docs link: add docs: [{ label, url }] pointing at the kubernetes.io page the exam allows for this task' }],
};

/** Below this many near misses, the checks are proven to fail on too few wrong answers. */
const MIN_NEAR_MISSES = 2;

/** A grader proven wrong by one near miss only may still pass other wrong answers. */
export const fewNearMisses: LintRule = {
  id: 'few-near-misses',
  summary: `fewer than ${MIN_NEAR_MISSES} near misses`,
  check: (task: Task) =>
    task.nearMisses.length >= MIN_NEAR_MISSES
      ? []
      : [
          {
            path: task.nearMisses.length > 0 ? ['nearMisses'] : ['solution'],
            message: `${task.nearMisses.length} near miss${task.nearMisses.length === 1 ? '' : 'es'}: write at least ${MIN_NEAR_MISSES} wrong answers a learner would plausibly give (wrong namespace, wrong field, half done); pack test proves each loses points`,
          },
        ],
};

/** Without an alternative, only the author's own spelling of the answer is proven to score 100%. */
export const noAlternative: LintRule = {
  id: 'no-alternative',
  summary: 'no alternative (another correct answer)',
  check: (task: Task) =>
    task.alternatives.length > 0
      ? []
      : [{ path: ['solution'], message: 'no alternatives: add another correct answer written the way examinees differ (kubectl create instead of YAML, 0.5 instead of 500m); pack test proves it scores 100%' }],
};

/**
 * The bounds of `minutes` against the task's size, taken wide of the built-in tasks (0.5–1.8
 * minutes per point, 0.8–12 minutes per step): outside them the number is likely a slip.
 */
const MINUTES_PER_POINT = { min: 0.25, max: 3 } as const;
const MINUTES_PER_STEP = { min: 0.5, max: 15 } as const;

/**
 * `minutes` far from what the task asks: the exam's clock is the point of a mock exam, so a
 * task timed at 40 minutes for 4 points (or 1 minute for twelve steps) skews the whole draw.
 * Steps count as the candidate types them (the walkthrough) where there is one, else the solution.
 */
export const minutesMismatch: LintRule = {
  id: 'minutes-mismatch',
  summary: `minutes far from the task's points and steps (outside ${MINUTES_PER_POINT.min}–${MINUTES_PER_POINT.max} per point or ${MINUTES_PER_STEP.min}–${MINUTES_PER_STEP.max} per step)`,
  check(task: Task): LintFinding[] {
    const { minutes } = task.metadata;
    const points = task.checks.reduce((sum, c) => sum + c.points, 0);
    const steps = Math.max(task.walkthrough.length, task.solution.filter((s) => !('wait' in s)).length, 1);
    const size = `${points} point${points === 1 ? '' : 's'} and ${steps} step${steps === 1 ? '' : 's'}`;
    const problems: string[] = [];
    if (points > 0 && minutes > points * MINUTES_PER_POINT.max) problems.push(`more than ${MINUTES_PER_POINT.max} minutes per point`);
    if (points > 0 && minutes < points * MINUTES_PER_POINT.min) problems.push(`less than ${MINUTES_PER_POINT.min * 60} seconds per point`);
    if (minutes > steps * MINUTES_PER_STEP.max) problems.push(`more than ${MINUTES_PER_STEP.max} minutes per step`);
    if (minutes < steps * MINUTES_PER_STEP.min) problems.push(`less than ${MINUTES_PER_STEP.min * 60} seconds per step`);
    if (problems.length === 0) return [];
    return [{ path: ['metadata', 'minutes'], message: `${minutes} minutes for ${size}: ${problems.join(', ')}; set the time a prepared candidate needs, or grade what the task really asks` }];
  },
};

/** A hint's words, without the Markdown and quoting around commands. */
function words(text: string): Set<string> {
  return new Set(text.replace(/[`"']/g, ' ').split(/\s+/).filter(Boolean));
}

/** Flags that only pace the self-test (`--timeout=180s`), which no hint needs to repeat. */
const PACING_FLAG = /^--(timeout|wait)(=|$)/;

/**
 * The first hint spells out the whole answer: every command of the solution, word for word.
 * Hints are a ladder (nudge, then the tool, then the command); a first hint that is the solution
 * leaves the learner nothing to work out. Only all-kubectl solutions can be typed from a hint,
 * so only those are compared.
 */
export const hintGivesSolution: LintRule = {
  id: 'hint-gives-solution',
  summary: 'the first hint gives the whole solution',
  check(task: Task): LintFinding[] {
    const first = task.hints[0];
    if (first === undefined) return [];
    const commands = task.solution.filter((s) => !('wait' in s));
    if (commands.length === 0 || !commands.every((s) => 'kubectl' in s)) return [];
    const said = words(first);
    const all = commands.every((s) => 'kubectl' in s && s.kubectl.filter((arg) => !PACING_FLAG.test(arg)).every((arg) => said.has(arg)));
    return all ? [{ path: ['hints', 0], message: 'the first hint holds every command of the solution: start with a nudge (which resource, which field), and leave the full command to a later hint' }] : [];
  },
};

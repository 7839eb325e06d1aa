import { describe, expect, it } from 'vitest';
import { drawExam } from '../../services/exam-draw.js';
import { createExamState } from '../../services/exam-session.js';
import { ckaProfile, loaded, makeTask } from '../../../test/ui/fixtures.js';
import { taskLines } from './task-lines.js';

const text = (lines: ReturnType<typeof taskLines>) => lines.map((line) => line.map((span) => span.text).join('')).join('\n');

describe('taskLines', () => {
  it('Given a task with docs links, When shown in the exam, Then the links are there before any check or solution, as the real exam allows the docs throughout', () => {
    const task = makeTask('cka/with-docs', { docs: [{ label: 'Taints and Tolerations', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/' }] });
    const state = createExamState(drawExam(ckaProfile, [loaded(task)], { seed: 1 }), ckaProfile, { practice: false, source: { packDirs: [] }, now: 0 });
    const shown = text(taskLines({ view: { state, now: 0, checking: false }, task, statement: undefined, world: { accessLines: [] }, width: 100 }));
    expect(shown).toContain('Docs');
    expect(shown).toContain('Taints and Tolerations:');
    // Too long to share the row with its label: the URL gets a row of its own, whole.
    expect(shown).toContain(' https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/');
  });
});

import { Text } from 'ink';
import { submitWarnings, type ExamState } from '../../services/exam-state.js';
import { Confirm, HelpBar, type Shortcut } from '../help-bar.js';
import { useTone } from '../theme.js';
import type { ExamMode } from './exam-keys.js';

/** Task numbers with runs folded: `2–5, 9`, so a long list of unopened tasks stays one line. */
export function taskNumbers(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] as number) + 1) j++;
    runs.push(j - i >= 2 ? `${numbers[i]}–${numbers[j]}` : numbers.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}

/**
 * The submit question: it names flagged tasks and tasks never opened, which the learner may have
 * meant to come back to ("2 flagged: 3, 7; 1 not opened: 9 — submit anyway?").
 */
export function submitQuestion(state: ExamState): string {
  const { flagged, unopened } = submitWarnings(state);
  const warnings = [
    ...(flagged.length > 0 ? [`${flagged.length} flagged: ${taskNumbers(flagged)}`] : []),
    ...(unopened.length > 0 ? [`${unopened.length} not opened: ${taskNumbers(unopened)}`] : []),
  ];
  if (warnings.length === 0) return `Submit and grade all ${state.tasks.length} tasks?`;
  return `${warnings.join('; ')} — submit anyway?`;
}

/**
 * The bottom of the exam screen: the help bar, or what the mode asks (a yes/no question, the task
 * number being typed, the notes pad being edited).
 */
export function ExamPrompt(props: { readonly mode: ExamMode; readonly state: ExamState; readonly keys: readonly Shortcut[]; readonly width: number }) {
  const tone = useTone();
  const { mode, state } = props;
  switch (mode.kind) {
    case 'confirm':
      return <Confirm question={mode.action === 'submit' ? submitQuestion(state) : 'Leave? The clock keeps running; kubedrill exam --resume continues.'} />;
    case 'jump':
      return (
        <Text wrap="truncate-end">
          <Text bold color={tone('accent')}>
            Go to task (1–{state.tasks.length}): {mode.digits}▌
          </Text>
          <Text color={tone(mode.error ? 'bad' : 'dim')}>{mode.error ? `  ${mode.error}` : '  ⏎ go  Esc cancel'}</Text>
        </Text>
      );
    case 'notes':
      // The draft itself shows wrapped in the task pane, under the title (task-lines.ts).
      return (
        <Text wrap="truncate-end">
          <Text bold color={tone('accent')}>
            Notes for task {state.current + 1}:
          </Text>
          <Text color={tone('dim')}>  ⏎ save  Esc cancel  Backspace erase  Ctrl-U clear</Text>
        </Text>
      );
    default:
      return <HelpBar keys={props.keys} width={props.width} />;
  }
}

import { Box, Text } from 'ink';
import { inertLine } from '../../text/inert.js';
import { useTone } from '../theme.js';
import type { ExamConfirm } from './home-reducer.js';

const MODES = [
  { practice: false, name: 'mock exam', about: 'checks only when you submit, as in the real exam' },
  { practice: true, name: 'practice exam', about: 'check any task with c during the exam' },
] as const;

/**
 * The question before an exam starts: a two-hour clock is not something one key should start by
 * accident (keys that arrive together, a stray Enter). Shows which mode will start.
 */
export function ExamConfirmPanel(props: { readonly confirm: ExamConfirm }) {
  const tone = useTone();
  const { exam, practice } = props.confirm;
  const mode = MODES.find((m) => m.practice === practice) ?? MODES[0];
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold color={tone('title')} wrap="truncate-end">
        Start the {inertLine(exam.exam)} {mode.name}?
      </Text>
      <Text wrap="truncate-end">{inertLine(`${exam.title} · ${exam.durationMinutes} min · ${exam.tasks} tasks · pass ${exam.passPercent}%`)}</Text>
      <Text> </Text>
      {MODES.map((m) => (
        <Text key={m.name} wrap="truncate-end">
          {m === mode ? '▸ ' : '  '}
          <Text bold={m === mode} inverse={m === mode}>
            {m.name}
          </Text>
          <Text color={tone('dim')}> — {m.about}</Text>
        </Text>
      ))}
      <Text> </Text>
      <Text color={tone('warn')}>The clock starts when the tasks are set up, and runs until you submit.</Text>
    </Box>
  );
}

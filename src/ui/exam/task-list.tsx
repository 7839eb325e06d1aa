import { Box, Text } from 'ink';
import type { ExamTaskState } from '../../services/exam-state.js';
import { inertLine } from '../../text/inert.js';
import { truncate } from '../format.js';
import { useTone } from '../theme.js';

/**
 * The exam's task list: number, flag, visited mark (● visited, ○ not yet), weight in points and
 * title. Shows a window around the current task when the list is taller than the screen.
 */
export function TaskList(props: { readonly tasks: readonly ExamTaskState[]; readonly current: number; readonly width: number; readonly height: number }) {
  const tone = useTone();
  const { tasks, current, width, height } = props;
  const start = Math.max(0, Math.min(current - Math.floor(height / 2), tasks.length - height));
  return (
    <Box flexDirection="column" width={width}>
      {tasks.slice(start, start + height).map((task, i) => {
        const index = start + i;
        const here = index === current;
        const head = `${here ? '▸' : ' '}${String(index + 1).padStart(2)} ${task.flagged ? '⚑' : ' '}${task.visited ? '●' : '○'} ${String(task.points).padStart(2)}p `;
        return (
          <Text key={task.id} wrap="truncate-end" inverse={here} color={tone(task.flagged ? 'warn' : task.visited ? undefined : 'dim')}>
            {head}
            {truncate(inertLine(task.title), width - head.length - 1)}
          </Text>
        );
      })}
    </Box>
  );
}

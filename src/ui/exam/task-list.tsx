import { Box, Text } from 'ink';
import type { ExamTaskState } from '../../services/exam-state.js';
import { inertLine } from '../../text/inert.js';
import { displayWidth } from '../../text/columns.js';
import { truncate } from '../format.js';
import { useTone } from '../theme.js';

/**
 * A task's status as one symbol, so it reads the same without colour (NO_COLOR): answered (the
 * learner marked it), opened, or not opened yet. The flag has a column of its own.
 */
export const statusSymbol = (task: Pick<ExamTaskState, 'answered' | 'visited'>): string => (task.answered ? '✓' : task.visited ? '●' : '○');

const LEGEND = ['✓ answered', '● opened', '○ new', '⚑ flagged'] as const;

/** What the symbols mean, as lines of at most `width` columns (under the list). */
export function legendLines(width: number): string[] {
  const lines: string[] = [];
  for (const item of LEGEND) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + item.length <= width) lines[lines.length - 1] = `${last} ${item}`;
    else lines.push(item);
  }
  return lines;
}

/**
 * The exam's task list: number, flag, status, weight in points and title, then the legend. Shows
 * a window around the current task when the list is taller than the screen.
 */
export function TaskList(props: { readonly tasks: readonly ExamTaskState[]; readonly current: number; readonly width: number; readonly height: number }) {
  const tone = useTone();
  const { tasks, current, width } = props;
  const legend = legendLines(width);
  const height = Math.max(1, props.height - legend.length);
  const start = Math.max(0, Math.min(current - Math.floor(height / 2), tasks.length - height));
  return (
    <Box flexDirection="column" width={width}>
      {tasks.slice(start, start + height).map((task, i) => {
        const index = start + i;
        const here = index === current;
        const head = `${here ? '▸' : ' '}${String(index + 1).padStart(2)} ${task.flagged ? '⚑' : ' '}${statusSymbol(task)} ${String(task.points).padStart(2)}p `;
        return (
          <Text key={task.id} wrap="truncate-end" inverse={here} color={tone(task.flagged ? 'warn' : task.answered ? 'ok' : task.visited ? undefined : 'dim')}>
            {head}
            {truncate(inertLine(task.title), width - displayWidth(head) - 1)}
          </Text>
        );
      })}
      {legend.map((line) => (
        <Text key={line} wrap="truncate-end" color={tone('dim')}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

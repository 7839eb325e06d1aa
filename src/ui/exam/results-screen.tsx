import { Box, Text } from 'ink';
import { useState } from 'react';
import { useKeys } from '../use-keys.js';
import type { Task } from '../../models/index.js';
import { missedTaskIds, type ExamResults } from '../../services/exam-results.js';
import { HelpBar, type Shortcut } from '../help-bar.js';
import { clampOffset, LinesView } from '../lines-view.js';
import { useTone } from '../theme.js';
import { resultsLines } from './results-lines.js';

export interface ResultsScreenProps {
  readonly exam: string;
  readonly results: ExamResults;
  readonly taskOf: (id: string) => Task | undefined;
  /** When the attempt ended, for results reopened from the history ("Tue 1 Dec 14:05"). */
  readonly when?: string;
  readonly columns: number;
  readonly rows: number;
  readonly onDone: () => void;
  /** Drill the tasks below full marks; the `r` key is offered only when this is given. */
  readonly onRetry?: (taskIds: string[]) => void;
}

/** The graded exam: score vs pass mark, domains weakest first, a task table, every task's evidence and solution. */
export function ResultsScreen(props: ResultsScreenProps) {
  const tone = useTone();
  const [offset, setOffset] = useState(0);
  const [allSolutions, setAllSolutions] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const width = Math.max(20, props.columns - 1);
  const height = Math.max(5, props.rows - 3 - (notice ? 1 : 0));
  const lines = resultsLines(props.results, props.taskOf, width, allSolutions);
  const missed = missedTaskIds(props.results);
  const { onRetry } = props;
  useKeys((input, key) => {
    const page = Math.max(1, height - 2);
    setNotice(undefined);
    if (key.upArrow) setOffset((o) => clampOffset(o - 1, lines.length, height));
    else if (key.downArrow) setOffset((o) => clampOffset(o + 1, lines.length, height));
    else if (key.pageUp) setOffset((o) => clampOffset(o - page, lines.length, height));
    else if (key.pageDown || input === ' ') setOffset((o) => clampOffset(o + page, lines.length, height));
    else if (input === 'a') setAllSolutions((v) => !v);
    else if (input === 'r' && onRetry) {
      if (missed.length > 0) onRetry(missed);
      else setNotice('Every task has full marks: nothing to retry.');
    } else if (input === 'q' || key.escape || key.return) props.onDone();
  });
  // The retry first: the help bar drops keys from the end when the terminal is narrow.
  const keys: Shortcut[] = [
    ...(onRetry && missed.length > 0 ? [['r', `drill the ${missed.length} missed task${missed.length === 1 ? '' : 's'}`] as const] : []),
    ['↑↓ PgUp PgDn', 'scroll'],
    ['a', allSolutions ? 'solutions: missed only' : 'all solutions'],
    ['q', 'done'],
  ];
  return (
    <Box flexDirection="column" width={props.columns}>
      <Text bold color={tone('title')} wrap="truncate-end">
        {props.exam} mock exam — results{props.when ? ` · ${props.when}` : ''}
      </Text>
      <LinesView lines={lines} offset={clampOffset(offset, lines.length, height)} height={height} fill />
      {notice && <Text color={tone('warn')}>{notice}</Text>}
      <HelpBar keys={keys} width={props.columns} />
    </Box>
  );
}

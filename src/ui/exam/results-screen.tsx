import { Box, Text } from 'ink';
import { useState } from 'react';
import { useKeys } from '../use-keys.js';
import type { Task } from '../../models/index.js';
import type { ExamResults } from '../../services/exam-results.js';
import { HelpBar } from '../help-bar.js';
import { clampOffset, LinesView } from '../lines-view.js';
import { useTone } from '../theme.js';
import { resultsLines } from './results-lines.js';

export interface ResultsScreenProps {
  readonly exam: string;
  readonly results: ExamResults;
  readonly taskOf: (id: string) => Task | undefined;
  readonly columns: number;
  readonly rows: number;
  readonly onQuit: () => void;
}

/** The graded exam: score vs pass mark, domains weakest first, every task's evidence and solution. */
export function ResultsScreen(props: ResultsScreenProps) {
  const tone = useTone();
  const [offset, setOffset] = useState(0);
  const [allSolutions, setAllSolutions] = useState(false);
  const width = Math.max(20, props.columns - 1);
  const height = Math.max(5, props.rows - 3);
  const lines = resultsLines(props.results, props.taskOf, width, allSolutions);
  useKeys((input, key) => {
    const page = Math.max(1, height - 2);
    if (key.upArrow) setOffset((o) => clampOffset(o - 1, lines.length, height));
    else if (key.downArrow) setOffset((o) => clampOffset(o + 1, lines.length, height));
    else if (key.pageUp) setOffset((o) => clampOffset(o - page, lines.length, height));
    else if (key.pageDown || input === ' ') setOffset((o) => clampOffset(o + page, lines.length, height));
    else if (input === 'a') setAllSolutions((v) => !v);
    else if (input === 'q' || key.escape || key.return) props.onQuit();
  });
  return (
    <Box flexDirection="column" width={props.columns}>
      <Text bold color={tone('title')}>
        {props.exam} mock exam — results
      </Text>
      <LinesView lines={lines} offset={clampOffset(offset, lines.length, height)} height={height} />
      <HelpBar keys={[['↑↓ PgUp PgDn', 'scroll'], ['a', allSolutions ? 'solutions: missed only' : 'all solutions'], ['q', 'done']]} />
    </Box>
  );
}

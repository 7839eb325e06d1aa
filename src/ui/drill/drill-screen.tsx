import { Box, Text } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useKeys } from '../use-keys.js';
import type { DrillSession } from '../../services/drill-session.js';
import { domainLabel } from '../../models/task-domains.js';
import { inertLine } from '../../text/inert.js';
import { formatClock, truncate } from '../format.js';
import { Confirm, HelpBar, ShortcutList, type Shortcut } from '../help-bar.js';
import { clampOffset, LinesView } from '../lines-view.js';
import { useTone } from '../theme.js';
import { useNow } from '../use-now.js';
import { useShellKey } from '../shell-key.js';
import { drillLines } from './drill-lines.js';

export const DRILL_KEYS: readonly Shortcut[] = [
  ['c', 'check'],
  ['h', 'hint'],
  ['s', 'solution'],
  ['r', 'reset'],
  ['n/p', 'next/prev'],
  ['!', 'shell'],
  ['↑↓', 'scroll'],
  ['?', 'keys'],
  ['q', 'quit'],
];

const ALL_KEYS: readonly Shortcut[] = [
  ['c', 'check the cluster now: what is still wrong (expected values show with the solution)'],
  ['h', 'show one more hint'],
  ['s', 'show the solution, step by step, and the full check evidence (asks first)'],
  ['r', 'reset the task: undo changes and run its setup again (asks first)'],
  ['n / p', 'next / previous task'],
  ['↑ ↓ PgUp PgDn', 'scroll the statement and results'],
  ['!', "open a shell in the task's cluster context (exit returns here)"],
  ['?', 'this list'],
  ['q / Esc', 'leave the drill'],
];

export interface DrillScreenProps {
  readonly session: Pick<DrillSession, 'getSnapshot' | 'subscribe' | 'open' | 'check' | 'hint' | 'revealSolution' | 'reset' | 'next' | 'previous'>;
  readonly now: () => number;
  readonly columns: number;
  readonly rows: number;
  readonly onQuit: () => void;
}

/** A drill: statement, environment, timer against the target, check/hint/solution/reset/next. */
export function DrillScreen(props: DrillScreenProps) {
  const { session } = props;
  const view = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const now = useNow(props.now);
  const tone = useTone();
  const [confirm, setConfirm] = useState<'solution' | 'reset' | undefined>();
  const [showKeys, setShowKeys] = useState(false);
  const [offset, setOffset] = useState(0);
  const width = Math.max(20, props.columns - 1);
  const height = Math.max(5, props.rows - 4);
  const { lines, reportAt, solutionAt } = drillLines(view, width);

  useEffect(() => void session.open(), [session]);
  // Bring a fresh report into view: that is what the learner is waiting for.
  useEffect(() => {
    if (reportAt !== undefined) setOffset(clampOffset(reportAt - 2, lines.length, height));
  }, [view.report]);
  // Likewise the solution once revealed: the learner asked to see it.
  useEffect(() => {
    if (solutionAt !== undefined) setOffset(clampOffset(solutionAt - 1, lines.length, height));
  }, [view.solution]);
  useEffect(() => setOffset(0), [view.index]);

  useKeys((input, key) => {
    if (showKeys) return setShowKeys(false);
    if (confirm) {
      if (input === 'y') {
        if (confirm === 'solution') session.revealSolution();
        else void session.reset();
      }
      return setConfirm(undefined);
    }
    const page = Math.max(1, height - 2);
    if (key.upArrow) setOffset((o) => clampOffset(o - 1, lines.length, height));
    else if (key.downArrow) setOffset((o) => clampOffset(o + 1, lines.length, height));
    else if (key.pageUp) setOffset((o) => clampOffset(o - page, lines.length, height));
    else if (key.pageDown || input === ' ') setOffset((o) => clampOffset(o + page, lines.length, height));
    else if (input === 'c') void session.check();
    else if (input === 'h') session.hint();
    else if (input === 's') setConfirm('solution');
    else if (input === 'r') setConfirm('reset');
    else if (input === 'n') void session.next();
    else if (input === 'p') void session.previous();
    else if (input === '?') setShowKeys(true);
    else if (input === 'q' || key.escape) props.onQuit();
  });
  const shell = useShellKey(view.task.metadata.id, !showKeys && !confirm);

  const { metadata } = view.task;
  const elapsed = now - view.startedAt;
  const over = elapsed > metadata.minutes * 60_000;
  const points = view.task.checks.reduce((n, c) => n + c.points, 0);
  const timer = `⏱ ${formatClock(elapsed)} / ${formatClock(metadata.minutes * 60_000)}`;
  const title = `Drill ${view.index + 1}/${view.count} · ${inertLine(`${metadata.id} — ${metadata.title}`)}`;
  if (showKeys) return <ShortcutList title="Drill" keys={shell ? ALL_KEYS : ALL_KEYS.filter(([k]) => k !== '!')} />;
  return (
    <Box flexDirection="column" width={props.columns}>
      <Box justifyContent="space-between">
        <Text bold color={tone('title')}>
          {truncate(title, width - timer.length - 2)}
        </Text>
        <Text bold color={tone(over ? 'bad' : 'accent')}>
          {timer}
        </Text>
      </Box>
      <Text color={tone('dim')} wrap="truncate-end">
        {inertLine(`${metadata.exams.join('/')} · ${domainLabel(view.task)} · ${metadata.difficulty} · ${points} points`)}
        {metadata.tags.length > 0 ? inertLine(` · ${metadata.tags.join(', ')}`) : ''}
      </Text>
      <LinesView lines={lines} offset={clampOffset(offset, lines.length, height)} height={height} fill />
      {confirm === 'solution' ? (
        <Confirm question="Show the solution?" />
      ) : confirm === 'reset' ? (
        <Confirm question="Reset the task? What its setup created (and everything in its namespaces) and its answer files are removed, then setup runs again; files you wrote are first copied to a backup." />
      ) : (
        <HelpBar keys={shell ? DRILL_KEYS : DRILL_KEYS.filter(([k]) => k !== '!')} />
      )}
    </Box>
  );
}

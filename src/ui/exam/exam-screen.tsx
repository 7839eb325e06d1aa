import { Box, Text } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useKeys } from '../use-keys.js';
import type { TemplateVars } from '../../models/index.js';
import type { ExamSession } from '../../services/exam-session.js';
import { remainingMs } from '../../services/exam-state.js';
import { inertLine } from '../../text/inert.js';
import { formatClock } from '../format.js';
import { Confirm, HelpBar, ShortcutList, type Shortcut } from '../help-bar.js';
import { clampOffset, LinesView } from '../lines-view.js';
import { layoutMarkdown, para, type Line } from '../rich-text.js';
import { reportLines } from '../report-lines.js';
import { useTone } from '../theme.js';
import { ResultsScreen } from './results-screen.js';
import { TaskList } from './task-list.js';
import { useTasksVars, useTaskWorld } from './use-task-world.js';

const KEYS: readonly Shortcut[] = [['n/p', 'task'], ['f', 'flag'], ['↑↓', 'scroll'], ['s', 'submit'], ['?', 'keys'], ['q', 'leave']];
const ALL_KEYS: readonly Shortcut[] = [
  ['n / p  → ←', 'next / previous task (move freely)'],
  ['f', 'flag the task to come back to it'],
  ['c', 'practice mode only: check this task now'],
  ['↑ ↓ PgUp PgDn', 'scroll the statement'],
  ['s', 'submit the exam and grade every task (asks first)'],
  ['q', 'leave; the exam is saved: kubedrill exam --resume'],
];

export interface ExamScreenProps {
  readonly session: ExamSession;
  readonly expand: <T>(value: T, vars: TemplateVars) => T;
  readonly columns: number;
  readonly rows: number;
  /** How often the clock ticks (ms); tests make it short. */
  readonly tickMs?: number;
  readonly onLeave: (reason: 'left' | 'done') => void;
}

/** The exam: countdown, task list with weights/flags/visits, the current task; then the results. */
export function ExamScreen(props: ExamScreenProps) {
  const { session } = props;
  const view = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const { state } = view;
  const tone = useTone();
  const [confirm, setConfirm] = useState<'submit' | 'leave' | undefined>();
  const [showKeys, setShowKeys] = useState(false);
  const [offset, setOffset] = useState(0);
  const entry = state.tasks[state.current];
  const world = useTaskWorld(entry?.id, (id) => session.world(id));
  // Solutions on the results screen show real node names and paths, as the statement did.
  const resultVars = useTasksVars(state.results?.tasks.map((t) => t.id), (id) => session.world(id));
  const listWidth = Math.min(30, Math.floor(props.columns * 0.34));
  const width = Math.max(20, props.columns - listWidth - 2);
  const height = Math.max(5, props.rows - 4);

  useEffect(() => {
    const timer = setInterval(() => void session.tick(), props.tickMs ?? 1000);
    return () => clearInterval(timer);
  }, [session, props.tickMs]);
  useEffect(() => setOffset(0), [state.current]);

  const task = entry ? session.task(entry.id) : undefined;
  const lines: Line[] = [];
  if (entry && task) {
    const statement = world.vars ? props.expand(task.statement, world.vars) : task.statement;
    lines.push([{ text: `Task ${state.current + 1} · ${entry.points} points · ${entry.domain}`, tone: 'title' }]);
    lines.push(...para(entry.title, width, { bold: true }), [], ...layoutMarkdown(statement, width), []);
    for (const access of world.accessLines) lines.push(...para(access, width, { tone: 'accent' }));
    if (world.problem) lines.push(...para(world.problem, width, { tone: 'bad' }));
    if (view.checking) lines.push([{ text: 'Checking…', tone: 'accent' }]);
    if (view.practiceReport) lines.push([], ...reportLines(view.practiceReport, width));
  }
  if (view.problem) lines.push(...para(view.problem, width, { tone: 'bad' }));

  useKeys(
    (input, key) => {
      if (showKeys) return setShowKeys(false);
      if (confirm) {
        if (input === 'y' && confirm === 'submit') void session.finish('submit');
        if (input === 'y' && confirm === 'leave') props.onLeave('left');
        return setConfirm(undefined);
      }
      const page = Math.max(1, height - 2);
      if (input === 'n' || key.rightArrow) session.next();
      else if (input === 'p' || key.leftArrow) session.previous();
      else if (key.upArrow) setOffset((o) => clampOffset(o - 1, lines.length, height));
      else if (key.downArrow) setOffset((o) => clampOffset(o + 1, lines.length, height));
      else if (key.pageUp) setOffset((o) => clampOffset(o - page, lines.length, height));
      else if (key.pageDown || input === ' ') setOffset((o) => clampOffset(o + page, lines.length, height));
      else if (input === 'f') session.flag();
      else if (input === 'c') void session.checkCurrent();
      else if (input === 's') setConfirm('submit');
      else if (input === '?') setShowKeys(true);
      else if (input === 'q' || key.escape) setConfirm('leave');
    },
    { isActive: state.phase === 'running' },
  );

  if (state.phase === 'finished' && state.results) {
    const taskOf = (id: string) => {
      const task = session.task(id);
      const vars = resultVars.get(id);
      return task && vars ? props.expand(task, vars) : task;
    };
    return <ResultsScreen exam={state.exam} results={state.results} taskOf={taskOf} columns={props.columns} rows={props.rows} onQuit={() => props.onLeave('done')} />;
  }
  if (state.phase === 'grading') {
    const g = view.grading;
    return (
      <Text color={tone('accent')}>
        {state.endedBy === 'timeout' ? 'Time is up. ' : ''}Grading every task… {g ? `${g.done}/${g.total}${g.current ? ` — ${inertLine(g.current)}` : ''}` : ''}
      </Text>
    );
  }
  if (showKeys) return <ShortcutList title="Exam" keys={state.practice ? ALL_KEYS : ALL_KEYS.filter(([k]) => k !== 'c')} />;
  const left = remainingMs(state, view.now);
  const flagged = state.tasks.filter((t) => t.flagged).length;
  const visited = state.tasks.filter((t) => t.visited).length;
  const clock = `⏳ ${formatClock(left)} left`;
  return (
    <Box flexDirection="column" width={props.columns}>
      <Box justifyContent="space-between">
        <Text bold color={tone('title')} wrap="truncate-end">
          {state.exam} mock exam{state.practice ? ' (practice)' : ''} · task {state.current + 1}/{state.tasks.length} · visited {visited} · ⚑ {flagged}
        </Text>
        <Text bold color={tone(left <= 5 * 60_000 ? 'bad' : left <= 30 * 60_000 ? 'warn' : 'accent')}>
          {clock}
        </Text>
      </Box>
      {view.warning !== undefined ? (
        <Text bold color={tone('warn')}>
          ⚠ {view.warning} minutes left
        </Text>
      ) : (
        <Text color={tone('dim')}>seed {state.seed} · pass mark {state.passPercent}%</Text>
      )}
      <Box>
        <TaskList tasks={state.tasks} current={state.current} width={listWidth} height={height} />
        <Box marginLeft={1} flexDirection="column">
          <LinesView lines={lines} offset={clampOffset(offset, lines.length, height)} height={height} />
        </Box>
      </Box>
      {confirm === 'submit' ? (
        <Confirm question={`Submit and grade all ${state.tasks.length} tasks?`} />
      ) : confirm === 'leave' ? (
        <Confirm question="Leave? The clock keeps running; kubedrill exam --resume continues." />
      ) : (
        <HelpBar keys={state.practice ? [...KEYS.slice(0, 2), ['c', 'check'], ...KEYS.slice(2)] : KEYS} />
      )}
    </Box>
  );
}

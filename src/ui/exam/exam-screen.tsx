import { Box, Text } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useKeys } from '../use-keys.js';
import type { TemplateVars } from '../../models/index.js';
import type { ExamSession } from '../../services/exam-session.js';
import { remainingMs } from '../../services/exam-state.js';
import { inertLine } from '../../text/inert.js';
import { formatClock } from '../format.js';
import { ShortcutList, type Shortcut } from '../help-bar.js';
import { clampOffset, LinesView } from '../lines-view.js';
import { useShellKey } from '../shell-key.js';
import { useTone } from '../theme.js';
import { examKey, type ExamCommand, type ExamMode } from './exam-keys.js';
import { ExamPrompt } from './exam-prompt.js';
import { ResultsScreen } from './results-screen.js';
import { TaskList } from './task-list.js';
import { taskLines } from './task-lines.js';
import { useTasksVars, useTaskWorld } from './use-task-world.js';

const KEYS: readonly Shortcut[] = [['n/p', 'task'], ['f', 'flag'], ['d', 'answered'], ['m', 'notes'], ['!', 'shell'], ['g', 'go to'], ['↑↓', 'scroll'], ['s', 'submit'], ['?', 'keys'], ['q', 'leave']];
const ALL_KEYS: readonly Shortcut[] = [
  ['n / p  → ←', 'next / previous task (move freely)'],
  ['1–9… ⏎  or  g', 'go to task number N'],
  ['f', 'flag the task to come back to it'],
  ['d', 'mark the task answered (✓ in the list), or not'],
  ['m', 'notes pad for this task (kept when you leave and resume)'],
  ['c', 'practice mode only: check this task now'],
  ['!', "open a shell in the task's cluster context (exit returns here; the clock runs on)"],
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
  /** Retry the missed tasks as a drill (offered on the results screen when given). */
  readonly onRetry?: (taskIds: string[]) => void;
}

/** The exam: countdown, task list with weights/marks, the current task and its notes; then the results. */
export function ExamScreen(props: ExamScreenProps) {
  const { session } = props;
  const view = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const { state } = view;
  const tone = useTone();
  const [mode, setMode] = useState<ExamMode>({ kind: 'normal' });
  const [offset, setOffset] = useState(0);
  const entry = state.tasks[state.current];
  const world = useTaskWorld(entry?.id, (id) => session.world(id));
  // Solutions on the results screen show real node names and paths, as the statement did.
  const resultVars = useTasksVars(state.results?.tasks.map((t) => t.id), (id) => session.world(id));
  const listWidth = Math.min(44, Math.max(26, Math.floor(props.columns * 0.34)));
  const width = Math.max(20, props.columns - listWidth - 2);
  const height = Math.max(5, props.rows - 4);

  useEffect(() => {
    const timer = setInterval(() => void session.tick(), props.tickMs ?? 1000);
    return () => clearInterval(timer);
  }, [session, props.tickMs]);
  useEffect(() => setOffset(0), [state.current]);

  const task = entry ? session.task(entry.id) : undefined;
  const statement = task && world.vars ? props.expand(task.statement, world.vars) : task?.statement;
  const lines = taskLines({ view, task, statement, world, draft: mode.kind === 'notes' ? mode.draft : undefined, width });

  const run = (command: ExamCommand) => {
    const page = Math.max(1, height - 2);
    const scroll = (by: number) => setOffset((o) => clampOffset(o + by, lines.length, height));
    switch (command.kind) {
      case 'next':
        return session.next();
      case 'previous':
        return session.previous();
      case 'go':
        return session.move(command.index);
      case 'flag':
        return session.flag();
      case 'answered':
        return session.markAnswered();
      case 'notes':
        return session.saveNotes(command.text);
      case 'check':
        return void session.checkCurrent();
      case 'submit':
        return void session.finish('submit');
      case 'leave':
        return props.onLeave('left');
      case 'scroll':
        return scroll({ 'line-up': -1, 'line-down': 1, 'page-up': -page, 'page-down': page }[command.by]);
    }
  };
  useKeys(
    (input, key) => {
      const result = examKey(mode, input, key, { tasks: state.tasks.length, notes: entry?.notes ?? '' });
      // The notes show under the title: bring them into view while they are edited.
      if (result.mode.kind === 'notes' && mode.kind !== 'notes') setOffset(0);
      setMode(result.mode);
      for (const command of result.commands) run(command);
    },
    { isActive: state.phase === 'running' },
  );
  const shell = useShellKey(entry?.id, state.phase === 'running' && mode.kind === 'normal');
  const keys = shell ? KEYS : KEYS.filter(([k]) => k !== '!');

  if (state.phase === 'finished' && state.results) {
    const taskOf = (id: string) => {
      const task = session.task(id);
      const vars = resultVars.get(id);
      return task && vars ? props.expand(task, vars) : task;
    };
    return (
      <ResultsScreen
        exam={state.exam}
        results={state.results}
        taskOf={taskOf}
        columns={props.columns}
        rows={props.rows}
        onDone={() => props.onLeave('done')}
        {...(props.onRetry ? { onRetry: props.onRetry } : {})}
      />
    );
  }
  if (state.phase === 'grading') {
    const g = view.grading;
    return (
      <Text color={tone('accent')}>
        {state.endedBy === 'timeout' ? 'Time is up. ' : ''}Grading every task… {g ? `${g.done}/${g.total}${g.current ? ` — ${inertLine(g.current)}` : ''}` : ''}
      </Text>
    );
  }
  if (mode.kind === 'keys') return <ShortcutList title="Exam" keys={ALL_KEYS.filter(([k]) => (k !== 'c' || state.practice) && (k !== '!' || shell))} />;
  const left = remainingMs(state, view.now);
  const count = (keep: (t: (typeof state.tasks)[number]) => boolean) => state.tasks.filter(keep).length;
  return (
    <Box flexDirection="column" width={props.columns}>
      <Box justifyContent="space-between">
        <Text bold color={tone('title')} wrap="truncate-end">
          {state.exam} mock exam{state.practice ? ' (practice)' : ''} · task {state.current + 1}/{state.tasks.length} · visited {count((t) => t.visited)} · ⚑ {count((t) => t.flagged)} · ✓ {count((t) => t.answered)}
        </Text>
        <Text bold color={tone(left <= 5 * 60_000 ? 'bad' : left <= 30 * 60_000 ? 'warn' : 'accent')}>
          ⏳ {formatClock(left)} left
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
          <LinesView lines={lines} offset={clampOffset(offset, lines.length, height)} height={height} fill />
        </Box>
      </Box>
      <ExamPrompt mode={mode} state={state} keys={state.practice ? [...keys.slice(0, 2), ['c', 'check'], ...keys.slice(2)] : keys} width={props.columns} />
    </Box>
  );
}

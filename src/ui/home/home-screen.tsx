import { Box, Text } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import { inertLine } from '../../text/inert.js';
import { columnWidths, displayWidth, fitColumns } from '../../text/columns.js';
import { useKeys } from '../use-keys.js';
import { HelpBar, ShortcutList, type Shortcut } from '../help-bar.js';
import { useTone } from '../theme.js';
import { ExamConfirmPanel } from './exam-confirm.js';
import { homeMenu } from './home-menu.js';
import { filterSummaries, homeReducer, initialHomeState, menuIndex } from './home-reducer.js';
import { BrowsePanel, HISTORY_EXAMS, HistoryPanel, PacksPanel, weakestDomains } from './home-panels.js';
import type { HomeChoice, HomeData, HomeExam, LiveCheck } from './home-types.js';

const MENU_KEYS: readonly Shortcut[] = [['↑↓', 'move'], ['⏎', 'open'], ['?', 'keys'], ['q', 'quit']];
const BROWSE_KEYS: readonly Shortcut[] = [['type', 'filter'], ['Tab', 'exam'], ['↑↓', 'move'], ['⏎', 'drill'], ['Esc', 'clear / back']];
const PANEL_KEYS: readonly Shortcut[] = [['Esc', 'back'], ['q', 'back']];
const HISTORY_KEYS: readonly Shortcut[] = [['↑ ↓', 'choose an exam'], ['⏎', 'its results'], ['w', 'drill the weakest'], ['Esc', 'back']];
const CONFIRM_KEYS: readonly Shortcut[] = [['y ⏎', 'start'], ['Tab', 'mock / practice'], ['n Esc', 'back']];
const ALL_KEYS: readonly Shortcut[] = [
  ['↑ ↓  k j', 'move in a list'],
  ['PgUp PgDn', 'in Drill: a page up or down'],
  ['⏎', 'open / start (an exam asks first); in History: the results of that exam'],
  ['w', 'in History: drill the weakest domain'],
  ['type', 'in Drill: filter by id, title, domain or tag (every word must match)'],
  ['Tab', 'in Drill: narrow to one exam, the next, … or all; before an exam: mock or practice'],
  ['Backspace', 'in Drill: widen the filter'],
  ['Esc', 'back: closes a question, clears the filter, returns to the menu (never quits)'],
  ['q', 'quit (on the menu)'],
];

export interface HomeScreenProps {
  readonly load: () => Promise<HomeData>;
  /**
   * The built-in exam profiles alone: three small files, read long before the packs and checkers
   * load, so the mock exams are on the menu at once. `load` then brings packs' own exams too.
   */
  readonly loadExams?: () => Promise<HomeExam[]>;
  /** One line naming where tasks run (kind cluster, context, offline workspace). */
  readonly environment: string;
  /**
   * Whether the live environment can start here (Docker and kind installed), asked after the
   * first frame; when it cannot, home says why and offers offline practice first.
   */
  readonly checkLive?: () => Promise<LiveCheck>;
  /** What went wrong with the last pick (a missing tool, a refused exam), with the fix. */
  readonly message?: string;
  readonly columns: number;
  readonly rows: number;
  readonly onChoice: (choice: HomeChoice) => void;
}

/** The home screen: mock exams, drill browser, packs, history. Data loads after the first frame. */
export function HomeScreen(props: HomeScreenProps) {
  const tone = useTone();
  const [state, dispatch] = useReducer(homeReducer, initialHomeState);
  const [data, setData] = useState<HomeData | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [builtinExams, setBuiltinExams] = useState<HomeExam[] | undefined>();
  const [live, setLive] = useState<LiveCheck | undefined>();
  const { load, loadExams, checkLive } = props;
  useEffect(() => {
    load().then(setData, (error: Error) => setProblem(error.message));
  }, [load]);
  useEffect(() => {
    loadExams?.().then(setBuiltinExams, () => undefined); // `load` reports the same problem
  }, [loadExams]);
  useEffect(() => {
    checkLive?.().then(setLive, () => undefined); // a pick then reports what is wrong
  }, [checkLive]);

  const menu = homeMenu({ data, builtinExams, live });
  const labels = menu.map((item) => item.label);
  const selected = menuIndex(state, labels);
  const visible = data ? filterSummaries(data.tasks, state.filter, state.exam) : [];
  // Notes wrap rather than lose the end of a fix (an install URL); the panel gets what is left.
  const notes = [
    { text: problem === undefined ? undefined : `Could not load packs: ${problem}`, tone: 'bad' as const },
    { text: live?.problem, tone: 'warn' as const },
    { text: props.message, tone: 'bad' as const },
    { text: data?.notice, tone: 'warn' as const },
  ].flatMap(({ text, tone }) => (text === undefined ? [] : [{ text: inertLine(text), tone }]));
  const noteRows = notes.reduce((rows, note) => rows + Math.max(1, Math.ceil(displayWidth(note.text) / Math.max(20, props.columns - 8))), 0);
  const height = Math.max(3, props.rows - 4 - noteRows);

  useKeys((input, key) => {
    if (state.showKeys) return dispatch({ type: 'keys', show: false });
    if (key.escape) return dispatch({ type: 'back' });
    if (state.confirm) {
      const { exam, practice } = state.confirm;
      if (input === 'y' || key.return) props.onChoice({ kind: 'exam', exam: exam.exam, practice });
      else if (input === 'n') dispatch({ type: 'back' });
      else if (key.tab || key.leftArrow || key.rightArrow) dispatch({ type: 'toggle-practice' });
      return;
    }
    if (state.panel === 'menu') {
      const action = menu[selected]?.action;
      if (key.upArrow || input === 'k') dispatch({ type: 'menu-move', delta: -1, labels });
      else if (key.downArrow || input === 'j') dispatch({ type: 'menu-move', delta: 1, labels });
      else if (input === '?') dispatch({ type: 'keys', show: true });
      else if (input === 'q') props.onChoice({ kind: 'quit' });
      else if (key.return && action?.kind === 'choose') props.onChoice(action.choice);
      else if (key.return && action?.kind === 'confirm') dispatch({ type: 'confirm-exam', exam: action.exam });
      else if (key.return && action?.kind === 'panel') dispatch({ type: 'open', panel: action.panel });
      return;
    }
    if (state.panel === 'browse') {
      if (key.upArrow) dispatch({ type: 'browse-move', delta: -1, size: visible.length });
      else if (key.downArrow) dispatch({ type: 'browse-move', delta: 1, size: visible.length });
      else if (key.pageUp) dispatch({ type: 'browse-move', delta: -height, size: visible.length });
      else if (key.pageDown) dispatch({ type: 'browse-move', delta: height, size: visible.length });
      else if (key.tab) dispatch({ type: 'cycle-exam', exams: data?.exams.map((e) => e.exam) ?? [] });
      else if (key.backspace || key.delete) dispatch({ type: 'erase' });
      else if (key.return && visible.length > 0) props.onChoice({ kind: 'drill', taskIds: visible.map((t) => t.id), index: state.browseIndex });
      else if (input && !key.ctrl && !key.meta && input >= ' ') dispatch({ type: 'type', text: input });
      return;
    }
    if (state.panel === 'history' && data) {
      const exams = data.history.exams.slice(0, HISTORY_EXAMS);
      const attempt = exams[state.browseIndex];
      const weakest = weakestDomains(data.history)[0];
      if (key.upArrow || input === 'k') dispatch({ type: 'browse-move', delta: -1, size: exams.length });
      else if (key.downArrow || input === 'j') dispatch({ type: 'browse-move', delta: 1, size: exams.length });
      else if (key.return && attempt) props.onChoice({ kind: 'results', attemptId: attempt.attemptId });
      else if (input === 'w' && weakest) {
        const ids = data.tasks.filter((t) => t.domain === weakest.id).map((t) => t.id);
        if (ids.length > 0) props.onChoice({ kind: 'drill', taskIds: ids, index: 0 });
      }
    }
    if (input === 'q') dispatch({ type: 'back' });
  });

  if (state.showKeys) return <ShortcutList title="Home" keys={ALL_KEYS} />;
  const title = { menu: '', browse: ' › Drill', packs: ' › Packs', history: ' › History' }[state.panel];
  const labelWidth = columnWidths(menu.map((item) => [item.label]), { width: 30 })[0] ?? 0;
  const keys = state.confirm ? CONFIRM_KEYS : state.panel === 'browse' ? BROWSE_KEYS : state.panel === 'menu' ? MENU_KEYS : state.panel === 'history' ? HISTORY_KEYS : PANEL_KEYS;
  return (
    <Box flexDirection="column" width={props.columns}>
      <Text bold color={tone('title')}>
        kubedrill{title}
      </Text>
      <Text color={tone('dim')} wrap="truncate-end">
        {inertLine(live?.environment ?? props.environment)}
      </Text>
      {notes.map((note, i) => (
        <Text key={i} color={tone(note.tone)}>
          {note.text}
        </Text>
      ))}
      <Box flexDirection="column" height={height} overflow="hidden">
        {state.confirm && <ExamConfirmPanel confirm={state.confirm} />}
        {!state.confirm &&
          state.panel === 'menu' &&
          menu.map((item, i) => (
            <Text key={item.label} inverse={i === selected} wrap="truncate-end">
              {i === selected ? '▸ ' : '  '}
              <Text bold>{fitColumns(item.label, labelWidth)}</Text>
              {'  '}
              <Text color={tone('dim')}>{item.detail}</Text>
            </Text>
          ))}
        {state.panel === 'browse' && data && <BrowsePanel tasks={visible} all={data.tasks} filter={state.filter} exam={state.exam} index={state.browseIndex} width={props.columns} height={height} />}
        {state.panel === 'packs' && data && <PacksPanel data={data} height={height} />}
        {state.panel === 'history' && data && <HistoryPanel data={data} width={props.columns} index={state.browseIndex} />}
      </Box>
      <HelpBar keys={keys} width={props.columns} />
    </Box>
  );
}

import { Box, Text } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import { inert, inertLine } from '../../text/inert.js';
import { useKeys } from '../use-keys.js';
import { HelpBar, ShortcutList, type Shortcut } from '../help-bar.js';
import { useTone } from '../theme.js';
import { filterSummaries, homeReducer, initialHomeState } from './home-reducer.js';
import { BrowsePanel, HistoryPanel, PacksPanel } from './home-panels.js';
import type { HomeChoice, HomeData, HomeExam } from './home-types.js';

const MENU_KEYS: readonly Shortcut[] = [['↑↓', 'move'], ['⏎', 'open'], ['?', 'keys'], ['q', 'quit']];
const BROWSE_KEYS: readonly Shortcut[] = [['type', 'filter'], ['Tab', 'exam'], ['↑↓', 'move'], ['⏎', 'drill'], ['Esc', 'back']];
const ALL_KEYS: readonly Shortcut[] = [
  ['↑ ↓  k j', 'move in a list'],
  ['⏎', 'open / start'],
  ['type', 'in Drill: filter by id, title, domain or tag (every word must match)'],
  ['Tab', 'in Drill: narrow to one exam, the next, … or all'],
  ['Backspace', 'in Drill: widen the filter'],
  ['Esc', 'back to the menu'],
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
  const { load, loadExams } = props;
  useEffect(() => {
    load().then(setData, (error: Error) => setProblem(error.message));
  }, [load]);
  useEffect(() => {
    loadExams?.().then(setBuiltinExams, () => undefined); // `load` reports the same problem
  }, [loadExams]);

  // Exams are the loaded profiles: until they load, one placeholder entry that opens nothing.
  const examList = data?.exams ?? builtinExams;
  const exams: { label: string; detail: string; choice?: HomeChoice }[] = examList
    ? examList.map((e) => ({ label: `Mock exam ${inertLine(e.exam)}`, detail: `${e.durationMinutes} min · ${e.tasks} tasks · pass ${e.passPercent}%`, choice: { kind: 'exam', exam: e.exam } as const }))
    : [{ label: 'Mock exam', detail: 'loading exam profiles…' }];
  const menu = [
    ...exams,
    { label: 'Drill', detail: data ? `browse ${data.tasks.length} tasks by exam, domain, tag` : 'loading packs…', panel: 'browse' as const },
    { label: 'Packs', detail: data ? `${data.packs.length} loaded${data.problems.length ? `, ${data.problems.length} problem${data.problems.length === 1 ? '' : 's'}` : ''}` : '', panel: 'packs' as const },
    { label: 'History', detail: data ? `${data.history.exams.length} exams` : '', panel: 'history' as const },
  ];
  const visible = data ? filterSummaries(data.tasks, state.filter, state.exam) : [];
  const height = Math.max(3, props.rows - 6);

  useKeys((input, key) => {
    if (state.showKeys) return dispatch({ type: 'keys', show: false });
    if (state.panel === 'menu') {
      if (key.upArrow || input === 'k') dispatch({ type: 'menu-move', delta: -1, size: menu.length });
      else if (key.downArrow || input === 'j') dispatch({ type: 'menu-move', delta: 1, size: menu.length });
      else if (input === '?') dispatch({ type: 'keys', show: true });
      else if (input === 'q' || key.escape) props.onChoice({ kind: 'quit' });
      else if (key.return) {
        const item = menu[state.menuIndex];
        if (item && 'choice' in item) {
          if (item.choice) props.onChoice(item.choice);
        }
        else if (item && 'panel' in item && data) dispatch({ type: 'open', panel: item.panel });
      }
      return;
    }
    if (key.escape) return dispatch({ type: 'back' });
    if (state.panel === 'browse') {
      if (key.upArrow) dispatch({ type: 'browse-move', delta: -1, size: visible.length });
      else if (key.downArrow) dispatch({ type: 'browse-move', delta: 1, size: visible.length });
      else if (key.tab) dispatch({ type: 'cycle-exam', exams: data?.exams.map((e) => e.exam) ?? [] });
      else if (key.backspace || key.delete) dispatch({ type: 'erase' });
      else if (key.return && visible.length > 0) props.onChoice({ kind: 'drill', taskIds: visible.map((t) => t.id), index: state.browseIndex });
      else if (input && !key.ctrl && !key.meta && input >= ' ') dispatch({ type: 'type', text: input });
      return;
    }
    if (state.panel === 'history' && key.return && data?.history.suggestion) {
      const topic = data.history.suggestion.topic;
      const ids = data.tasks.filter((t) => (topic.kind === 'tag' ? t.tags.includes(topic.id) : t.domain === topic.id)).map((t) => t.id);
      if (ids.length > 0) props.onChoice({ kind: 'drill', taskIds: ids, index: 0 });
    }
    if (input === 'q') dispatch({ type: 'back' });
  });

  if (state.showKeys) return <ShortcutList title="Home" keys={ALL_KEYS} />;
  const title = { menu: '', browse: ' › Drill', packs: ' › Packs', history: ' › History' }[state.panel];
  return (
    <Box flexDirection="column" width={props.columns}>
      <Text bold color={tone('title')}>
        kubedrill{title}
      </Text>
      <Text color={tone('dim')} wrap="truncate-end">
        {inertLine(props.environment)}
      </Text>
      {problem && <Text color={tone('bad')}>Could not load packs: {inert(problem)}</Text>}
      <Box flexDirection="column" height={height}>
        {state.panel === 'menu' &&
          menu.map((item, i) => (
            <Text key={item.label} inverse={i === state.menuIndex} wrap="truncate-end">
              {i === state.menuIndex ? '▸ ' : '  '}
              <Text bold>{item.label.padEnd(16)}</Text>
              <Text color={tone('dim')}>{item.detail}</Text>
            </Text>
          ))}
        {state.panel === 'browse' && <BrowsePanel tasks={visible} filter={state.filter} exam={state.exam} index={state.browseIndex} width={props.columns} height={height - 1} />}
        {state.panel === 'packs' && data && <PacksPanel data={data} height={height} />}
        {state.panel === 'history' && data && <HistoryPanel data={data} width={props.columns} />}
      </Box>
      <HelpBar keys={state.panel === 'browse' ? BROWSE_KEYS : state.panel === 'menu' ? MENU_KEYS : [['Esc', 'back'], ['⏎', 'drill'], ['q', 'back']]} />
    </Box>
  );
}

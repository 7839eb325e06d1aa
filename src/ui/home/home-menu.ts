import { inertLine } from '../../text/inert.js';
import type { Panel } from './home-reducer.js';
import type { HomeChoice, HomeData, HomeExam, LiveCheck, SavedExam } from './home-types.js';

/** What Enter on a menu entry does; an entry without one is still loading. */
export type MenuAction = { kind: 'choose'; choice: HomeChoice } | { kind: 'confirm'; exam: HomeExam } | { kind: 'panel'; panel: Panel };

export interface MenuItem {
  label: string;
  detail: string;
  action?: MenuAction;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const savedDetail = (saved: SavedExam): string =>
  `${saved.exam}${saved.practice ? ' practice' : ''}, ${saved.minutesLeft > 0 ? `${saved.minutesLeft} min left` : 'time is up: grade it'}`;

/**
 * The menu, in the order a learner most likely wants: the saved exam, then (when live tasks
 * cannot run here) offline practice, then the exams, the drill browser, packs and history.
 * Entries whose data has not loaded yet show what they wait for and open nothing.
 */
export function homeMenu(input: { readonly data?: HomeData; readonly builtinExams?: readonly HomeExam[]; readonly live?: LiveCheck }): MenuItem[] {
  const { data, live } = input;
  const menu: MenuItem[] = [];
  if (data?.saved) menu.push({ label: 'Resume exam', detail: savedDetail(data.saved), action: { kind: 'choose', choice: { kind: 'resume' } } });
  if (live?.problem) {
    const detail = data ? `${plural(data.offlineTasks, 'task')}, no cluster needed` : 'no cluster needed (counting tasks…)';
    menu.push({ label: 'Practise offline', detail, action: { kind: 'choose', choice: { kind: 'offline' } } });
  }
  const exams = data?.exams ?? input.builtinExams;
  if (exams) {
    for (const e of exams) {
      menu.push({ label: `Mock exam ${inertLine(e.exam)}`, detail: `${e.durationMinutes} min · ${e.tasks} tasks · pass ${e.passPercent}% · mock or practice`, action: { kind: 'confirm', exam: e } });
    }
  } else {
    // One placeholder stands for the exams until the profiles load.
    menu.push({ label: 'Mock exam', detail: 'loading exam profiles…' });
  }
  if (!data) {
    menu.push({ label: 'Drill', detail: 'loading packs…' }, { label: 'Packs', detail: '' }, { label: 'History', detail: '' });
    return menu;
  }
  const problems = data.problems.length > 0 ? `, ${plural(data.problems.length, 'problem')}` : '';
  menu.push(
    { label: 'Drill', detail: `browse ${plural(data.tasks.length, 'task')} by exam, domain, tag`, action: { kind: 'panel', panel: 'browse' } },
    { label: 'Packs', detail: `${data.packs.length} loaded${problems}`, action: { kind: 'panel', panel: 'packs' } },
    { label: 'History', detail: `${plural(data.history.exams.length, 'exam')} · ${plural(data.history.drills, 'drill check')}`, action: { kind: 'panel', panel: 'history' } },
  );
  return menu;
}

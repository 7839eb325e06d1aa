import type { Exam } from '../../models/index.js';
import type { HomeExam, TaskSummary } from './home-types.js';

export type Panel = 'menu' | 'browse' | 'packs' | 'history';

/** The exam about to start, waiting for the learner's yes. */
export interface ExamConfirm {
  exam: HomeExam;
  /** Practice mode: checks allowed during the exam. */
  practice: boolean;
}

export interface HomeState {
  panel: Panel;
  /**
   * The menu entry under the cursor, by label: entries that appear above it once loaded (a saved
   * exam, offline practice) do not move the cursor to another entry. None: the first entry.
   */
  menuLabel?: string;
  /** Typed filter in the drill browser. */
  filter: string;
  /** Exam the browser is narrowed to (Tab cycles). */
  exam?: Exam;
  browseIndex: number;
  showKeys: boolean;
  confirm?: ExamConfirm;
}

export type HomeAction =
  | { type: 'menu-move'; delta: number; labels: readonly string[] }
  | { type: 'open'; panel: Panel }
  | { type: 'back' }
  | { type: 'type'; text: string }
  | { type: 'erase' }
  | { type: 'cycle-exam'; exams: readonly Exam[] }
  | { type: 'browse-move'; delta: number; size: number }
  | { type: 'keys'; show: boolean }
  | { type: 'confirm-exam'; exam: HomeExam }
  | { type: 'toggle-practice' };

export const initialHomeState: HomeState = { panel: 'menu', filter: '', browseIndex: 0, showKeys: false };

/** Where the cursor is in a menu of `labels`. */
export const menuIndex = (state: HomeState, labels: readonly string[]): number => Math.max(0, state.menuLabel === undefined ? 0 : labels.indexOf(state.menuLabel));

const wrap = (i: number, size: number) => (size === 0 ? 0 : ((i % size) + size) % size);

/** Home screen state transitions (pure, so key flows are testable without a terminal). */
export function homeReducer(state: HomeState, action: HomeAction): HomeState {
  switch (action.type) {
    case 'menu-move': {
      const label = action.labels[wrap(menuIndex(state, action.labels) + action.delta, action.labels.length)];
      return label === undefined ? state : { ...state, menuLabel: label };
    }
    case 'open':
      return { ...state, panel: action.panel, browseIndex: 0 };
    case 'back':
      return back(state);
    case 'type':
      return { ...state, filter: state.filter + action.text, browseIndex: 0 };
    case 'erase':
      return { ...state, filter: state.filter.slice(0, -1), browseIndex: 0 };
    case 'cycle-exam': {
      // All, then each loaded exam (built-in and the packs' profiles), then all again.
      const cycle: (Exam | undefined)[] = [undefined, ...action.exams];
      const next = cycle[(cycle.indexOf(state.exam) + 1) % cycle.length];
      const { exam: _old, ...rest } = state;
      return next ? { ...rest, exam: next, browseIndex: 0 } : { ...rest, browseIndex: 0 };
    }
    case 'browse-move':
      return { ...state, browseIndex: Math.max(0, Math.min(action.size - 1, state.browseIndex + action.delta)) };
    case 'keys':
      return { ...state, showKeys: action.show };
    case 'confirm-exam':
      return { ...state, confirm: { exam: action.exam, practice: false } };
    case 'toggle-practice':
      return state.confirm ? { ...state, confirm: { ...state.confirm, practice: !state.confirm.practice } } : state;
  }
}

/**
 * Esc: one step back, never out of kubedrill. A question closes first, then a typed filter
 * clears, then a panel returns to the menu; on the menu it does nothing.
 */
function back(state: HomeState): HomeState {
  if (state.confirm) {
    const { confirm: _closed, ...rest } = state;
    return rest;
  }
  if (state.panel === 'browse' && state.filter !== '') return { ...state, filter: '', browseIndex: 0 };
  return { ...state, panel: 'menu' };
}

/**
 * Tasks matching the browser's exam and typed filter. Every word must match the id, title,
 * domain or a tag, so `net pol` finds network-policy tasks and `storage` a whole domain.
 */
export function filterSummaries(tasks: readonly TaskSummary[], filter: string, exam?: Exam): TaskSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return tasks
    .filter((t) => !exam || t.exams.includes(exam))
    .filter((t) => {
      const hay = [t.id, t.title, t.domain, ...t.tags].join(' ').toLowerCase();
      return words.every((w) => hay.includes(w));
    });
}

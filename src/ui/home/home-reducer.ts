import type { Exam } from '../../models/index.js';
import type { TaskSummary } from './home-types.js';

export type Panel = 'menu' | 'browse' | 'packs' | 'history';

export interface HomeState {
  panel: Panel;
  menuIndex: number;
  /** Typed filter in the drill browser. */
  filter: string;
  /** Exam the browser is narrowed to (Tab cycles). */
  exam?: Exam;
  browseIndex: number;
  showKeys: boolean;
}

export type HomeAction =
  | { type: 'menu-move'; delta: number; size: number }
  | { type: 'open'; panel: Panel }
  | { type: 'back' }
  | { type: 'type'; text: string }
  | { type: 'erase' }
  | { type: 'cycle-exam'; exams: readonly Exam[] }
  | { type: 'browse-move'; delta: number; size: number }
  | { type: 'keys'; show: boolean };

export const initialHomeState: HomeState = { panel: 'menu', menuIndex: 0, filter: '', browseIndex: 0, showKeys: false };

const wrap = (i: number, size: number) => (size === 0 ? 0 : ((i % size) + size) % size);

/** Home screen state transitions (pure, so key flows are testable without a terminal). */
export function homeReducer(state: HomeState, action: HomeAction): HomeState {
  switch (action.type) {
    case 'menu-move':
      return { ...state, menuIndex: wrap(state.menuIndex + action.delta, action.size) };
    case 'open':
      return { ...state, panel: action.panel, browseIndex: 0 };
    case 'back':
      return { ...state, panel: 'menu' };
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
  }
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

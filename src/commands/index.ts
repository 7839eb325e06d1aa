import type { Command } from './types.js';

/**
 * Every command, loaded lazily so that `--version` or `pack validate` never import ink/react
 * (DESIGN.md §8). Keys are the words that select the command; the longest match wins.
 */
export const COMMANDS: Record<string, () => Promise<Command>> = {
  help: () => import('./help.js').then((m) => m.helpCommand),
  list: () => import('./list.js').then((m) => m.listCommand),
  check: () => import('./check.js').then((m) => m.checkCommand),
  'pack test': () => import('./pack-test.js').then((m) => m.packTestCommand),
  'pack validate': () => import('./pack-validate.js').then((m) => m.packValidateCommand),
  'pack schema': () => import('./pack-schema.js').then((m) => m.packSchemaCommand),
  home: () => import('./home.js').then((m) => m.homeCommand),
  drill: () => import('./drill.js').then((m) => m.drillCommand),
  exam: () => import('./exam.js').then((m) => m.examCommand),
  history: () => import('./history.js').then((m) => m.historyCommand),
  version: () => import('./version.js').then((m) => m.versionCommand),
};

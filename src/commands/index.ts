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
  'pack trust': () => import('./pack-trust.js').then((m) => m.packTrustCommand),
  home: () => import('./home.js').then((m) => m.homeCommand),
  drill: () => import('./drill.js').then((m) => m.drillCommand),
  exam: () => import('./exam.js').then((m) => m.examCommand),
  history: () => import('./history.js').then((m) => m.historyCommand),
  'cluster up': () => import('./cluster-up.js').then((m) => m.clusterUpCommand),
  'cluster down': () => import('./cluster-down.js').then((m) => m.clusterDownCommand),
  'cluster status': () => import('./cluster-status.js').then((m) => m.clusterStatusCommand),
  doctor: () => import('./doctor.js').then((m) => m.doctorCommand),
  ssh: () => import('./ssh.js').then((m) => m.sshCommand),
  edit: () => import('./edit.js').then((m) => m.editCommand),
  version: () => import('./version.js').then((m) => m.versionCommand),
};

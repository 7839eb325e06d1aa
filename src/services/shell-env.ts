// The exam terminal's conveniences, for the screens' `!` shell and `kubedrill env` (a second
// terminal): the task's KUBECONFIG (or the offline workspace as working directory), `k` for
// kubectl with its completion, and `$do` / `$now` as killer.sh and most exam guides set them up.
import { mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { EnvironmentChoice } from '../environments/index.js';
import type { TaskTerminal, TaskWorld } from '../environments/types.js';
import { shQuote, shQuoteIfNeeded } from '../models/shell-quote.js';
import type { CommandIO } from '../system/io.js';
import { inertLine } from '../text/inert.js';
import type { EnvironmentOptions } from './session-environment.js';

/** The shells whose start-up kubedrill knows how to extend; any other gets the variables and directory only. */
export type ShellKind = 'bash' | 'zsh' | 'sh' | 'other';

/** Runs `run` with the terminal given to it (the screen left, raw mode off), then takes the terminal back. */
export type TerminalHandOff = <T>(run: () => T) => T;

/** A shell's family from its path (`$SHELL`): dash, ksh and busybox ash read `$ENV` as POSIX sh does. */
export function shellKind(path: string): ShellKind {
  const name = basename(path);
  if (name === 'bash' || name === 'zsh') return name;
  return ['sh', 'dash', 'ash', 'ksh', 'ksh93', 'mksh'].includes(name) ? 'sh' : 'other';
}

/**
 * The lines that make a shell the task's terminal, in `shell`'s syntax: the variables, the
 * working directory, `alias k=kubectl`, `$do`, `$now`, and kubectl's completion for `k` too.
 */
export function shellSetupLines(terminal: TaskTerminal, shell: Exclude<ShellKind, 'other'>): string[] {
  const lines = [`# ${inertLine(terminal.contextLine)}`];
  for (const [name, value] of Object.entries(terminal.env)) lines.push(`export ${name}=${shQuote(value)}`);
  if (terminal.cwd !== undefined) lines.push(`cd -- ${shQuote(terminal.cwd)}`);
  lines.push('alias k=kubectl');
  if (shell === 'zsh') {
    // zsh does not split an unquoted `$do` into words as sh and bash do: arrays make
    // `k run web --image=nginx $do` mean the same there.
    lines.push('typeset -ga do now', 'do=(--dry-run=client -o yaml)', 'now=(--force --grace-period 0)');
    // From the kubectl docs (kubernetes.io/docs/reference/kubectl/quick-reference/): `source
    // <(kubectl completion zsh)`; its script ends in `compdef _kubectl kubectl`, which needs
    // compinit loaded first. `compdef k=kubectl` completes the alias when complete_aliases is set.
    lines.push(
      'if (( $+commands[kubectl] )); then',
      '  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit -i; }',
      '  source <(kubectl completion zsh)',
      '  compdef k=kubectl',
      'fi',
    );
  } else {
    lines.push('export do="--dry-run=client -o yaml"', 'export now="--force --grace-period 0"');
    // From the kubectl docs (quick reference): `source <(kubectl completion bash)`, then
    // `complete -o default -F __start_kubectl k` so the alias completes too. POSIX sh has no completion.
    if (shell === 'bash') lines.push('if command -v kubectl >/dev/null 2>&1; then', '  source <(kubectl completion bash)', '  complete -o default -F __start_kubectl k', 'fi');
  }
  return lines;
}

/** `kubedrill env`'s options: the environment's, the packs (to find TASK-ID) and the shell the lines are for. */
export interface ShellEnvOptions extends EnvironmentOptions {
  pack: string[];
  shell: 'bash' | 'zsh';
}

/**
 * `kubedrill env [TASK-ID]`: prints the setup lines for a second terminal (`eval "$(kubedrill
 * env)"`). Without a task id, the environment's own terminal (the cluster's, or the workspace
 * with its answers/ directory); with one, that task's (offline: its answers directory). Opens the
 * environment as `check` does, creating no cluster and running no NetworkPolicy probe.
 */
export async function printShellEnv(taskId: string | undefined, options: ShellEnvOptions, io: CommandIO): Promise<number> {
  const [{ openEnvironment }, { liveOptionsFor, resolveChoice }] = await Promise.all([import('../environments/index.js'), import('./session-environment.js')]);
  if (taskId !== undefined) {
    // Before the cluster: a mistyped id fails at once, with the near ones.
    const [{ loadCatalogOrFail }, { findTask }] = await Promise.all([import('./load-catalog.js'), import('../packs/catalog.js')]);
    findTask(await loadCatalogOrFail(options.pack, { env: io.env }), taskId);
  }
  const choice = await resolveChoice(options, io);
  // workers 0: any existing kind cluster will do, the lines name no node.
  const environment = await openEnvironment(choice, { ...liveOptionsFor(io), create: false, workers: 0, probeNetworkPolicy: false });
  const terminal = taskId !== undefined ? (await environment.openTask(taskId)).terminal : environment.terminal;
  const about = `# kubedrill env: ${inertLine(environment.label)}${taskId !== undefined ? ` · task ${inertLine(taskId)}` : ''} · use: eval "$(${inertLine(envCommand(taskId, options, choice))})"`;
  io.stdout.write([about, ...shellSetupLines(terminal, options.shell)].join('\n') + '\n');
  return 0;
}

/** The `kubedrill env` command line that prints these lines again (the environment resolved, the workspace absolute). */
function envCommand(taskId: string | undefined, options: ShellEnvOptions, choice: EnvironmentChoice): string {
  const words = ['kubedrill', 'env', ...(taskId !== undefined ? [taskId] : [])];
  if (choice.offline !== undefined) words.push('--offline', choice.offline);
  if (choice.context !== undefined) words.push('--context', choice.context);
  if (choice.kubeconfig !== undefined) words.push('--kubeconfig', choice.kubeconfig);
  if (choice.cluster !== undefined) words.push('--cluster', choice.cluster);
  // A task from a pack of the learner's is found only with that pack.
  if (taskId !== undefined) for (const dir of options.pack) words.push('--pack', dir);
  if (options.shell === 'zsh') words.push('--shell', 'zsh');
  return words.map(shQuoteIfNeeded).join(' ');
}

/** What a prompt may show of a task id: ids are `[a-z0-9/-]` (models/common.ts), and a prompt expands `$(…)`. */
const promptSafe = (text: string): string => text.replace(/[^A-Za-z0-9._/-]/g, '');

/** The lines an interactive shell runs last: the setup, a prompt naming the task, how to come back. */
function shellTail(terminal: TaskTerminal, shell: 'bash' | 'zsh' | 'sh', taskId: string | undefined): string[] {
  const tag = `(kubedrill${taskId !== undefined ? ` ${promptSafe(taskId)}` : ''}) `;
  return [
    ...shellSetupLines(terminal, shell),
    `PS1=${shQuote(tag)}"$PS1"`,
    `printf '%s\\n' ${shQuote(`kubedrill: ${inertLine(terminal.contextLine)}`)} 'k = kubectl, $do = --dry-run=client -o yaml, $now = --force --grace-period 0; exit (or Ctrl-D) returns to kubedrill'`,
  ];
}

/** Start-up files in `dir` for `shell`, each after the learner's own; returns the arguments and variables that make the shell read them. */
function startupFiles(shell: ShellKind, terminal: TaskTerminal, taskId: string | undefined, env: NodeJS.ProcessEnv, dir: string): { files: Record<string, string>; args: string[]; env: Record<string, string> } {
  const home = env.HOME ?? '';
  switch (shell) {
    case 'bash':
      // --rcfile replaces ~/.bashrc (bash still reads /etc/bash.bashrc first), so it is sourced
      // here, before the setup: a KUBECONFIG the learner's rc exports must not win.
      return {
        files: { bashrc: [`[ -f ${shQuote(`${home}/.bashrc`)} ] && . ${shQuote(`${home}/.bashrc`)}`, ...shellTail(terminal, 'bash', taskId)].join('\n') + '\n' },
        args: ['--rcfile', join(dir, 'bashrc'), '-i'],
        env: {},
      };
    case 'zsh': {
      // zsh reads .zshenv, then .zshrc, from the $ZDOTDIR of that moment. Ours run the learner's
      // (from their ZDOTDIR, else $HOME, or wherever their .zshenv moves it), and .zshrc gives
      // ZDOTDIR back to them before their .zshrc, so their history and compinit dump stay theirs.
      return {
        files: {
          '.zshenv': [
            '__kubedrill_zdotdir=$ZDOTDIR',
            `ZDOTDIR=${shQuote(env.ZDOTDIR || home)}`,
            '[[ -f $ZDOTDIR/.zshenv ]] && source $ZDOTDIR/.zshenv',
            '__kubedrill_user_zdotdir=$ZDOTDIR',
            'ZDOTDIR=$__kubedrill_zdotdir',
          ].join('\n') + '\n',
          '.zshrc': [
            'ZDOTDIR=$__kubedrill_user_zdotdir',
            'unset __kubedrill_zdotdir __kubedrill_user_zdotdir',
            '[[ -f $ZDOTDIR/.zshrc ]] && source $ZDOTDIR/.zshrc',
            ...shellTail(terminal, 'zsh', taskId),
          ].join('\n') + '\n',
        },
        args: ['-i'],
        env: { ZDOTDIR: dir },
      };
    }
    case 'sh': {
      // An interactive POSIX shell runs the file $ENV names; the learner's own $ENV runs first,
      // then ENV is put back, so shells started inside do not look for our file once it is gone.
      const theirs = env.ENV;
      const first = theirs ? [`[ -f ${shQuote(theirs)} ] && . ${shQuote(theirs)}`] : [];
      return {
        files: { shrc: [...first, ...shellTail(terminal, 'sh', taskId), theirs ? `ENV=${shQuote(theirs)}` : 'unset ENV'].join('\n') + '\n' },
        args: ['-i'],
        env: { ENV: join(dir, 'shrc') },
      };
    }
    case 'other':
      // fish, nu, …: their start-up is theirs; the variables and the directory still put them at the task.
      return { files: {}, args: [], env: {} };
  }
}

/**
 * Opens the learner's `$SHELL` (else /bin/sh) as the task's terminal, interactively, and returns
 * when it exits. `handOff` gives it the terminal (the screens leave and come back around it). The
 * start-up files live in a fresh temp directory, removed afterwards (only the files written here).
 */
export async function openTaskShell(world: TaskWorld, io: Pick<CommandIO, 'env' | 'cwd'>, options: { taskId?: string; handOff?: TerminalHandOff } = {}): Promise<void> {
  const shell = io.env.SHELL || '/bin/sh';
  // Loaded here: drill-start.ts imports this file, and `kubedrill list` must not load execa for it.
  const { runInteractiveSync } = await import('../system/process.js');
  const dir = await mkdtemp(join(tmpdir(), 'kubedrill-shell-'));
  const written: string[] = [];
  try {
    const start = startupFiles(shellKind(shell), world.terminal, options.taskId, io.env, dir);
    for (const [name, text] of Object.entries(start.files)) {
      const path = join(dir, name);
      written.push(path);
      await writeFile(path, text, { mode: 0o600 });
    }
    const env = { ...io.env, ...world.terminal.env, ...start.env };
    const run = () => runInteractiveSync(shell, start.args, { env, cwd: world.terminal.cwd ?? io.cwd });
    // The shell's exit code is the last command's: nothing to report.
    (options.handOff ?? ((r) => r()))(run);
  } finally {
    for (const path of written) await rm(path, { force: true });
    // Not recursive: anything a start-up file of the learner's left here is theirs to keep.
    await rmdir(dir).catch(() => undefined);
  }
}

/** The screens' `!` key: a task's shell, through the session's own worlds (one per task, opened once). */
export function shellOpener(world: (taskId: string) => Promise<TaskWorld>, io: Pick<CommandIO, 'env' | 'cwd'>) {
  return async (taskId: string, handOff: TerminalHandOff): Promise<void> => openTaskShell(await world(taskId), io, { taskId, handOff });
}

// Shell completion made from the command declarations themselves (src/commands/), so a new
// command or option completes with no change here. zsh runs the bash function through
// bashcompinit, which every zsh ships.

/** A command as completion needs it: its name, its options, its subcommands. */
export interface CompletionNode {
  path: string;
  words: string[];
}

/** The shape of a commander command this module reads (kept structural: services do not import the CLI library). */
interface DeclaredCommand {
  name(): string;
  readonly commands: readonly DeclaredCommand[];
  readonly options: readonly { long?: string | undefined; short?: string | undefined }[];
}

/** Every command path (`''`, `' pack'`, `' pack validate'`) with the words that may follow it. */
export function commandTree(root: DeclaredCommand): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const walk = (command: DeclaredCommand, path: string) => {
    const options = command.options.flatMap((o) => [o.long, o.short]).filter((flag): flag is string => flag !== undefined);
    nodes.push({ path, words: [...command.commands.map((c) => c.name()), ...options, '--help'] });
    for (const sub of command.commands) walk(sub, `${path} ${sub.name()}`);
  };
  walk(root, '');
  return nodes;
}

/** Commands whose argument is a task id: completed from `kubedrill list --ids`. */
const TASK_ID_COMMANDS = [' drill', ' check', ' env'];

/** The completion script for `shell`. Words are kubedrill's own (no user text), so plain quoting is enough. */
export function completionScript(shell: 'bash' | 'zsh', nodes: readonly CompletionNode[]): string {
  const paths = nodes.filter((n) => n.path !== '').map((n) => `"${n.path}"`);
  const cases = nodes.map((n) => `    "${n.path}") words="${n.words.join(' ')}" ;;`);
  const bash = [
    '# kubedrill completion: commands, options and task ids.',
    '_kubedrill() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" path="" word words="" i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    word="${COMP_WORDS[i]}"',
    '    case "$path $word" in',
    `      ${paths.join('|')}) path="$path $word" ;;`,
    '    esac',
    '  done',
    '  case "$path" in',
    ...cases,
    '  esac',
    `  case "$path" in ${TASK_ID_COMMANDS.map((p) => `"${p}"`).join('|')})`,
    '    [[ "$cur" != -* ]] && words="$words $(kubedrill list --ids 2>/dev/null)" ;;',
    '  esac',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    'complete -o default -F _kubedrill kubedrill',
  ];
  const zsh = ['autoload -U +X compinit && compinit', 'autoload -U +X bashcompinit && bashcompinit'];
  return `${(shell === 'zsh' ? [...zsh, ...bash] : bash).join('\n')}\n`;
}

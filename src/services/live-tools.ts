// Whether the programs a kind cluster needs are installed, found the way a shell finds them: by
// looking through PATH. No process is spawned, so home can ask right after its first frame and
// know within milliseconds whether to offer offline practice first. (`kubedrill doctor` runs
// them, for versions and whether Docker's daemon answers.)
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { DOCKER_INSTALL_URL, KIND_INSTALL_URL } from '../environments/kind/install.js';

/** The programs a kind cluster needs on PATH. */
export type LiveTool = 'docker' | 'kind';

const INSTALL: Record<LiveTool, string> = {
  docker: `Docker (${DOCKER_INSTALL_URL})`,
  kind: `kind ≥ 0.24 (${KIND_INSTALL_URL})`,
};
const NAME: Record<LiveTool, string> = { docker: 'Docker', kind: 'kind' };

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Whether `name` is an executable file in a directory of `env`'s PATH (with PATHEXT's extensions on Windows). */
export async function onPath(name: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';') : [''];
  const found = await Promise.all(dirs.flatMap((dir) => extensions.map((ext) => isExecutableFile(join(dir, name + ext)))));
  return found.includes(true);
}

/** The programs a kind cluster needs that are not on PATH, Docker first. */
export async function missingLiveTools(env: NodeJS.ProcessEnv): Promise<LiveTool[]> {
  const tools: LiveTool[] = ['docker', 'kind'];
  const found = await Promise.all(tools.map((tool) => onPath(tool, env)));
  return tools.filter((_, i) => !found[i]);
}

/** One line: what is missing and what to install (home offers offline practice right below it). */
export function missingToolsLine(missing: readonly LiveTool[]): string {
  const names = missing.map((t) => NAME[t]).join(' and ');
  const verb = missing.length === 1 ? 'is' : 'are';
  return `${names} ${verb} not installed, so live tasks cannot run here: install ${missing.map((t) => INSTALL[t]).join(' and ')}`;
}

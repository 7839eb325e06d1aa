import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { packSchema, type Checker, type ExamProfile, type LoadedTask, type Pack } from '../models/index.js';
import { bindAssets, indexAssets } from './assets.js';
import { escapesDir } from './escapes.js';
import { issueProblems } from './issues.js';
import { lockProblems } from './lock.js';
import { capProblems, type PackProblem } from './problem.js';
import { loadExamProfiles, PACK_PROFILES_DIR } from './profiles.js';
import { unknownExamMessage, validateTask, type TaskRules } from './validate-task.js';
import { listTaskFiles } from './walk.js';
import { DEFAULT_YAML_LIMITS, readYamlFile, type Position, type YamlLimits } from './yaml-source.js';

export { formatProblem, type PackProblem } from './problem.js';

/** A pack as loaded: its metadata and where it lives. */
export interface LoadedPack {
  pack: Pack;
  dir: string;
  /** Its `pack.yaml`. */
  file: string;
}

/**
 * Everything that loaded cleanly, and the problems found, sorted by file and line: at most
 * MAX_PROBLEMS_PER_FILE per file, then one line counting the rest (see capProblems).
 */
export interface LoadResult {
  packs: LoadedPack[];
  /** The profiles tasks were checked against: the given (or built-in) ones, then the packs' own. */
  profiles: ExamProfile[];
  tasks: LoadedTask[];
  problems: PackProblem[];
}

export interface LoadOptions {
  /** The check types tasks may use (the registry in `checkers/`). */
  checkers: readonly Checker[];
  /**
   * Exam profiles (which exams exist, their domain ids); default: the built-in
   * `scenarios/profiles`. A pack's own `profiles/` directory adds to them.
   */
  profiles?: readonly ExamProfile[];
  limits?: YamlLimits;
  /**
   * Also parse every apply step's manifests (`pack validate`, `pack test`): a second YAML parse
   * of much of each task, which other commands skip (a broken manifest fails its step there,
   * naming it).
   */
  checkManifests?: boolean;
}

/** A task file's outcome before cross-file rules (duplicate ids) are applied. */
interface TaskFileResult {
  loaded: LoadedTask | undefined;
  /**
   * Taken while the document is at hand: keeping a closure over it would keep every parsed
   * document of the pack alive (about 100 KB each; a 10,000-task pack used 1 GB).
   */
  idPosition: Position;
}

/** Task files read at once: overlaps the I/O while bounding how many parsed documents are alive. */
const READ_BATCH = 32;

/**
 * The pack directories a path stands for: itself when it holds `pack.yaml`, else its immediate
 * subdirectories that do (a directory of packs, like the built-in `scenarios/`).
 */
export async function findPackDirs(dir: string): Promise<{ dirs: string[]; problems: PackProblem[] }> {
  const whole = (message: string) => ({ dirs: [], problems: [{ file: dir, line: 0, col: 0, path: '', message }] });
  if (!existsSync(dir)) return whole('no such directory');
  if (!statSync(dir).isDirectory()) return whole('not a directory: pass a pack directory (the one holding pack.yaml)');
  if (existsSync(join(dir, 'pack.yaml'))) return { dirs: [dir], problems: [] };
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    return whole(`cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const names = entries
    .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isSymbolicLink()))
    .map((e) => e.name)
    .sort();
  const dirs = names.map((n) => join(dir, n)).filter((d) => existsSync(join(d, 'pack.yaml')));
  if (dirs.length > 0) return { dirs, problems: [] };
  const hint = existsSync(join(dir, 'pack.yml')) ? ' (found pack.yml: rename it to pack.yaml)' : '';
  return whole(`no pack.yaml in ${dir}${hint}; a pack directory holds pack.yaml and task files, a directory of packs holds such directories`);
}

/** Loads the packs at the given paths (pack directories or directories of packs). Never throws for bad input. */
export async function loadPacks(dirs: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const problems: PackProblem[] = [];
  let profiles = options.profiles;
  if (!profiles) {
    const loaded = await loadExamProfiles();
    profiles = loaded.profiles;
    problems.push(...loaded.problems);
  }
  const checkers = new Map(options.checkers.map((c) => [c.type, c]));
  const packs: LoadedPack[] = [];
  const tasks: LoadedTask[] = [];
  const packIds = new Map<string, { file: string; line: number }>();
  const taskIds = new Map<string, { file: string; line: number }>();

  // Every pack's profiles are read before any task: a task may name an exam another pack ships.
  const packDirs: string[] = [];
  for (const dir of dirs) {
    const found = await findPackDirs(dir);
    problems.push(...found.problems);
    packDirs.push(...found.dirs);
  }
  const allProfiles = [...profiles];
  for (const packDir of packDirs) {
    const shipped = await loadExamProfiles(join(packDir, PACK_PROFILES_DIR), { optional: true, known: allProfiles, within: packDir });
    problems.push(...shipped.problems);
    allProfiles.push(...shipped.profiles);
  }
  const profileMap = new Map(allProfiles.map((p) => [p.exam, p]));

  for (const packDir of packDirs) {
    const one = await loadOnePack(packDir, { checkers, profiles: profileMap, checkManifests: options.checkManifests === true }, options.limits ?? DEFAULT_YAML_LIMITS);
    problems.push(...one.problems);
    if (one.pack) {
      const id = one.pack.pack.metadata.id;
      const first = packIds.get(id);
      if (first) {
        problems.push({ ...one.packIdPosition, file: one.pack.file, path: 'metadata.id', message: `duplicate pack id "${id}": also ${first.file}:${first.line}` });
      } else {
        packIds.set(id, { file: one.pack.file, line: one.packIdPosition.line });
        packs.push(one.pack);
      }
    }
    for (const result of one.tasks) {
      if (!result.loaded) continue;
      const { task, file } = result.loaded;
      const first = taskIds.get(task.metadata.id);
      if (first) {
        problems.push({
          ...result.idPosition,
          file,
          path: 'metadata.id',
          message: `duplicate task id "${task.metadata.id}": also ${first.file}:${first.line}`,
        });
        continue;
      }
      taskIds.set(task.metadata.id, { file, line: result.idPosition.line });
      tasks.push(result.loaded);
    }
  }
  return { packs, profiles: allProfiles, tasks, problems: capProblems(problems) };
}

/** Loads one pack directory (or directory of packs): `loadPacks([dir], options)`. */
export function loadPack(dir: string, options: LoadOptions): Promise<LoadResult> {
  return loadPacks([dir], options);
}

async function loadOnePack(
  dir: string,
  rules: Omit<TaskRules, 'pack'>,
  limits: YamlLimits,
): Promise<{ pack: LoadedPack | undefined; packIdPosition: Position; tasks: TaskFileResult[]; problems: PackProblem[] }> {
  const problems: PackProblem[] = [];
  const file = join(dir, 'pack.yaml');
  let pack: LoadedPack | undefined;
  let packIdPosition: Position = { line: 1, col: 1 };
  // A pack.yaml linked out of the pack is not read at all (listTaskFiles reports the link):
  // reading it would echo another file's keys, e.g. `unknown key "aws_secret_access_key"`.
  const read = (await escapesDir(file, dir)) ? undefined : await readYamlFile(file, limits);
  if (read && !read.ok) {
    problems.push(...read.problems);
  } else if (read) {
    packIdPosition = read.doc.locate(['metadata', 'id']);
    const parsed = packSchema.safeParse(read.doc.value);
    if (parsed.success) {
      pack = { pack: parsed.data, dir, file };
      parsed.data.metadata.exams.forEach((exam, i) => {
        const message = unknownExamMessage(exam, rules.profiles);
        if (message) problems.push({ ...read.doc.locate(['metadata', 'exams', i]), file, path: `metadata.exams[${i}]`, message });
      });
    } else problems.push(...issueProblems(parsed.error.issues, read.doc));
  }

  // A pack whose assets break the rules (assets.ts) or differ from its lock (lock.ts) is refused:
  // its tasks are validated, to report everything, but none is loaded.
  const assets = await indexAssets(dir);
  const assetProblems = [...assets.problems, ...(assets.problems.length === 0 ? await lockProblems(dir, assets) : [])];
  problems.push(...assetProblems);
  const refused = assetProblems.length > 0;

  const listed = await listTaskFiles(dir);
  problems.push(...listed.problems);
  const tasks: TaskFileResult[] = [];
  const taskRules: TaskRules = { ...rules, pack: pack?.pack, assets };
  for (let start = 0; start < listed.files.length; start += READ_BATCH) {
    const batch = listed.files.slice(start, start + READ_BATCH);
    // Reading in parallel overlaps the I/O; validation stays sequential and in order.
    const docs = await Promise.all(batch.map((f) => readYamlFile(f, limits)));
    for (const [i, result] of docs.entries()) {
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      const validated = validateTask(result.doc, taskRules);
      problems.push(...validated.problems);
      // A task of a pack whose pack.yaml is broken is validated (to report everything) but not loaded.
      const loaded = validated.task && pack && !refused ? { task: validated.task, packId: pack.pack.metadata.id, file: batch[i] ?? result.doc.file } : undefined;
      if (loaded) bindAssets(loaded.task, assets.dir);
      tasks.push({ loaded, idPosition: loaded ? result.doc.locate(['metadata', 'id']) : { line: 1, col: 1 } });
    }
  }
  return { pack: refused ? undefined : pack, packIdPosition, tasks, problems };
}

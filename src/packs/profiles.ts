import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
// The exam-profile model alone: the home screen reads the profiles before the task models load.
import { examProfileSchema, type ExamProfile } from '../models/exam-profile.js';
import { scenariosDir } from '../package-root.js';
import { escapesDir } from './escapes.js';
import { issueProblems } from './issues.js';
import type { PackProblem } from './problem.js';
import { readYamlFile } from './yaml-source.js';

/** The built-in exam profiles' directory: `scenarios/profiles`. */
export const builtinProfilesDir = (): string => join(scenariosDir(), 'profiles');

/**
 * The directory inside a pack that holds the exam profiles it ships. Task files are never read
 * from it (walk.ts skips it), so a profile is never mistaken for a broken task.
 */
export const PACK_PROFILES_DIR = 'profiles';

/** A profile as loaded: where it came from, so a clash can name both files. */
interface ProfileSource {
  profile: ExamProfile;
  file: string;
  line: number;
}

export interface ProfileLoadOptions {
  /** A missing directory is no problem (a pack need not ship profiles). */
  optional?: boolean;
  /** Profiles already loaded (built-in ones, other packs'): a second one for an exam is a problem. */
  known?: readonly ExamProfile[];
  /**
   * The pack the directory belongs to: a profile (or the directory) linked out of it is not read,
   * as for task files (walk.ts), so a pack cannot make kubedrill echo files from elsewhere.
   */
  within?: string;
}

/**
 * Reads every `*.yaml` exam profile in `dir` (default: the built-in ones), validated with
 * `examProfileSchema`. Bad files become problems; a second profile for the same exam (ids
 * compared without case, since the CLI takes `cka` for `CKA`) is one too.
 */
export async function loadExamProfiles(
  dir: string = builtinProfilesDir(),
  options: ProfileLoadOptions = {},
): Promise<{ profiles: ExamProfile[]; problems: PackProblem[] }> {
  const profiles: ExamProfile[] = [];
  const problems: PackProblem[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.optional && code === 'ENOENT') return { profiles, problems };
    problems.push({ file: dir, line: 0, col: 0, path: '', message: `cannot read exam profiles: ${code ?? String(error)}` });
    return { profiles, problems };
  }
  const escapes = async (path: string) => options.within !== undefined && (await escapesDir(path, options.within));
  if (await escapes(dir)) {
    problems.push({ file: dir, line: 1, col: 1, path: '', message: 'symlink escapes the pack directory; packs must be self-contained' });
    return { profiles, problems };
  }
  const seen = new Map<string, ProfileSource | undefined>((options.known ?? []).map((p) => [p.exam.toLowerCase(), undefined]));
  for (const name of names) {
    const file = join(dir, name);
    if (await escapes(file)) {
      problems.push({ file, line: 1, col: 1, path: '', message: 'symlink escapes the pack directory; packs must be self-contained' });
      continue;
    }
    const read = await readYamlFile(file);
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const parsed = examProfileSchema.safeParse(read.doc.value);
    if (!parsed.success) {
      problems.push(...issueProblems(parsed.error.issues, read.doc));
      continue;
    }
    const key = parsed.data.exam.toLowerCase();
    const pos = read.doc.locate(['exam']);
    if (seen.has(key)) {
      const other = seen.get(key);
      const where = other ? `the first is ${other.file}:${other.line}` : 'an exam of that id is already loaded';
      problems.push({ ...pos, file, path: 'exam', message: `a second profile for ${parsed.data.exam} (${where}); exam ids are unique, whatever their case` });
      continue;
    }
    seen.set(key, { profile: parsed.data, file, line: pos.line });
    profiles.push(parsed.data);
  }
  return { profiles, problems };
}

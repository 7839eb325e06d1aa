import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { examProfileSchema, type ExamProfile } from '../models/index.js';
import { scenariosDir } from '../package-root.js';
import { issueProblems } from './issues.js';
import type { PackProblem } from './problem.js';
import { readYamlFile } from './yaml-source.js';

/** The built-in exam profiles' directory: `scenarios/profiles`. */
export const builtinProfilesDir = (): string => join(scenariosDir(), 'profiles');

/**
 * Reads every `*.yaml` exam profile in `dir` (default: the built-in ones), validated with
 * `examProfileSchema`. Bad files become problems; a second profile for the same exam is one too.
 */
export async function loadExamProfiles(dir: string = builtinProfilesDir()): Promise<{ profiles: ExamProfile[]; problems: PackProblem[] }> {
  const profiles: ExamProfile[] = [];
  const problems: PackProblem[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    problems.push({ file: dir, line: 0, col: 0, path: '', message: `cannot read exam profiles: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return { profiles, problems };
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
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
    const other = seen.get(parsed.data.exam);
    if (other) {
      const pos = read.doc.locate(['exam']);
      problems.push({ ...pos, file, path: 'exam', message: `a second profile for ${parsed.data.exam} (the first is ${other})` });
      continue;
    }
    seen.set(parsed.data.exam, file);
    profiles.push(parsed.data);
  }
  return { profiles, problems };
}

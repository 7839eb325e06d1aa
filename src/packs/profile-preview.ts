import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scenariosDir } from '../package-root.js';

/** What the home menu shows of an exam before the profiles are validated. */
export interface ProfilePreview {
  exam: string;
  title: string;
  durationMinutes: number;
  tasks: { min: number; max: number };
  passPercent: number;
}

/**
 * The built-in exam profiles read for display only, with the YAML parser and no schema: the
 * home screen's first entries must not wait for zod and the pack models (DESIGN.md §8). The
 * validated profiles (packs/profiles.ts) replace these as soon as the packs load; a file that
 * does not have the expected shape is left out here and reported there.
 */
export async function previewBuiltinProfiles(): Promise<ProfilePreview[]> {
  const dir = join(scenariosDir(), 'profiles');
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const previews: ProfilePreview[] = [];
  for (const name of names) {
    const value: unknown = parse(await readFile(join(dir, name), 'utf8'));
    const p = value as Partial<ProfilePreview> | null;
    if (typeof p?.exam === 'string' && typeof p.title === 'string' && typeof p.durationMinutes === 'number' && typeof p.passPercent === 'number' && typeof p.tasks?.min === 'number' && typeof p.tasks.max === 'number') {
      previews.push({ exam: p.exam, title: p.title, durationMinutes: p.durationMinutes, tasks: { min: p.tasks.min, max: p.tasks.max }, passPercent: p.passPercent });
    }
  }
  return previews;
}

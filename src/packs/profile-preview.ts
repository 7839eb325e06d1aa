import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
 * The built-in exam profiles read for display only — their top-level scalar lines, without the
 * YAML parser or the schema — so the home screen's first entries wait for neither (the README,
 * Speed). The validated profiles (packs/profiles.ts) replace these as soon as the packs load; a file
 * written in another layout is left out here and shown then. A test holds the two in agreement.
 */
export async function previewBuiltinProfiles(): Promise<ProfilePreview[]> {
  const dir = join(scenariosDir(), 'profiles');
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const previews: ProfilePreview[] = [];
  for (const name of names) {
    const preview = previewOf(await readFile(join(dir, name), 'utf8'));
    if (preview) previews.push(preview);
  }
  return previews;
}

/** `key: value` at the top level of a profile, unquoted or double-quoted; undefined otherwise. */
function scalar(text: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:[ \\t]*(?:"([^"\\\\]*)"|([^#\\n"{[]*?))[ \\t]*(?:#.*)?$`, 'm').exec(text);
  const value = match?.[1] ?? match?.[2];
  return value === undefined || value === '' ? undefined : value;
}

function previewOf(text: string): ProfilePreview | undefined {
  const exam = scalar(text, 'exam');
  const title = scalar(text, 'title');
  const duration = Number(scalar(text, 'durationMinutes'));
  const pass = Number(scalar(text, 'passPercent'));
  const tasks = /^tasks:[ \t]*\{[ \t]*min:[ \t]*(\d+),[ \t]*max:[ \t]*(\d+)[ \t]*\}/m.exec(text);
  if (!exam || !title || !Number.isInteger(duration) || !Number.isFinite(pass) || !tasks) return undefined;
  return { exam, title, durationMinutes: duration, tasks: { min: Number(tasks[1]), max: Number(tasks[2]) }, passPercent: pass };
}

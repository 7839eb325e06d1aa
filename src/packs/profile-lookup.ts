// Finding an exam profile by name, without the profile schema: `list --exam` and `exam --plan`
// work on cached profiles and must not load zod (see src/packs/catalog-cache.ts).
import type { ExamProfile } from '../models/exam-profile.js';
import { closest } from './problem.js';

/** The profile whose exam id is `name`, compared without case (`kubedrill exam cka`). */
export function findProfile(profiles: readonly ExamProfile[], name: string): ExamProfile | undefined {
  const key = name.toLowerCase();
  return profiles.find((p) => p.exam.toLowerCase() === key);
}

/** Exam ids near `name` for a "did you mean" (closest compares without case, so `cka` finds CKA). */
export function suggestExams(profiles: readonly ExamProfile[], name: string): string[] {
  return closest(name, profiles.map((p) => p.exam).filter((id) => id !== name), 2);
}

import { UsageError } from '../errors.js';
import type { Exam, ExamProfile } from '../models/index.js';
import type { Catalog } from '../packs/catalog.js';
import { findProfile, suggestExams } from '../packs/profile-lookup.js';
import { inertLine } from '../text/inert.js';

/**
 * The exam's profile from the catalog's data (scenarios/profiles and packs' profiles/), its id
 * compared without case; a UsageError naming near and known exams otherwise.
 */
export function profileFor(catalog: Pick<Catalog, 'profiles'>, exam: Exam): ExamProfile {
  const profile = findProfile(catalog.profiles, exam);
  if (profile) return profile;
  const near = suggestExams(catalog.profiles, exam);
  throw new UsageError(`no exam "${inertLine(exam)}"`, [
    ...(near.length > 0 ? [`did you mean ${near.map((id) => inertLine(id.toLowerCase())).join(' or ')}?`] : []),
    `known exams: ${examChoices(catalog)}`,
    'a pack adds an exam with a profile in its profiles/ directory',
  ]);
}

/** `cka, ckad or cks`: the loaded exams as the CLI takes them. */
export function examChoices(catalog: Pick<Catalog, 'profiles'>): string {
  const ids = catalog.profiles.map((p) => inertLine(p.exam.toLowerCase()));
  return ids.length <= 1 ? (ids[0] ?? '(no exam profiles loaded)') : `${ids.slice(0, -1).join(', ')} or ${ids.at(-1) ?? ''}`;
}


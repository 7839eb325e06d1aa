import { describe, expect, it } from 'vitest';
import { previewBuiltinProfiles } from './profile-preview.js';
import { loadExamProfiles } from './profiles.js';

describe('previewBuiltinProfiles', () => {
  it('given the built-in profiles, when previewed without the schema, then each shows what the validated profile says', async () => {
    const previews = await previewBuiltinProfiles();
    const { profiles } = await loadExamProfiles();
    expect(previews).toEqual(profiles.map((p) => ({ exam: p.exam, title: p.title, durationMinutes: p.durationMinutes, tasks: { min: p.tasks.min, max: p.tasks.max }, passPercent: p.passPercent })));
    expect(previews.map((p) => p.exam)).toEqual(expect.arrayContaining(['CKA', 'CKAD', 'CKS']));
  });
});

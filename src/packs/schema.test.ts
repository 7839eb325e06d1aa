import { describe, expect, it } from 'vitest';
import { TEST_CHECKERS } from '../../test/broken-packs/test-checkers.js';
import { packJsonSchemas } from './schema.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('packJsonSchemas', () => {
  const { pack, task } = packJsonSchemas(TEST_CHECKERS) as { pack: Json; task: Json };

  it('declares draft 2020-12 and closes objects (unknown keys are errors in editors too)', () => {
    expect(pack.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(task.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(pack.additionalProperties).toBe(false);
    expect(task.properties.metadata.additionalProperties).toBe(false);
    expect(pack.properties.kind.const).toBe('Pack');
    expect(task.properties.kind.const).toBe('Task');
  });

  it('makes fields with defaults optional, as authors write them', () => {
    expect(pack.properties.metadata.required).toEqual(['id', 'title', 'version']);
    expect(task.required).not.toContain('setup');
    expect(task.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'statement', 'solution', 'checks']));
  });

  it('gives checks one variant per check type, with the type as a const and its own params', () => {
    const variants = task.properties.checks.items.oneOf as Json[];
    expect(variants.map((v) => v.properties.type.const)).toEqual(['jsonpath', 'resource', 'static-pod']);
    const resource = variants[1] as Json;
    expect(resource.description).toBe('object exists or is absent');
    expect(Object.keys(resource.properties)).toEqual(['id', 'type', 'points', 'description', 'ref', 'namespace', 'expect']);
    expect(resource.required).toEqual(['id', 'type', 'points', 'ref', 'expect']);
    expect(resource.additionalProperties).toBe(false);
    expect(resource.properties.expect.enum).toEqual(['exists', 'absent']);
    expect(resource.properties.points).toMatchObject({ type: 'integer', minimum: 0 });
    // A param with a default is optional for authors
    expect((variants[2] as Json).required).not.toContain('namespace');
  });

  it('falls back to the common check fields when no check type is registered', () => {
    const { task: bare } = packJsonSchemas([]) as { task: Json };
    expect(bare.properties.checks.items.properties.type).toMatchObject({ type: 'string' });
  });
});

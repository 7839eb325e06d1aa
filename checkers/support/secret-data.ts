import type { K8sObject } from '../../src/models/index.js';

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The bytes under `key` of a Secret, as a Pod mounting it would see them. The API server keeps
 * only `data` (base64); `stringData` is merged into it on write, winning over `data`. An offline
 * workspace keeps the manifest as written, so a `stringData` key is read from there first.
 */
export function secretBytes(secret: K8sObject, key: string): Buffer | undefined {
  const plain = record(secret.stringData)[key];
  if (typeof plain === 'string') return Buffer.from(plain, 'utf8');
  const encoded = record(secret.data)[key];
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64') : undefined;
}

/** The keys a Secret holds (`data` and `stringData`), sorted: what `kubectl describe secret` lists. */
export function secretKeys(secret: K8sObject): string[] {
  return [...new Set([...Object.keys(record(secret.data)), ...Object.keys(record(secret.stringData))])].sort();
}

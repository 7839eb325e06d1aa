import { treeFingerprint } from '../packs/fingerprint.js';
import type { Catalog } from '../packs/catalog.js';
import type { AttemptPack } from './history-entry.js';

/**
 * The packs `taskIds` came from, each with its version and content hash as it is now: what an
 * exam attempt records, so exports (history-export.ts) say which pack content the learner had.
 * A pack that can no longer be read is left out rather than failing the recording.
 */
export async function attemptPacks(catalog: Pick<Catalog, 'packs' | 'tasks'>, taskIds: readonly string[]): Promise<AttemptPack[]> {
  const wanted = new Set(taskIds);
  const packIds = new Set(catalog.tasks.filter((t) => wanted.has(t.task.metadata.id)).map((t) => t.packId));
  const packs: AttemptPack[] = [];
  for (const loaded of catalog.packs) {
    const { id, version } = loaded.pack.metadata;
    if (!packIds.has(id)) continue;
    try {
      packs.push({ id, version, sha256: await treeFingerprint(loaded.dir) });
    } catch {
      // Moved or deleted since the exam started: the attempt is still recorded, without it.
    }
  }
  return packs.sort((a, b) => a.id.localeCompare(b.id));
}

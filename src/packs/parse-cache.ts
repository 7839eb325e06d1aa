import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Parsed YAML values by content hash. YAML parsing is most of a pack load's cost (the `yaml`
 * package is thorough, not fast); a file whose bytes have not changed parses to the same value,
 * so later runs skip the parser and only validate. Positions are recomputed lazily when a
 * problem needs one. Keys are content hashes, so a stale entry can never be used.
 */
export interface ParseCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** The cache key of a file's bytes. */
export function contentKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** Values that survive a JSON round trip unchanged (YAML's `.inf`/`.nan` do not). */
export function isJsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(isJsonSafe);
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

const FORMAT = 1;
/** Past this many entries, only the ones used by the last run are kept. */
const MAX_ENTRIES = 4000;

/** A ParseCache kept in one JSON file; `save()` writes it atomically when something changed. */
export class FileParseCache implements ParseCache {
  private readonly used = new Map<string, unknown>();
  private changed = false;

  private constructor(
    readonly file: string,
    private readonly stored: Map<string, unknown>,
  ) {}

  /** Opens the cache file; a missing, unreadable or foreign file is an empty cache, never an error. */
  static async open(file: string): Promise<FileParseCache> {
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { format?: number; entries?: Record<string, unknown> };
      if (data.format === FORMAT && data.entries && typeof data.entries === 'object') {
        return new FileParseCache(file, new Map(Object.entries(data.entries)));
      }
    } catch {
      // No cache yet or a damaged one: start empty, it is rebuilt on save.
    }
    return new FileParseCache(file, new Map());
  }

  get(key: string): unknown {
    const value = this.used.get(key) ?? this.stored.get(key);
    if (value !== undefined) this.used.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    if (!isJsonSafe(value)) return;
    this.used.set(key, value);
    this.changed = true;
  }

  /** Writes the entries (this run's first) when new ones were added. Errors are ignored: it is only a cache. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const entries = new Map(this.used);
    if (this.stored.size + entries.size <= MAX_ENTRIES) for (const [k, v] of this.stored) if (!entries.has(k)) entries.set(k, v);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(tmp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(entries) }));
      await rename(tmp, this.file);
      this.changed = false;
    } catch {
      // A read-only cache directory only costs speed.
    }
  }
}

import { readFile, stat } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { contentKey, type ParseCache } from './parse-cache.js';
import type { PackProblem } from './problem.js';

/** Limits that keep a hostile or broken file from hanging or exhausting the loader. */
export interface YamlLimits {
  /** Bigger files are refused before they are read. */
  maxBytes: number;
  /** Cap on alias expansions per alias (the `yaml` package's `maxAliasCount`). */
  maxAliasCount: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 1024 * 1024, maxAliasCount: 100 };

/** Line and column (1-based) of a node in its file. */
export interface Position {
  line: number;
  col: number;
}

/** A parsed single-document YAML file that can map document paths back to source positions. */
export interface YamlDocument {
  file: string;
  /** The document as plain JavaScript values. */
  value: unknown;
  /**
   * Position of the node at `path`, or of its nearest existing parent when a key is missing.
   * Map entries point at their key, sequence entries at the item.
   */
  locate(path: readonly PropertyKey[]): Position;
  /**
   * Position of the first of `needles` found inside the scalar at `path` (e.g. a `{{…}}` in a
   * block scalar), else `locate(path)`.
   */
  locateText(path: readonly PropertyKey[], needles: string | readonly string[]): Position;
}

export type YamlReadResult = { ok: true; doc: YamlDocument } | { ok: false; problems: PackProblem[] };

/**
 * Reads and parses one YAML file that must hold exactly one document. Never throws for bad input.
 * With a cache, unchanged files skip the parser (positions are then computed only when asked for).
 */
export async function readYamlFile(file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS, cache?: ParseCache): Promise<YamlReadResult> {
  const whole = (message: string): YamlReadResult => ({ ok: false, problems: [{ file, line: 1, col: 1, path: '', message }] });
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) return whole('not a regular file');
    if (info.size > limits.maxBytes) {
      return whole(`file is ${info.size} bytes; the limit is ${limits.maxBytes} bytes (split it up)`);
    }
    bytes = await readFile(file);
  } catch (error) {
    return whole(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseYamlBytes(file, bytes, limits, cache);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Parses YAML from bytes (see readYamlFile); exported for tests and in-memory sources. */
export function parseYamlBytes(file: string, bytes: Uint8Array, limits: YamlLimits = DEFAULT_YAML_LIMITS, cache?: ParseCache): YamlReadResult {
  const whole = (message: string): YamlReadResult => ({ ok: false, problems: [{ file, line: 1, col: 1, path: '', message }] });
  const nul = bytes.indexOf(0);
  if (nul >= 0) return whole(`binary file, not YAML text (NUL byte at offset ${nul})`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return whole('not UTF-8 text (binary data or another encoding); YAML files must be UTF-8');
  }
  if (!cache) return parseYamlText(file, text, limits);
  const key = contentKey(bytes);
  const cached = cache.get(key);
  if (cached !== undefined) return { ok: true, doc: lazyDocument(file, text, cached) };
  const result = parseYamlText(file, text, limits);
  if (result.ok) cache.set(key, result.doc.value);
  return result;
}

/** A document whose value came from the cache: YAML is parsed again only if a position is needed. */
function lazyDocument(file: string, text: string, value: unknown): YamlDocument {
  let located: Pick<YamlDocument, 'locate' | 'locateText'> | undefined;
  const positions = () => {
    if (!located) {
      const lineCounter = new LineCounter();
      located = locator(text, parseAllDocuments(text, { lineCounter }), lineCounter);
    }
    return located;
  };
  return {
    file,
    value,
    locate: (path) => positions().locate(path),
    locateText: (path, needles) => positions().locateText(path, needles),
  };
}

/** Parses YAML text (see readYamlFile). */
export function parseYamlText(file: string, text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlReadResult {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => lineCounter.linePos(offset);
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // parseAllDocuments returns an EmptyStream (not an array) when there is no document at all.
  const list = Array.isArray(docs) ? docs : [];
  const first = list[0];
  if (!first || (list.length === 1 && first.errors.length === 0 && isBlank(first.contents))) {
    return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message: 'empty file: expected one YAML document' }] };
  }
  const problems: PackProblem[] = [];
  // Only the first syntax error: the parser's later ones are mostly echoes of it.
  const errors = list.flatMap((doc) => doc.errors);
  const firstError = errors[0];
  if (firstError) {
    const pos = at(firstError.pos[0]);
    const more = errors.length > 1 ? ` (${errors.length - 1} more YAML error${errors.length > 2 ? 's' : ''} may follow from this one)` : '';
    problems.push({ file, line: pos.line, col: pos.col, path: '', message: `YAML syntax: ${yamlMessage(firstError.code, firstError.message)}${more}` });
  }
  if (list.length > 1) {
    const second = list[1]?.range[0] ?? 0;
    const pos = at(second);
    problems.push({
      file,
      line: pos.line,
      col: pos.col,
      path: '',
      message: `expected exactly one YAML document, found ${list.length} (a line "---" starts another; use one file per task)`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  let value: unknown;
  try {
    value = first.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    // The yaml package throws a ReferenceError for alias bombs (and for unresolvable aliases).
    const pos = at(firstAliasOffset(first));
    return {
      ok: false,
      problems: [{ file, line: pos.line, col: pos.col, path: '', message: `YAML aliases: ${(error as Error).message} (limit ${limits.maxAliasCount} expansions per alias)` }],
    };
  }
  return { ok: true, doc: { file, value, ...locator(text, list, lineCounter) } };
}

/** Path-to-position lookups over the first document of a parse (the one a task file holds); `lineCounter` was fed by that parse. */
function locator(text: string, docs: ReturnType<typeof parseAllDocuments>, lineCounter: LineCounter): Pick<YamlDocument, 'locate' | 'locateText'> {
  const first = Array.isArray(docs) ? docs[0] : undefined;
  const at = (offset: number): Position => lineCounter.linePos(offset);
  if (!first) return { locate: () => ({ line: 1, col: 1 }), locateText: () => ({ line: 1, col: 1 }) };
  return {
    locate: (path) => at(findNode(first, path).offset),
    locateText(path, needles) {
      const found = findNode(first, path);
      const range = found.exact ? found.node?.range : undefined;
      if (range) {
        const source = text.slice(range[0], range[1]);
        for (const needle of typeof needles === 'string' ? [needles] : needles) {
          const index = needle === '' ? -1 : source.indexOf(needle);
          if (index >= 0) return at(range[0] + index);
        }
      }
      return at(found.offset);
    },
  };
}

/** Clearer words for the YAML errors people actually make. */
function yamlMessage(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'a tab is used for indentation; YAML indents with spaces only';
  if (code === 'DUPLICATE_KEY') return 'duplicate key: each key may appear once in a mapping';
  return message;
}

/** A document with no content at all (`---` alone parses to an empty scalar). */
function isBlank(contents: unknown): boolean {
  return contents === null || (isScalar(contents) && contents.value === null && contents.source === '');
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

interface Found {
  offset: number;
  node: Node | undefined;
  /** False when the path stopped early at a parent. */
  exact: boolean;
}

function findNode(doc: Document, path: readonly PropertyKey[]): Found {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) return { offset, node: node as Node, exact: false };
      const key = pair.key as Node | null;
      offset = key?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return { offset, node: node as Node, exact: false };
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return { offset, node: undefined, exact: false };
    }
  }
  return { offset, node: (node ?? undefined) as Node | undefined, exact: true };
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

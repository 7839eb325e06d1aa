import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { PackProblem } from './problem.js';
import { createLocator, type Locator, type Position } from './yaml-locate.js';
import { decodeYamlBytes, findTextFault, MAX_FLOW_NESTING, MAX_INDENT } from './yaml-text.js';

export type { Position } from './yaml-locate.js';

/** Limits that keep a hostile or broken file from hanging or exhausting the loader. */
export interface YamlLimits {
  /** Bigger files are refused before they are read. */
  maxBytes: number;
  /** Cap on alias expansions per alias (the `yaml` package's `maxAliasCount`). */
  maxAliasCount: number;
  /** Unclosed `[`/`{` allowed at once (see yaml-text.ts); default MAX_FLOW_NESTING. */
  maxFlowNesting?: number;
  /** Columns of block indentation allowed (see yaml-text.ts); default MAX_INDENT. */
  maxIndent?: number;
}

/** Defaults: 1 MiB files, 100 expansions per alias, and the nesting bounds of yaml-text.ts. */
// 256 KiB: the largest built-in task is under 30 KiB; a bigger file is refused before it is parsed,
// which bounds the time any one file can cost (the YAML parser is linear but not fast).
export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 256 * 1024, maxAliasCount: 100, maxFlowNesting: MAX_FLOW_NESTING, maxIndent: MAX_INDENT };

/** A parsed single-document YAML file that can map document paths back to source positions. */
export interface YamlDocument extends Locator {
  file: string;
  /** The document as plain JavaScript values. */
  value: unknown;
}

export type YamlReadResult = { ok: true; doc: YamlDocument } | { ok: false; problems: PackProblem[] };

const whole = (file: string, message: string, line = 1, col = 1): YamlReadResult => ({
  ok: false,
  problems: [{ file, line, col, path: '', message }],
});

/** What kind of thing a path that is not a regular file is, for messages. */
function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads and parses one YAML file that must hold exactly one document. Never throws for bad input,
 * and never blocks on a named pipe: the file is opened non-blocking and checked to be a regular
 * file on the opened handle (a check on the path alone could be raced).
 */
export async function readYamlFile(file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): Promise<YamlReadResult> {
  let bytes: Buffer;
  try {
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(async (error: unknown) => {
      // A socket cannot be opened (ENXIO): name what it is rather than the error code.
      const info = await stat(file).catch(() => undefined);
      throw info && !info.isFile() ? new Error(`not a regular file: ${fileKind(info)}`) : error;
    });
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) return whole(file, `not a regular file: ${fileKind(opened)}`);
      if (opened.size > limits.maxBytes) return whole(file, `file is ${opened.size} bytes; the limit is ${limits.maxBytes} bytes (split it up)`);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return whole(file, code ? `cannot read: ${code}` : (error as Error).message);
  }
  if (bytes.length > limits.maxBytes) return whole(file, `file is over ${limits.maxBytes} bytes (split it up)`);
  return parseYamlBytes(file, bytes, limits);
}

/** Parses YAML from bytes (see readYamlFile); exported for tests and in-memory sources. */
export function parseYamlBytes(file: string, bytes: Uint8Array, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlReadResult {
  const decoded = decodeYamlBytes(bytes);
  if (!decoded.ok) {
    const { line, col } = bytePosition(bytes, decoded.offset);
    return whole(file, decoded.message, line, col);
  }
  return parseYamlText(file, decoded.text, limits);
}

/** Parses YAML text (see readYamlFile). */
export function parseYamlText(file: string, text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlReadResult {
  const fault = findTextFault(text, limits.maxFlowNesting ?? MAX_FLOW_NESTING, limits.maxIndent ?? MAX_INDENT);
  if (fault) {
    const { line, col } = textPosition(text, fault.offset);
    return whole(file, fault.message, line, col);
  }
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => lineCounter.linePos(offset);
  // uniqueKeys is checked below in one pass: the parser's own check compares each key with every
  // earlier one (70,000 keys took minutes). logLevel keeps the parser from printing to stderr.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  // parseAllDocuments returns an EmptyStream (not an array) when there is no document at all.
  const list = Array.isArray(docs) ? docs : [];
  const first = list[0];
  if (!first || (list.length === 1 && first.errors.length === 0 && isBlank(first.contents))) {
    return whole(file, 'empty file: expected one YAML document');
  }
  const problems: PackProblem[] = [];
  const push = (offset: number, message: string): void => {
    problems.push({ file, ...at(offset), path: '', message });
  };
  const shape = inspect(first, at);
  // Only the first syntax error: the parser's later ones are mostly echoes of it.
  const errors = [
    ...list.flatMap((doc) => doc.errors.map((e) => ({ offset: e.pos[0], message: yamlMessage(e.code, e.message) }))),
    ...shape.duplicates,
  ].sort((a, b) => a.offset - b.offset);
  const firstError = errors[0];
  if (firstError) {
    const more = errors.length > 1 ? ` (${errors.length - 1} more YAML error${errors.length > 2 ? 's' : ''} may follow from this one)` : '';
    push(firstError.offset, `YAML syntax: ${firstError.message}${more}`);
  }
  if (list.length > 1) {
    push(list[1]?.range[0] ?? 0, `expected exactly one YAML document, found ${list.length} (a line "---" starts another; use one file per task)`);
  }
  if (problems.length > 0) return { ok: false, problems };
  // Not syntax errors for the parser, but a pack using them does not mean what it says.
  for (const fault of [...shape.keys, ...first.warnings.map((w) => ({ offset: w.pos[0], message: `YAML: ${w.message}${warningHint(w.code)}` }))]) {
    push(fault.offset, fault.message);
  }
  if (problems.length > 0) return { ok: false, problems };

  let value: unknown;
  try {
    value = first.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    if (error instanceof RangeError) {
      return whole(file, 'nested too deep to read (through aliases); split the structure up');
    }
    // The yaml package throws a ReferenceError for alias bombs (and for unresolvable aliases).
    const pos = at(shape.firstAlias ?? 0);
    return whole(file, `YAML aliases: ${(error as Error).message} (limit ${limits.maxAliasCount} expansions per alias)`, pos.line, pos.col);
  }
  return { ok: true, doc: { file, value, ...createLocator(text, first, lineCounter) } };
}

interface Fault {
  offset: number;
  message: string;
}

/** What one walk over the document finds: duplicate keys, keys that are not scalars, the first alias. */
interface Shape {
  duplicates: Fault[];
  keys: Fault[];
  firstAlias: number | undefined;
}

/**
 * One pass over every node, with an explicit stack (no recursion, so no depth limit of its own).
 * Duplicate keys are found with a set per map: linear, where the parser's check is quadratic.
 */
function inspect(doc: Document, at: (offset: number) => Position): Shape {
  const shape: Shape = { duplicates: [], keys: [], firstAlias: undefined };
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      const offset = node.range?.[0] ?? 0;
      if (shape.firstAlias === undefined || offset < shape.firstAlias) shape.firstAlias = offset;
    } else if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        const offset = (key as { range?: [number, number, number] } | null)?.range?.[0] ?? node.range?.[0] ?? 0;
        if (isScalar(key)) {
          const first = seen.get(key.value);
          if (first === undefined) seen.set(key.value, offset);
          else shape.duplicates.push({ offset, message: `duplicate key "${String(key.value)}": each key may appear once in a mapping (first at line ${at(first).line})` });
        } else if (key !== null && key !== undefined) {
          shape.keys.push({ offset, message: 'a key must be a plain word or string, not a list, mapping or alias' });
          stack.push(key);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return shape;
}

/** Clearer words for the YAML errors people actually make. */
function yamlMessage(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'a tab is used for indentation; YAML indents with spaces only';
  return message;
}

function warningHint(code: string): string {
  if (code === 'TAG_RESOLVE_FAILED') return ' (packs use no custom tags: remove it)';
  if (code === 'BAD_DIRECTIVE') return ' (remove the directive; packs are plain YAML 1.2)';
  return '';
}

/** A document with no content at all (`---` alone parses to an empty scalar). */
function isBlank(contents: unknown): boolean {
  return contents === null || (isScalar(contents) && contents.value === null && contents.source === '');
}

/** 1-based line and column of a character offset (only for the rare text faults; linear). */
function textPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** The same for a byte offset (columns count bytes: the line is not valid text). */
function bytePosition(bytes: Uint8Array, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

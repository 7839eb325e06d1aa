import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

/** Line and column (1-based) of a node in its file. */
export interface Position {
  line: number;
  col: number;
}

/** Path-to-position lookups over one parsed document. */
export interface Locator {
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

interface Found {
  offset: number;
  node: Node | undefined;
  /** False when the path stopped early at a parent. */
  exact: boolean;
}

/**
 * Lookups over `doc`, parsed from `text` with `lineCounter`. Each map's keys are indexed on first
 * use, so a lookup costs one step per path segment: a file with 70,000 problems is positioned in
 * linear time (a scan of the map per lookup made that two minutes).
 */
export function createLocator(text: string, doc: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number): Position => lineCounter.linePos(offset);
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

  function pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        // Non-scalar keys are refused when the file is read; they can never be on a path.
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const text = String(pair.key.value);
        if (!index.has(text)) index.set(text, pair);
      }
      indexes.set(map, index);
    }
    return index.get(key);
  }

  function findNode(path: readonly PropertyKey[]): Found {
    let node: unknown = doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = pairOf(node, String(segment));
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

  return {
    locate: (path) => at(findNode(path).offset),
    locateText(path, needles) {
      const found = findNode(path);
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

/**
 * Levenshtein edit distance, the one measure behind every "did you mean" in kubedrill: pack ids,
 * check types and YAML keys (src/packs) and object names a checker could not find (checkers).
 * It lives in models because checkers may import nothing else from src (the README, How the code is laid out).
 */
export function editDistance(a: string, b: string): number {
  // One row of the dynamic-programming table is enough: each cell needs only its left, upper
  // and upper-left neighbours.
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

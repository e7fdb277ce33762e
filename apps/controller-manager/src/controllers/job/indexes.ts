/** Completion-index sets in the status text form: "1,3-5,7". */
export function parseIndexes(s: string | undefined, limit = Number.MAX_SAFE_INTEGER): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const [a, b] = part.split('-').map((x) => Number.parseInt(x, 10));
    if (a === undefined || !Number.isFinite(a)) continue;
    const end = b !== undefined && Number.isFinite(b) ? b : a;
    for (let i = a; i <= end && i < limit; i++) out.add(i);
  }
  return out;
}

export function formatIndexes(set: Iterable<number>): string {
  const sorted = [...new Set(set)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

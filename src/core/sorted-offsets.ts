/** Binary searches over items sorted by offset: the loader's per-slide lookups stay O(log n). */

/** Index of the first item whose key is at or after `offset` (`items.length` when none). */
export function firstAtOrAfter<T>(items: readonly T[], offset: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The items whose key lies in `[from, to)`. */
export function itemsBetween<T>(items: readonly T[], from: number, to: number, key: (item: T) => number): T[] {
  const out: T[] = [];
  for (let i = firstAtOrAfter(items, from, key); i < items.length && key(items[i]) < to; i++) out.push(items[i]);
  return out;
}

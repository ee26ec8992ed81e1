/**
 * Order statistics read from a sorted sequence: median, and median absolute deviation in
 * O(log n) without materialising the deviations.
 */
import type { SortedSequence } from './sorted-window.js';

/** Median; the mean of the two middle values for an even count (TTR's `non.unique = "mean"`). */
export function median(sorted: SortedSequence): number {
  const n = sorted.size;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
}

/** Number of values strictly less than x in a sorted sequence. */
function countLess(sorted: SortedSequence, x: number): number {
  let lo = 0;
  let hi = sorted.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted.get(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The k-th smallest (0-based) of |v − center| over the sequence. The deviations of the values
 * below the center, read downwards, and of the values at or above it, read upwards, are two
 * sorted runs; the k-th smallest of two sorted runs is found by binary search on how many to
 * take from the first.
 */
function kthDeviation(sorted: SortedSequence, center: number, split: number, k: number): number {
  // below(j) = center − sorted[split − 1 − j], above(j) = sorted[split + j] − center; both increase with j.
  const belowCount = split;
  const aboveCount = sorted.size - split;
  const take = k + 1;
  let lo = Math.max(0, take - aboveCount);
  let hi = Math.min(take, belowCount);
  // Smallest i (taken from `below`) such that the (take − i)-th from `above` is not larger than below(i).
  while (lo < hi) {
    const i = (lo + hi) >>> 1;
    const j = take - i;
    if (j > 0 && i < belowCount && sorted.get(split + j - 1) - center > center - sorted.get(split - 1 - i)) lo = i + 1;
    else hi = i;
  }
  const i = lo;
  const j = take - i;
  const lastBelow = i > 0 ? center - sorted.get(split - i) : Number.NEGATIVE_INFINITY;
  const lastAbove = j > 0 ? sorted.get(split + j - 1) - center : Number.NEGATIVE_INFINITY;
  return lastBelow > lastAbove ? lastBelow : lastAbove;
}

/** Median of |v − center| over the sequence (mean of the two middle deviations for an even count). */
export function medianAbsoluteDeviation(sorted: SortedSequence, center: number): number {
  const n = sorted.size;
  const split = countLess(sorted, center);
  const mid = n >> 1;
  if (n % 2 === 1) return kthDeviation(sorted, center, split, mid);
  return (kthDeviation(sorted, center, split, mid - 1) + kthDeviation(sorted, center, split, mid)) / 2;
}

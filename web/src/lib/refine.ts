/**
 * Auto-refine for a labelled range: tighten it to the bars where volume or price actually departs
 * from normal (an edge-detection rule in the spirit of seed 001's refinement).
 *
 * The rule, on the bars of one timeframe:
 *  1. Normal is learned from the baseline: the bars before the selection (up to `baselineBars`),
 *     or, with fewer than 10 of those, every bar of the window outside the selection.
 *  2. For each bar, two robust z-scores against the baseline: volume, and the absolute log return
 *     close-to-close (`|ln(close / previous close)|`), each as (x − median) / (1.4826 × MAD); the
 *     MAD has a floor of 1e-12 (and of 1 % of the median) so a flat baseline does not divide by 0.
 *  3. A bar departs when either z-score is at least `threshold` (default 3.5, Iglewicz–Hoaglin's
 *     cut-off for modified z-scores).
 *  4. The refined range runs from the start of the first departing bar inside the selection to
 *     the end of the last one. With none, the selection is returned unchanged (`changed: false`).
 */
export interface RefineBar {
  readonly start: number;
  readonly end: number;
  readonly close: number;
  readonly volume: number;
}

export interface RefineOptions {
  readonly threshold?: number;
  readonly baselineBars?: number;
}

export interface Refinement {
  readonly start: number;
  readonly end: number;
  readonly changed: boolean;
  /** Bars inside the selection that depart from normal. */
  readonly departing: number;
}

const MAD_TO_SIGMA = 1.4826;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Robust {
  readonly center: number;
  readonly scale: number;
}

function robust(values: readonly number[]): Robust {
  const center = median(values);
  const mad = median(values.map((v) => Math.abs(v - center)));
  return { center, scale: Math.max(MAD_TO_SIGMA * mad, Math.abs(center) * 0.01, 1e-12) };
}

export function refineRange(
  bars: readonly RefineBar[],
  start: number,
  end: number,
  options: RefineOptions = {},
): Refinement {
  const threshold = options.threshold ?? 3.5;
  const baselineBars = options.baselineBars ?? 120;
  const unchanged: Refinement = { start, end, changed: false, departing: 0 };
  const absReturns = bars.map((bar, i) => {
    const previous = bars[i - 1];
    return previous === undefined || previous.close <= 0 ? 0 : Math.abs(Math.log(bar.close / previous.close));
  });
  const inside = (bar: RefineBar): boolean => bar.start >= start && bar.start < end;
  let baseline: number[] = [];
  for (let i = 0; i < bars.length; i++) if (bars[i]!.end <= start) baseline.push(i);
  baseline = baseline.slice(-baselineBars);
  if (baseline.length < 10) {
    baseline = [];
    // Index 0 has no previous close: its return says nothing about normal.
    for (let i = 1; i < bars.length; i++) if (!inside(bars[i]!)) baseline.push(i);
  }
  if (baseline.length < 3) return unchanged;
  const volume = robust(baseline.map((i) => bars[i]!.volume));
  const move = robust(baseline.map((i) => absReturns[i]!));
  let first = -1;
  let last = -1;
  let departing = 0;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    if (!inside(bar)) continue;
    const volumeZ = (bar.volume - volume.center) / volume.scale;
    const moveZ = i === 0 ? 0 : (absReturns[i]! - move.center) / move.scale;
    if (volumeZ >= threshold || moveZ >= threshold) {
      departing++;
      if (first === -1) first = i;
      last = i;
    }
  }
  if (first === -1) return unchanged;
  const refinedStart = bars[first]!.start;
  const refinedEnd = bars[last]!.end;
  return { start: refinedStart, end: refinedEnd, changed: refinedStart !== start || refinedEnd !== end, departing };
}

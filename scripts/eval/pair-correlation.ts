/**
 * Diagnosis of pair correlations on a cached simulator dataset (docs/evaluation.md, "Correlation
 * breaks"): per pair, the 1-minute return correlation over the whole dataset under plain Pearson,
 * returns winsorised at k·MAD of the trailing window, sign and rank correlation, and Pearson with
 * the labelled price jumps and flash crashes cut out (labels are used here only to explain the
 * figures, never by a detector). Minutes with zero volume or an unchanged close (stale feed,
 * drought) on either side are left out of every measure.
 *
 *   npx tsx scripts/eval/pair-correlation.ts DATASET [k=5] [window=390]
 *
 * Needs DATASET/bars-1m.json (written by scripts/eval/tune-ensemble.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bar } from '../../src/core/events.js';
import { BarPairer } from '../../src/detectors/bar-pairer.js';

interface Cache {
  labels: Array<{ symbol: string; kind: string; start: number; end: number }>;
  bars: Record<string, Bar[]>;
}
const [dataset, kArg, windowArg] = process.argv.slice(2);
if (dataset === undefined) throw new Error('usage: pair-correlation.ts DATASET [k] [window]');
const k = Number(kArg ?? 5);
const window = Number(windowArg ?? 390);
const cache = JSON.parse(readFileSync(join(dataset, 'bars-1m.json'), 'utf8')) as Cache;

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]! / n;
    my += ys[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
const ranks = (xs: number[]): number[] => {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  order.forEach(([, i], rank) => (r[i] = rank));
  return r;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
/** Clips each return at k·1.4826·MAD of the previous `window` returns (causal). */
function winsorise(xs: number[]): number[] {
  return xs.map((x, i) => {
    const past = xs.slice(Math.max(0, i - window), i);
    if (past.length < 30) return x;
    const m = median(past);
    const limit = k * 1.4826 * median(past.map((p) => Math.abs(p - m)));
    return Math.max(m - limit, Math.min(m + limit, x));
  });
}

const symbols = Object.keys(cache.bars);
const pairs: Array<[string, string]> = symbols
  .filter((s) => s !== 'SPY' && !s.endsWith('-USD'))
  .map((s) => [s, 'SPY'] as [string, string]);
if (symbols.includes('ETH-USD') && symbols.includes('BTC-USD')) pairs.push(['ETH-USD', 'BTC-USD']);

const jumpy = (symbol: string, ts: number): boolean =>
  cache.labels.some(
    (l) =>
      l.symbol === symbol &&
      (l.kind === 'price_jump' || l.kind === 'flash_crash') &&
      ts >= l.start &&
      ts <= l.end + 60_000_000,
  );
const labelled = (symbol: string, t: number): boolean =>
  cache.labels.some((l) => l.symbol === symbol && t >= l.start && t <= l.end + 60_000_000);
console.log(`k ${k}, window ${window}`);
console.log('pair              n    pearson  winsor  sign   rank   no-jump-labels       no-labels  jump share of Σr²');
for (const [a, b] of pairs) {
  const pairer = new BarPairer(a, b);
  const volume = new Map<string, number>();
  const merged = [...(cache.bars[a] ?? []), ...(cache.bars[b] ?? [])].sort((p, q) => p.end - q.end);
  const xs: number[] = [];
  const ys: number[] = [];
  const ts: number[] = [];
  for (const bar of merged) {
    volume.set(`${bar.symbol}@${bar.end}`, bar.volume);
    const p = pairer.next(bar);
    if (p === null) continue;
    const [x, y] = p.values as [number, number];
    if (x === 0 || y === 0 || !(volume.get(`${a}@${p.ts}`)! > 0) || !(volume.get(`${b}@${p.ts}`)! > 0)) continue;
    xs.push(x);
    ys.push(y);
    ts.push(p.ts);
  }
  const wx = winsorise(xs);
  const wy = winsorise(ys);
  const keep = ts.map((t) => !jumpy(a, t) && !jumpy(b, t));
  const cx = xs.filter((_, i) => keep[i]);
  const cy = ys.filter((_, i) => keep[i]);
  const quiet = ts.map((t) => !labelled(a, t) && !labelled(b, t));
  const qx = xs.filter((_, i) => quiet[i]);
  const qy = ys.filter((_, i) => quiet[i]);
  let jump = 0;
  let all = 0;
  xs.forEach((x, i) => {
    all += x * x;
    if (!keep[i]) jump += x * x;
  });
  console.log(
    `${`${a}/${b}`.padEnd(16)} ${String(xs.length).padStart(5)}  ${pearson(xs, ys).toFixed(3).padStart(6)}  ` +
      `${pearson(wx, wy).toFixed(3).padStart(6)} ${pearson(xs.map(Math.sign), ys.map(Math.sign)).toFixed(3).padStart(6)} ` +
      `${pearson(ranks(xs), ranks(ys)).toFixed(3).padStart(6)}  ${pearson(cx, cy).toFixed(3).padStart(6)} (n ${cx.length})  ` +
      `${pearson(qx, qy).toFixed(3).padStart(6)} (n ${qx.length})  ` +
      `${((jump / all) * 100).toFixed(0)}%`,
  );
}

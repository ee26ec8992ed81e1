/**
 * Detector scoring cost per closed bar: `scoreThenLearn` on 20,000 synthetic 1-minute bars (a
 * geometric random walk with lognormal volumes and occasional volume and price shocks), for
 * every detector of the catalog with its defaults, the calibrated form of the two spike rules,
 * and the default configuration's ensemble; and per input, the spread blow-out and processing
 * latency on 200,000 synthetic quotes. Median of three runs, each on a fresh detector;
 * every loop folds its scores into a checksum so no work can be optimised away.
 *
 *   npx tsx bench/detectors.bench.ts            (or: npm run bench -- detectors)
 */
import type { Bar, Quote } from '../src/core/events.js';
import { Random } from '../src/core/random.js';
import { validateConfig } from '../src/config/load.js';
import { scoreThenLearn, type BarDetector } from '../src/detectors/index.js';
import { DETECTOR_NAMES, createBarDetector } from '../src/evaluation/detector-catalog.js';
import { EventDetectorOperator } from '../src/detectors/event-detector-operator.js';
import { detectorSetups, eventSetups } from '../src/runtime/pipeline-options.js';
import { median, report } from './lib/report.js';

const BENCH = 'detectors';
const COUNT = 20_000;
const RUNS = 3;
const MINUTE = 60_000_000;

function syntheticBars(count: number): Bar[] {
  const random = new Random('detectors-bench');
  const bars: Bar[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const shock = random.uniform() < 0.005;
    const open = close;
    close = open * Math.exp(0.0008 * random.normal() + (shock ? 0.03 * random.normal() : 0));
    const high = Math.max(open, close) * (1 + 0.0005 * Math.abs(random.normal()));
    const low = Math.min(open, close) * (1 - 0.0005 * Math.abs(random.normal()));
    const volume = Math.round(1000 * Math.exp(0.4 * random.normal()) * (shock ? 5 : 1));
    const start = 1_736_121_600_000_000 + i * MINUTE;
    bars.push({
      type: 'bar',
      symbol: 'BENCH',
      timeframe: '1m',
      start,
      end: start + MINUTE,
      open,
      high,
      low,
      close,
      volume,
      vwap: (open + close) / 2,
      trades: Math.max(1, Math.round(volume / 50)),
      buyVolume: volume / 2,
      sellVolume: volume / 2,
      revision: 0,
      tsEvent: start + MINUTE - 1,
      tsRecv: start + MINUTE,
    });
  }
  return bars;
}

function microsPerBar(bars: readonly Bar[], create: () => BarDetector): number {
  const runs: number[] = [];
  let checksum = 0;
  for (let run = 0; run < RUNS; run++) {
    const detector = create();
    const started = process.hrtime.bigint();
    for (const bar of bars) checksum += scoreThenLearn(detector, bar)?.score ?? 0;
    runs.push(Number(process.hrtime.bigint() - started) / 1000 / bars.length);
  }
  if (!Number.isFinite(checksum)) throw new Error('non-finite score');
  return median(runs);
}

const bars = syntheticBars(COUNT);
for (const name of DETECTOR_NAMES) {
  report(
    BENCH,
    `score_${name}`,
    microsPerBar(bars, () => createBarDetector({ detector: name, params: {} })),
    'µs/bar',
  );
}
for (const name of ['volume_spike', 'price_spike'] as const) {
  report(
    BENCH,
    `score_calibrated_${name}`,
    microsPerBar(bars, () =>
      createBarDetector({
        detector: name,
        params: {},
        calibration: { window: 2000, minSamples: 200, tailProbability: 0.001 },
      }),
    ),
    'µs/bar',
  );
}
const defaults = detectorSetups(validateConfig({}, 'defaults'));
const ensemble = defaults.find((setup) => setup.create().name === 'ensemble');
if (ensemble !== undefined) report(BENCH, 'score_default_ensemble', microsPerBar(bars, ensemble.create), 'µs/bar');
report(
  BENCH,
  'score_all_default_detectors',
  microsPerBar(bars, () => {
    const detectors = defaults.filter((s) => s.timeframe === '1m').map((s) => s.create());
    return {
      name: 'all',
      kind: 'all',
      warmUp: 0,
      score: (bar: Bar) => {
        let best = null;
        for (const d of detectors) {
          const result = scoreThenLearn(d, bar);
          if (result !== null && (best === null || result.score > best.score)) best = result;
        }
        return best;
      },
      learn: () => undefined,
      snapshot: () => null,
      restore: () => undefined,
      reset: () => undefined,
    };
  }),
  'µs/bar',
  { note: 'every default 1m detector, scored and learnt per bar' },
);

// The detectors of trades and quotes, as the pipeline runs them (EventDetectorOperator with the
// default configuration's episodes), per input: they see every quote, so their cost is per tick.
const inputs = syntheticQuotes(200_000);
for (const setup of eventSetups(validateConfig({}, 'defaults'))) {
  const runs: number[] = [];
  let anomalies = 0;
  for (let run = 0; run < RUNS; run++) {
    const operator = new EventDetectorOperator(setup.create, setup.stream, { episodeGap: setup.episodeGap });
    const started = process.hrtime.bigint();
    const count = (): void => void anomalies++;
    for (const input of inputs) operator.next(input, count);
    runs.push(Number(process.hrtime.bigint() - started) / inputs.length);
  }
  report(BENCH, `score_${setup.create().name}`, median(runs), 'ns/input', {
    note: `${setup.stream === 'quote' ? 'quotes' : 'trades and quotes'}; ${anomalies / RUNS} anomalies per run`,
  });
}

/** Quotes of one symbol, one every 50 ms, with a spread that wanders and blows out now and then. */
function syntheticQuotes(count: number): Quote[] {
  const random = new Random('bench-quotes');
  const quotes: Quote[] = [];
  let mid = 100;
  for (let i = 0; i < count; i++) {
    mid *= Math.exp(0.0001 * random.normal());
    const spread = mid * 0.0002 * Math.exp(0.3 * random.normal()) * (random.uniform() < 0.001 ? 10 : 1);
    const tsEvent = i * 50_000;
    quotes.push({
      type: 'quote',
      symbol: 'AAPL',
      tsEvent,
      tsRecv: tsEvent + 1_000 + Math.round(500 * random.uniform()) + (random.uniform() < 0.0005 ? 400_000 : 0),
      bidPrice: mid - spread / 2,
      askPrice: mid + spread / 2,
      bidSize: 100,
      askSize: 100,
      source: 'bench',
    });
  }
  return quotes;
}

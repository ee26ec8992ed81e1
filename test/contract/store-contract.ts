/**
 * The store contract suite. Every Store implementation runs it:
 *
 *   storeContract('sqlite :memory:', () => openSqliteStore({ path: ':memory:' }));
 *
 * The factory must return a fresh, empty store on each call; the suite closes it after each test.
 * Checks: round-trip of every event type (deep-equal, numbers exact), idempotent writes in every
 * table, bar revision rules, range queries (from inclusive, to exclusive, limit, order, ties),
 * filters, labels CRUD, quarantine counts, symbols, tick retention, checkpoints, and that a failed
 * batch leaves nothing half-written. Expected values are built by hand from the fixtures below,
 * never read back from the store under test.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Anomaly,
  Bar,
  BarCorrection,
  FeatureSet,
  IndicatorSet,
  Label,
  PartialBar,
  Quarantined,
  Quote,
  Side,
  Signal,
  Trade,
} from '../../src/core/events.js';
import { payloadHash } from '../../src/store/payload-hash.js';
import type { Store, StoreBatch } from '../../src/store/store.js';
import { deepFreeze } from './operator-contract.js';

const T0 = 1_700_000_000_000_000; // 2023-11-14T22:13:20Z
const SECOND = 1_000_000;
const MINUTE = 60 * SECOND;
const SIDES: readonly Side[] = ['buy', 'sell', 'unknown'];

// ---- fixtures: the i-th event of a symbol, with fields that do not round-trip by accident ----

export function makeTrade(symbol: string, i: number, overrides: Partial<Trade> = {}): Trade {
  return {
    type: 'trade',
    symbol,
    tsEvent: T0 + i * SECOND,
    tsRecv: T0 + i * SECOND + 137,
    price: 100 + i * 0.01, // 100.07000000000001 and friends: not representable in decimal
    size: 0.1 + i * 0.2,
    side: SIDES[i % SIDES.length] ?? 'unknown',
    tradeId: `${symbol}-${i}`,
    source: i % 2 === 0 ? 'simulator' : 'replay',
    ...overrides,
  };
}

export function makeQuote(symbol: string, i: number, overrides: Partial<Quote> = {}): Quote {
  return {
    type: 'quote',
    symbol,
    tsEvent: T0 + i * SECOND + 500_000,
    tsRecv: T0 + i * SECOND + 500_211,
    bidPrice: 99.99 + i * 0.01,
    bidSize: 300 + i,
    askPrice: 100.01 + i * 0.01,
    askSize: 0.5 + i,
    source: 'simulator',
    ...overrides,
  };
}

export function makeBar(symbol: string, timeframe: string, i: number, overrides: Partial<Bar> = {}): Bar {
  const width = timeframe === '5m' ? 5 * MINUTE : MINUTE;
  const start = T0 + i * width;
  return {
    type: 'bar',
    symbol,
    timeframe,
    start,
    end: start + width,
    open: 100 + i * 0.1,
    high: 101.3 + i * 0.1,
    low: 99.7 + i * 0.1,
    close: 100.2 + i * 0.1,
    volume: 1234.5678 + i,
    vwap: 100.45 + i * 0.1,
    trades: 17 + i,
    buyVolume: 600.1 + i,
    sellVolume: 634.4678,
    revision: 0,
    tsEvent: start + width - 3,
    tsRecv: start + width + 1_000,
    ...overrides,
  };
}

export function makeCorrection(bar: Bar, revision: number, overrides: Partial<Bar> = {}): BarCorrection {
  return {
    ...bar,
    ...overrides,
    type: 'bar.correction',
    revision,
    volume: bar.volume + revision,
    trades: bar.trades + revision,
    close: bar.close + revision * 0.05,
  };
}

export function makeAnomaly(symbol: string, i: number, overrides: Partial<Anomaly> = {}): Anomaly {
  return {
    type: 'anomaly',
    id: `volume_spike:${symbol}:1m:${i}`,
    symbol,
    timeframe: '1m',
    ts: T0 + i * MINUTE,
    kind: 'volume_spike',
    severity: 'warning',
    score: 0.9 + i / 1000,
    rawScore: 4.25 + i,
    detector: 'volume_spike',
    message: `volume ${4 + i}× the 20-bar average`,
    explanation: [
      { feature: 'volume_ratio', value: 4.25 + i, contribution: 0.8 },
      { feature: 'range', value: 0.013, contribution: -0.05 },
    ],
    context: { average: 1234.5, threshold: 3, note: 'open auction', bars: 20 },
    tsRecv: T0 + i * MINUTE + 2_000,
    ...overrides,
  };
}

export function makeSignal(symbol: string, i: number, overrides: Partial<Signal> = {}): Signal {
  return {
    type: 'signal',
    id: `breakout:${symbol}:${i}`,
    symbol,
    timeframe: '5m',
    ts: T0 + i * MINUTE,
    action: i % 2 === 0 ? 'BUY' : 'SELL',
    confidence: 0.5 + i / 10,
    entry: 101.25 + i,
    stop: i % 2 === 0 ? 99.5 + i : null,
    target: i % 2 === 0 ? 104.75 + i : null,
    size: 12.5,
    reasons: ['volume spike', 'close above 20-bar high', 'ünïcødé ✓'],
    strategy: 'breakout',
    ...overrides,
  };
}

export function makeLabel(symbol: string, i: number, overrides: Partial<Label> = {}): Label {
  return {
    type: 'label',
    id: `label-${symbol}-${i}`,
    symbol,
    start: T0 + i * MINUTE,
    end: T0 + (i + 2) * MINUTE,
    kind: 'volume_spike',
    source: 'simulator',
    anomalyId: i % 2 === 0 ? `volume_spike:${symbol}:1m:${i}` : null,
    verdict: i % 2 === 0 ? 'anomaly' : null,
    note: i % 2 === 0 ? 'injected by the simulator' : '',
    createdAt: T0 + i,
    ...overrides,
  };
}

export function makeQuarantined(i: number, overrides: Partial<Quarantined> = {}): Quarantined {
  return {
    type: 'quarantine',
    reason: i % 2 === 0 ? 'bad_price' : 'crossed_quote',
    detail: `price must be > 0, got ${-1 - i}`,
    symbol: i % 3 === 0 ? '' : 'AAPL',
    ts: T0 + i * SECOND,
    payload: { ev: 'T', sym: 'AAPL', p: -1 - i, s: 100, nested: { list: [1, 'two', null, { x: 0.1 }] } },
    ...overrides,
  };
}

const SYMBOLS = ['AAPL', 'BTC-USD'] as const;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A batch touching every table. The first 1m bar of each symbol is corrected once. */
function fullBatch(): Required<StoreBatch> {
  const bars: (Bar | BarCorrection)[] = [];
  for (const symbol of SYMBOLS) {
    for (const i of range(5)) bars.push(makeBar(symbol, '1m', i));
    for (const i of range(2)) bars.push(makeBar(symbol, '5m', i));
    bars.push(makeCorrection(makeBar(symbol, '1m', 0), 1));
  }
  return {
    trades: SYMBOLS.flatMap((symbol) => range(10).map((i) => makeTrade(symbol, i))),
    quotes: SYMBOLS.flatMap((symbol) => range(10).map((i) => makeQuote(symbol, i))),
    bars,
    anomalies: [
      makeAnomaly('AAPL', 0),
      makeAnomaly('AAPL', 1, { kind: 'price_spike', detector: 'price_spike', id: 'price_spike:AAPL:1m:1' }),
      makeAnomaly('BTC-USD', 2, { severity: 'critical' }),
      makeAnomaly('BTC-USD', 3, { timeframe: '5m', id: 'volume_spike:BTC-USD:5m:3', context: {} }),
    ],
    signals: [makeSignal('AAPL', 0), makeSignal('AAPL', 1), makeSignal('BTC-USD', 2)],
    labels: [makeLabel('AAPL', 0), makeLabel('AAPL', 1), makeLabel('BTC-USD', 2, { source: 'user' })],
    quarantine: [
      makeQuarantined(0),
      makeQuarantined(1),
      makeQuarantined(2, { payload: 'not json at all {' }),
      makeQuarantined(3, { payload: null, reason: 'malformed' }),
    ],
    indicators: SYMBOLS.flatMap((symbol) => range(3).map((i) => makeIndicatorSet(symbol, '1m', i))),
    features: SYMBOLS.flatMap((symbol) => range(2).map((i) => makeFeatureSet(symbol, '1m', i))),
    checkpoints: [{ key: 'source:simulator', value: '{"cursor":42}' }],
  };
}

export function makeFeatureSet(
  symbol: string,
  timeframe: string,
  i: number,
  overrides: Partial<FeatureSet> = {},
): FeatureSet {
  const bar = makeBar(symbol, timeframe, i);
  return {
    type: 'features',
    symbol,
    timeframe,
    start: bar.start,
    ts: bar.end,
    tsRecv: bar.tsRecv,
    schemaVersion: 1,
    names: ['ret_1', 'rv_20', 'vpin'],
    values: [i === 0 ? null : 0.001 * i, 0.25, null],
    ...overrides,
  };
}

export function makeIndicatorSet(
  symbol: string,
  timeframe: string,
  i: number,
  overrides: Partial<IndicatorSet> = {},
): IndicatorSet {
  const bar = makeBar(symbol, timeframe, i);
  return {
    type: 'indicators',
    symbol,
    timeframe,
    start: bar.start,
    ts: bar.end,
    tsRecv: bar.tsRecv,
    values: { sma_20: i === 0 ? null : 100 + i / 3, macd_12_26_9_signal: -0.1 * i - 0.05, rsi_14: 0.1 + i },
    ...overrides,
  };
}

/** What the store should hold after `fullBatch()`: bars as type 'bar' with their latest revision. */
function expectedBars(symbol: string, timeframe: string): Bar[] {
  const count = timeframe === '1m' ? 5 : 2;
  return range(count).map((i) => {
    const bar = makeBar(symbol, timeframe, i);
    return timeframe === '1m' && i === 0 ? { ...makeCorrection(bar, 1), type: 'bar' } : bar;
  });
}

const byTimeThenId = <T extends { ts: number; id: string }>(a: T, b: T): number =>
  a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Everything a store holds for the fixture symbols, for before/after comparisons. */
async function contents(store: Store): Promise<unknown> {
  const perSymbol = await Promise.all(
    SYMBOLS.map(async (symbol) => ({
      trades: await store.trades({ symbol }),
      quotes: await store.quotes({ symbol }),
      bars1m: await store.bars({ symbol, timeframe: '1m' }),
      bars5m: await store.bars({ symbol, timeframe: '5m' }),
      indicators1m: await store.indicators({ symbol, timeframe: '1m' }),
      features1m: await store.features({ symbol, timeframe: '1m' }),
    })),
  );
  return {
    perSymbol,
    anomalies: await store.anomalies({}),
    signals: await store.signals({}),
    labels: await store.labels({}),
    quarantine: await store.quarantine({}),
    quarantineCounts: await store.quarantineCounts(),
    symbols: await store.symbols(),
    checkpoint: await store.getCheckpoint('source:simulator'),
  };
}

const EMPTY_CONTENTS = {
  perSymbol: SYMBOLS.map(() => ({ trades: [], quotes: [], bars1m: [], bars5m: [], indicators1m: [], features1m: [] })),
  anomalies: [],
  signals: [],
  labels: [],
  quarantine: [],
  quarantineCounts: {},
  symbols: [],
  checkpoint: null,
};

export function storeContract(name: string, factory: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('round-trip', () => {
      it('every event type comes back deep-equal to what was written (bars as type "bar", latest revision)', async () => {
        const batch = fullBatch();
        await store.write(batch);
        for (const symbol of SYMBOLS) {
          expect(await store.trades({ symbol })).toEqual(batch.trades.filter((t) => t.symbol === symbol));
          expect(await store.quotes({ symbol })).toEqual(batch.quotes.filter((q) => q.symbol === symbol));
          expect(await store.bars({ symbol, timeframe: '1m' })).toEqual(expectedBars(symbol, '1m'));
          expect(await store.bars({ symbol, timeframe: '5m' })).toEqual(expectedBars(symbol, '5m'));
        }
        expect(await store.anomalies({})).toEqual([...batch.anomalies].sort(byTimeThenId));
        expect(await store.signals({})).toEqual([...batch.signals].sort(byTimeThenId));
        expect(await store.labels({})).toEqual(batch.labels);
        expect(await store.quarantine({})).toEqual(
          batch.quarantine.map((q) => ({ ...q, payloadHash: payloadHash(q.payload) })),
        );
        expect(await store.getCheckpoint('source:simulator')).toBe('{"cursor":42}');
      });

      it('prices, sizes and timestamps round-trip exactly (property test over arbitrary doubles)', async () => {
        // -0 is excluded: SQLite stores REAL -0.0 as 0; no price or size is ever -0.
        const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
        const micros = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.tuple(micros, finite, finite, finite, finite), { minLength: 1, maxLength: 20 }),
            async (rows) => {
              const symbol = `P${run++}`;
              const trades = rows.map(([ts, a, b], i) =>
                makeTrade(symbol, i, { tsEvent: ts, tsRecv: ts, price: a, size: b, tradeId: String(i) }),
              );
              const quotes = rows.map(([ts, a, b, c, d]) =>
                makeQuote(symbol, 0, { tsEvent: ts, tsRecv: ts, bidPrice: a, bidSize: b, askPrice: c, askSize: d }),
              );
              await store.write({ trades, quotes });
              const storedTrades = await store.trades({ symbol });
              const storedQuotes = await store.quotes({ symbol });
              // Compare as sets: order is (ts, …) and several rows may share a timestamp.
              const key = (x: unknown): string => JSON.stringify(x);
              expect(storedTrades.map(key).sort()).toEqual(trades.map(key).sort());
              expect(storedQuotes.map(key).sort()).toEqual([...new Set(quotes.map(key))].sort());
            },
          ),
          { numRuns: 40, seed: 20240601 },
        );
      });

      it('accepts deep-frozen input (the store does not mutate what it is given)', async () => {
        const batch = deepFreeze(fullBatch());
        await expect(store.write(batch)).resolves.toBeUndefined();
        expect(await store.trades({ symbol: 'AAPL' })).toHaveLength(10);
      });

      it('an empty batch is a no-op', async () => {
        await store.write({});
        await store.write({ trades: [], quotes: [], bars: [], labels: [] });
        expect(await contents(store)).toEqual(EMPTY_CONTENTS);
      });
    });

    describe('idempotency', () => {
      it('writing the same batch twice stores nothing new, in any table', async () => {
        const batch = fullBatch();
        await store.write(batch);
        const once = await contents(store);
        await store.write(batch);
        expect(await contents(store)).toEqual(once);
        // …and "once" really holds one copy of each row:
        expect(await store.trades({ symbol: 'AAPL' })).toHaveLength(10);
        expect(await store.quotes({ symbol: 'AAPL' })).toHaveLength(10);
        expect(await store.bars({ symbol: 'AAPL', timeframe: '1m' })).toHaveLength(5);
        expect(await store.anomalies({})).toHaveLength(4);
        expect(await store.signals({})).toHaveLength(3);
        expect(await store.labels({})).toHaveLength(3);
        expect(await store.quarantine({})).toHaveLength(4);
        expect(await store.quarantineCounts()).toEqual({ bad_price: 2, crossed_quote: 1, malformed: 1 });
      });

      it('a replay cut into different batches stores nothing new', async () => {
        const batch = fullBatch();
        await store.write(batch);
        const once = await contents(store);
        for (const trade of batch.trades) await store.write({ trades: [trade] });
        await store.write({ quotes: batch.quotes.slice(3), bars: batch.bars.slice(2), anomalies: batch.anomalies });
        await store.write({ quarantine: [...batch.quarantine].reverse(), signals: batch.signals.slice(1) });
        expect(await contents(store)).toEqual(once);
      });

      it('a trade is identified by (symbol, tsEvent, tradeId): the first write wins', async () => {
        const first = makeTrade('AAPL', 1);
        await store.write({ trades: [first] });
        await store.write({ trades: [{ ...first, price: 999, size: 1, tsRecv: first.tsRecv + 5 }] });
        await store.write({ trades: [{ ...first, symbol: 'MSFT' }] });
        expect(await store.trades({ symbol: 'AAPL' })).toEqual([first]);
        expect(await store.trades({ symbol: 'MSFT' })).toEqual([{ ...first, symbol: 'MSFT' }]);
      });

      it('identical quotes are stored once; different quotes in the same microsecond are all kept', async () => {
        const quote = makeQuote('AAPL', 0);
        const tighter = { ...quote, askPrice: quote.askPrice - 0.01 };
        const biggerBid = { ...quote, bidSize: quote.bidSize + 100 };
        await store.write({ quotes: [quote, quote, tighter] });
        await store.write({ quotes: [biggerBid, quote] });
        // Same tsEvent: ordered by bidPrice, bidSize, askPrice, askSize.
        expect(await store.quotes({ symbol: 'AAPL' })).toEqual([tighter, quote, biggerBid]);
      });

      it('an anomaly or a signal with a known id keeps its first version (events are immutable)', async () => {
        const anomaly = makeAnomaly('AAPL', 0);
        const signal = makeSignal('AAPL', 0);
        await store.write({ anomalies: [anomaly], signals: [signal] });
        await store.write({
          anomalies: [{ ...anomaly, score: 0.1, message: 'changed' }],
          signals: [{ ...signal, confidence: 0.01 }],
        });
        expect(await store.anomalies({})).toEqual([anomaly]);
        expect(await store.signals({})).toEqual([signal]);
      });

      it('quarantine is keyed by (ts, reason, payload): key order inside the payload does not matter', async () => {
        const rejected = makeQuarantined(0, { payload: { a: 1, b: { c: 2, d: [3] } } });
        await store.write({ quarantine: [rejected] });
        await store.write({ quarantine: [{ ...rejected, payload: { b: { d: [3], c: 2 }, a: 1 }, detail: 'again' }] });
        await store.write({
          quarantine: [
            { ...rejected, payload: { a: 2, b: { c: 2, d: [3] } } }, // another payload
            { ...rejected, reason: 'bad_size' }, // another reason
            { ...rejected, ts: rejected.ts + 1 }, // another time
          ],
        });
        const rows = await store.quarantine({});
        expect(rows).toHaveLength(4);
        // The first version is kept ("again" was ignored), found under the hash of its payload.
        const hash = payloadHash(rejected.payload);
        expect(rows.filter((row) => row.payloadHash === hash)).toEqual([
          { ...rejected, payloadHash: hash },
          { ...rejected, reason: 'bad_size', payloadHash: hash },
          { ...rejected, ts: rejected.ts + 1, payloadHash: hash },
        ]);
        expect(await store.quarantineCounts()).toEqual({ bad_price: 3, bad_size: 1 });
      });
    });

    describe('bars', () => {
      it('a correction replaces the bar and comes back as type "bar" with its revision', async () => {
        const bar = makeBar('AAPL', '1m', 0);
        await store.write({ bars: [bar] });
        await store.write({ bars: [makeCorrection(bar, 1)] });
        expect(await store.bars({ symbol: 'AAPL', timeframe: '1m' })).toEqual([
          { ...makeCorrection(bar, 1), type: 'bar' },
        ]);
      });

      it('an older revision never overwrites a newer one, in later batches or within one batch', async () => {
        const bar = makeBar('AAPL', '1m', 0);
        const second = makeCorrection(bar, 2);
        await store.write({ bars: [second] });
        await store.write({ bars: [bar, makeCorrection(bar, 1)] });
        expect(await store.bars({ symbol: 'AAPL', timeframe: '1m' })).toEqual([{ ...second, type: 'bar' }]);

        const other = makeBar('AAPL', '1m', 1);
        await store.write({ bars: [makeCorrection(other, 3), other, makeCorrection(other, 2)] });
        await store.write({ bars: [makeCorrection(other, 1), makeCorrection(other, 4), makeCorrection(other, 3)] });
        const stored = await store.bars({ symbol: 'AAPL', timeframe: '1m', from: other.start });
        expect(stored).toEqual([{ ...makeCorrection(other, 4), type: 'bar' }]);
      });

      it('timeframes and symbols are separate series', async () => {
        const oneMinute = makeBar('AAPL', '1m', 0);
        const fiveMinutes = makeBar('AAPL', '5m', 0); // same start
        const otherSymbol = makeBar('MSFT', '1m', 0);
        await store.write({ bars: [oneMinute, fiveMinutes, otherSymbol] });
        expect(await store.bars({ symbol: 'AAPL', timeframe: '1m' })).toEqual([oneMinute]);
        expect(await store.bars({ symbol: 'AAPL', timeframe: '5m' })).toEqual([fiveMinutes]);
        expect(await store.bars({ symbol: 'MSFT', timeframe: '1m' })).toEqual([otherSymbol]);
        expect(await store.bars({ symbol: 'MSFT', timeframe: '5m' })).toEqual([]);
      });

      it('latestBar returns the bar with the latest start in its latest revision, or null', async () => {
        expect(await store.latestBar('AAPL', '1m')).toBeNull();
        const bars = range(4).map((i) => makeBar('AAPL', '1m', i));
        const last = bars[3] as Bar;
        await store.write({ bars: [last, bars[0] as Bar, bars[2] as Bar, bars[1] as Bar, makeBar('AAPL', '5m', 9)] });
        expect(await store.latestBar('AAPL', '1m')).toEqual(last);
        await store.write({ bars: [makeCorrection(last, 1)] });
        expect(await store.latestBar('AAPL', '1m')).toEqual({ ...makeCorrection(last, 1), type: 'bar' });
        expect(await store.latestBar('AAPL', '15m')).toBeNull();
        expect(await store.latestBar('NOPE', '1m')).toBeNull();
      });

      it('a forming bar (bar.partial) is rejected and nothing of its batch is written', async () => {
        const partial: PartialBar = { ...makeBar('AAPL', '1m', 0), type: 'bar.partial' };
        const batch = { trades: [makeTrade('AAPL', 0)], bars: [partial as unknown as Bar] };
        await expect(store.write(batch)).rejects.toThrow(/bar\.partial/);
        expect(await store.trades({ symbol: 'AAPL' })).toEqual([]);
      });
    });

    describe('indicator values', () => {
      it('round-trip per (symbol, timeframe) in bar order, nulls kept; a recomputation replaces the stored values', async () => {
        await store.write({
          indicators: [
            makeIndicatorSet('AAPL', '1m', 1),
            makeIndicatorSet('AAPL', '1m', 0),
            makeIndicatorSet('AAPL', '5m', 0),
          ],
        });
        expect(await store.indicators({ symbol: 'AAPL', timeframe: '1m' })).toEqual([
          makeIndicatorSet('AAPL', '1m', 0),
          makeIndicatorSet('AAPL', '1m', 1),
        ]);
        const recomputed = makeIndicatorSet('AAPL', '1m', 1, { values: { sma_20: 42 } });
        await store.write({ indicators: [recomputed] });
        expect(await store.indicators({ symbol: 'AAPL', timeframe: '1m', order: 'desc', limit: 1 })).toEqual([
          recomputed,
        ]);
        expect(await store.indicators({ symbol: 'MSFT', timeframe: '1m' })).toEqual([]);
      });
    });

    describe('feature vectors', () => {
      it('round-trip per (symbol, timeframe) with their schema version; a recomputation replaces the stored vector', async () => {
        await store.write({ features: [makeFeatureSet('AAPL', '1m', 1), makeFeatureSet('AAPL', '1m', 0)] });
        expect(await store.features({ symbol: 'AAPL', timeframe: '1m' })).toEqual([
          makeFeatureSet('AAPL', '1m', 0),
          makeFeatureSet('AAPL', '1m', 1),
        ]);
        const recomputed = makeFeatureSet('AAPL', '1m', 1, { schemaVersion: 2, names: ['ret_1'], values: [0.5] });
        await store.write({ features: [recomputed] });
        expect(await store.features({ symbol: 'AAPL', timeframe: '1m', from: recomputed.start })).toEqual([recomputed]);
        expect(await store.features({ symbol: 'AAPL', timeframe: '5m' })).toEqual([]);
      });
    });

    describe('range queries', () => {
      const trades = range(10).map((i) => makeTrade('AAPL', i));
      const at = (i: number): number => T0 + i * SECOND;

      it('from is inclusive and to is exclusive, for every time-indexed query', async () => {
        const batch = {
          trades,
          quotes: range(10).map((i) => makeQuote('AAPL', i, { tsEvent: at(i) })),
          bars: range(10).map((i) => makeBar('AAPL', '1m', i, { start: at(i), end: at(i + 1) })),
          anomalies: range(10).map((i) => makeAnomaly('AAPL', i, { ts: at(i) })),
          signals: range(10).map((i) => makeSignal('AAPL', i, { ts: at(i) })),
          quarantine: range(10).map((i) => makeQuarantined(i, { ts: at(i), reason: 'late' })),
        };
        await store.write(batch);
        const window = { from: at(3), to: at(7) };
        const middle = <T>(rows: readonly T[]): T[] => rows.slice(3, 7);
        expect(await store.trades({ symbol: 'AAPL', ...window })).toEqual(middle(batch.trades));
        expect(await store.quotes({ symbol: 'AAPL', ...window })).toEqual(middle(batch.quotes));
        expect(await store.bars({ symbol: 'AAPL', timeframe: '1m', ...window })).toEqual(middle(batch.bars));
        expect(await store.anomalies({ symbol: 'AAPL', ...window })).toEqual(middle(batch.anomalies));
        expect(await store.signals({ symbol: 'AAPL', ...window })).toEqual(middle(batch.signals));
        expect((await store.quarantine({ ...window })).map((q) => q.ts)).toEqual(
          middle(batch.quarantine).map((q) => q.ts),
        );
        expect(await store.trades({ symbol: 'AAPL', from: at(8) })).toEqual(trades.slice(8));
        expect(await store.trades({ symbol: 'AAPL', to: at(2) })).toEqual(trades.slice(0, 2));
        expect(await store.trades({ symbol: 'AAPL', from: at(5), to: at(5) })).toEqual([]);
      });

      it('order "desc" returns newest first; with a limit it is the latest n', async () => {
        await store.write({ trades });
        expect(await store.trades({ symbol: 'AAPL', order: 'desc' })).toEqual([...trades].reverse());
        expect(await store.trades({ symbol: 'AAPL', order: 'desc', limit: 3 })).toEqual(
          [...trades].reverse().slice(0, 3),
        );
        expect(await store.trades({ symbol: 'AAPL', order: 'asc', limit: 3 })).toEqual(trades.slice(0, 3));
        expect(await store.trades({ symbol: 'AAPL', from: at(2), to: at(8), order: 'desc', limit: 2 })).toEqual([
          trades[7],
          trades[6],
        ]);
      });

      it('limit 0 returns nothing; a negative or fractional limit is rejected', async () => {
        await store.write({ trades });
        expect(await store.trades({ symbol: 'AAPL', limit: 0 })).toEqual([]);
        await expect(store.trades({ symbol: 'AAPL', limit: -1 })).rejects.toThrow(/limit/);
        await expect(store.anomalies({ limit: 1.5 })).rejects.toThrow(/limit/);
      });

      it('ties are ordered by tradeId (trades) and by id (anomalies, signals), reversed by "desc"', async () => {
        const ts = T0;
        const tied = ['b', 'a', 'c'].map((id) => makeTrade('AAPL', 0, { tsEvent: ts, tradeId: id }));
        const anomalies = ['z', 'x', 'y'].map((id) => makeAnomaly('AAPL', 0, { ts, id }));
        const signals = ['n', 'm'].map((id) => makeSignal('AAPL', 0, { ts, id }));
        await store.write({ trades: tied, anomalies, signals });
        const ids = (rows: readonly { tradeId: string }[]): string[] => rows.map((r) => r.tradeId);
        expect(ids(await store.trades({ symbol: 'AAPL' }))).toEqual(['a', 'b', 'c']);
        expect(ids(await store.trades({ symbol: 'AAPL', order: 'desc' }))).toEqual(['c', 'b', 'a']);
        expect((await store.anomalies({})).map((a) => a.id)).toEqual(['x', 'y', 'z']);
        expect((await store.signals({ order: 'desc' })).map((s) => s.id)).toEqual(['n', 'm']);
      });

      it('an unknown symbol returns nothing', async () => {
        await store.write({ trades });
        expect(await store.trades({ symbol: 'MSFT' })).toEqual([]);
        expect(await store.quotes({ symbol: 'AAPL' })).toEqual([]);
        expect(await store.bars({ symbol: 'MSFT', timeframe: '1m' })).toEqual([]);
      });
    });

    describe('filters', () => {
      it('anomalies filter by symbol, kind, severity, detector and timeframe, alone or combined', async () => {
        const batch = fullBatch();
        await store.write(batch);
        const ids = async (query: Parameters<Store['anomalies']>[0]): Promise<string[]> =>
          (await store.anomalies(query)).map((a) => a.id);
        expect(await ids({ symbol: 'AAPL' })).toEqual(['volume_spike:AAPL:1m:0', 'price_spike:AAPL:1m:1']);
        expect(await ids({ kind: 'price_spike' })).toEqual(['price_spike:AAPL:1m:1']);
        expect(await ids({ severity: 'critical' })).toEqual(['volume_spike:BTC-USD:1m:2']);
        expect(await ids({ detector: 'volume_spike' })).toEqual([
          'volume_spike:AAPL:1m:0',
          'volume_spike:BTC-USD:1m:2',
          'volume_spike:BTC-USD:5m:3',
        ]);
        expect(await ids({ timeframe: '5m' })).toEqual(['volume_spike:BTC-USD:5m:3']);
        expect(await ids({ symbol: 'BTC-USD', severity: 'warning', timeframe: '5m' })).toEqual([
          'volume_spike:BTC-USD:5m:3',
        ]);
        expect(await ids({ symbol: 'AAPL', severity: 'critical' })).toEqual([]);
        expect(await ids({ order: 'desc', limit: 2 })).toEqual([
          'volume_spike:BTC-USD:5m:3',
          'volume_spike:BTC-USD:1m:2',
        ]);
      });

      it('signals filter by symbol, timeframe and minimum confidence (inclusive)', async () => {
        const signals = [
          makeSignal('AAPL', 0, { confidence: 0.5 }),
          makeSignal('AAPL', 1, { confidence: 0.7, timeframe: '1m' }),
          makeSignal('BTC-USD', 2, { confidence: 0.9 }),
        ];
        await store.write({ signals });
        const ids = async (query: Parameters<Store['signals']>[0]): Promise<string[]> =>
          (await store.signals(query)).map((s) => s.id);
        expect(await ids({ minConfidence: 0.7 })).toEqual(['breakout:AAPL:1', 'breakout:BTC-USD:2']);
        expect(await ids({ symbol: 'AAPL' })).toEqual(['breakout:AAPL:0', 'breakout:AAPL:1']);
        expect(await ids({ timeframe: '5m' })).toEqual(['breakout:AAPL:0', 'breakout:BTC-USD:2']);
        expect(await ids({ symbol: 'AAPL', timeframe: '5m', minConfidence: 0.6 })).toEqual([]);
        expect(await ids({ limit: 1, order: 'desc' })).toEqual(['breakout:BTC-USD:2']);
      });

      it('labels filter by symbol, kind, source and anomaly id', async () => {
        const batch = fullBatch();
        await store.write(batch);
        const ids = async (query: Parameters<Store['labels']>[0]): Promise<string[]> =>
          (await store.labels(query)).map((l) => l.id);
        expect(await ids({ symbol: 'AAPL' })).toEqual(['label-AAPL-0', 'label-AAPL-1']);
        expect(await ids({ source: 'user' })).toEqual(['label-BTC-USD-2']);
        expect(await ids({ kind: 'flash_crash' })).toEqual([]);
        expect(await ids({ anomalyId: 'volume_spike:AAPL:1m:0' })).toEqual(['label-AAPL-0']);
        expect(await ids({ order: 'desc', limit: 2 })).toEqual(['label-BTC-USD-2', 'label-AAPL-1']);
      });

      it('labels match when their range overlaps [from, to); point labels when from ≤ start < to', async () => {
        const at = (minute: number): number => T0 + minute * MINUTE;
        const labels = [
          makeLabel('AAPL', 0, { id: 'ends-at-from', start: at(0), end: at(10) }),
          makeLabel('AAPL', 0, { id: 'straddles-from', start: at(5), end: at(11) }),
          makeLabel('AAPL', 0, { id: 'inside', start: at(12), end: at(13) }),
          makeLabel('AAPL', 0, { id: 'point-at-from', start: at(10), end: at(10) }),
          makeLabel('AAPL', 0, { id: 'point-inside', start: at(15), end: at(15) }),
          makeLabel('AAPL', 0, { id: 'straddles-to', start: at(19), end: at(25) }),
          makeLabel('AAPL', 0, { id: 'covers-all', start: at(1), end: at(30) }),
          makeLabel('AAPL', 0, { id: 'starts-at-to', start: at(20), end: at(21) }),
          makeLabel('AAPL', 0, { id: 'point-at-to', start: at(20), end: at(20) }),
        ];
        await store.write({ labels });
        const found = (await store.labels({ from: at(10), to: at(20) })).map((l) => l.id);
        expect(found).toEqual([
          'covers-all',
          'straddles-from',
          'point-at-from',
          'inside',
          'point-inside',
          'straddles-to',
        ]);
      });
    });

    describe('labels', () => {
      it('upsertLabel inserts, then replaces by id; deleteLabel reports whether it deleted', async () => {
        const label = makeLabel('AAPL', 0);
        await store.upsertLabel(label);
        expect(await store.labels({})).toEqual([label]);
        const edited: Label = {
          ...label,
          verdict: 'normal',
          note: 'reviewed: an earnings release',
          end: label.end + 1,
        };
        await store.upsertLabel(edited);
        expect(await store.labels({})).toEqual([edited]);
        expect(await store.deleteLabel(label.id)).toBe(true);
        expect(await store.labels({})).toEqual([]);
        expect(await store.deleteLabel(label.id)).toBe(false);
      });

      it('labels in a batch are upserted too: a later batch edits them', async () => {
        const label = makeLabel('AAPL', 1);
        await store.write({ labels: [label] });
        const edited: Label = { ...label, verdict: 'anomaly', anomalyId: 'price_spike:AAPL:1m:1', note: 'confirmed' };
        await store.write({ labels: [edited] });
        expect(await store.labels({})).toEqual([edited]);
      });
    });

    describe('quarantine', () => {
      it('counts rows per reason; reasons without rows are absent', async () => {
        expect(await store.quarantineCounts()).toEqual({});
        await store.write({
          quarantine: [
            ...range(3).map((i) => makeQuarantined(i * 2, { reason: 'bad_price' })),
            makeQuarantined(1, { reason: 'stale_timestamp' }),
          ],
        });
        expect(await store.quarantineCounts()).toEqual({ bad_price: 3, stale_timestamp: 1 });
      });

      it('filters by reason and symbol; each row carries the hash of its payload', async () => {
        const batch = fullBatch();
        await store.write(batch);
        const rows = await store.quarantine({ reason: 'bad_price' });
        expect(rows.map((r) => r.ts)).toEqual([T0, T0 + 2 * SECOND]);
        for (const row of rows) expect(row.payloadHash).toBe(payloadHash(row.payload));
        expect((await store.quarantine({ symbol: 'AAPL' })).map((r) => r.ts)).toEqual([T0 + SECOND, T0 + 2 * SECOND]);
        expect(await store.quarantine({ reason: 'late' })).toEqual([]);
      });
    });

    describe('symbols and tick retention', () => {
      it('symbols() lists symbols that have trades or bars, sorted', async () => {
        expect(await store.symbols()).toEqual([]);
        await store.write({
          trades: [makeTrade('MSFT', 0)],
          bars: [makeBar('AAPL', '1m', 0)],
          quotes: [makeQuote('QUOTES-ONLY', 0)],
          anomalies: [makeAnomaly('ANOMALY-ONLY', 0)],
        });
        expect(await store.symbols()).toEqual(['AAPL', 'MSFT']);
      });

      it('pruneTicks deletes trades and quotes with tsEvent < olderThan and returns how many', async () => {
        const batch = fullBatch();
        await store.write(batch);
        const cutoff = T0 + 4 * SECOND; // trades 0–3 (4 per symbol) and quotes 0–3 (at +0.5 s) go
        expect(await store.pruneTicks(cutoff)).toBe(16);
        for (const symbol of SYMBOLS) {
          expect(await store.trades({ symbol })).toEqual(
            batch.trades.filter((t) => t.symbol === symbol && t.tsEvent >= cutoff),
          );
          expect(await store.quotes({ symbol })).toEqual(
            batch.quotes.filter((q) => q.symbol === symbol && q.tsEvent >= cutoff),
          );
          expect(await store.bars({ symbol, timeframe: '1m' })).toEqual(expectedBars(symbol, '1m'));
        }
        expect(await store.anomalies({})).toHaveLength(batch.anomalies.length);
        expect(await store.pruneTicks(cutoff)).toBe(0);
      });

      it('a symbol whose only ticks were pruned is no longer listed', async () => {
        await store.write({ trades: [makeTrade('OLD', 0)], bars: [makeBar('KEEP', '1m', 0)] });
        await store.write({ trades: [makeTrade('KEEP', 0)] });
        expect(await store.pruneTicks(T0 + SECOND)).toBe(2);
        expect(await store.symbols()).toEqual(['KEEP']);
      });
    });

    describe('checkpoints', () => {
      it('get returns null until put; put replaces', async () => {
        expect(await store.getCheckpoint('pipeline')).toBeNull();
        await store.putCheckpoint('pipeline', '{"v":1}');
        await store.putCheckpoint('other', '');
        expect(await store.getCheckpoint('pipeline')).toBe('{"v":1}');
        await store.putCheckpoint('pipeline', '{"v":2,"text":"ünïcødé"}');
        expect(await store.getCheckpoint('pipeline')).toBe('{"v":2,"text":"ünïcødé"}');
        expect(await store.getCheckpoint('other')).toBe('');
      });

      it('checkpoints in a batch commit with its rows', async () => {
        await store.write({ trades: [makeTrade('AAPL', 0)], checkpoints: [{ key: 'cursor', value: '1' }] });
        await store.write({ checkpoints: [{ key: 'cursor', value: '2' }] });
        expect(await store.getCheckpoint('cursor')).toBe('2');
      });
    });

    describe('atomicity', () => {
      it('a batch with one invalid label (end before start) writes nothing, not even the rows before it', async () => {
        const batch = fullBatch();
        const invalid = makeLabel('AAPL', 9, { end: T0, start: T0 + 1 });
        await expect(store.write({ ...batch, labels: [...batch.labels, invalid] })).rejects.toThrow();
        expect(await contents(store)).toEqual(EMPTY_CONTENTS);
      });

      it('a batch with one invalid bar (high below low) writes nothing', async () => {
        await store.write({ checkpoints: [{ key: 'source:simulator', value: 'before' }] });
        const batch = fullBatch();
        const invalid = makeBar('AAPL', '1m', 7, { high: 90, low: 95 });
        await expect(store.write({ ...batch, bars: [...batch.bars, invalid] })).rejects.toThrow();
        expect(await contents(store)).toEqual({ ...EMPTY_CONTENTS, checkpoint: 'before' });
      });

      it('after a failed batch the store keeps working, including for symbols first seen in it', async () => {
        const bad = makeLabel('NEW', 0, { end: T0 - 1, start: T0 });
        const fresh = { trades: [makeTrade('NEW', 0)], quotes: [makeQuote('NEW', 0)], bars: [makeBar('NEW', '1m', 0)] };
        await expect(store.write({ ...fresh, labels: [bad] })).rejects.toThrow();
        await store.write(fresh);
        expect(await store.symbols()).toEqual(['NEW']);
        expect(await store.trades({ symbol: 'NEW' })).toEqual(fresh.trades);
        expect(await store.quotes({ symbol: 'NEW' })).toEqual(fresh.quotes);
        expect(await store.latestBar('NEW', '1m')).toEqual(fresh.bars[0]);
      });
    });

    describe('close', () => {
      it('close() twice is harmless, and calls after close reject', async () => {
        await store.write({ trades: [makeTrade('AAPL', 0)] });
        await store.close();
        await store.close();
        await expect(store.trades({ symbol: 'AAPL' })).rejects.toThrow(/closed/);
        await expect(store.write({ trades: [makeTrade('AAPL', 1)] })).rejects.toThrow(/closed/);
      });
    });
  });
}

/**
 * Source parse throughput: provider frames → tickwatch events, in messages per second, on
 * realistic batched frames (100 messages per frame, as Polygon and Alpaca batch under load).
 * Frames are pre-encoded Buffers, as `ws` hands them over, so the figure includes UTF-8
 * decoding, JSON.parse, field checks, timestamp conversion, trade-side inference and event
 * construction. A second figure runs frames from the local Polygon test server through the
 * shipped PolygonSource (socket → parser → sink) over 127.0.0.1, and a third goes on into the
 * Pipeline (validation, 1m/5m/1h bars, volume and price spike detectors) on the wall clock, as
 * `tickwatch run` does with a live source.
 *
 *   npx tsx bench/sources.bench.ts            (or: npm run bench -- sources)
 */
import { createAlpacaParseContext, parseAlpacaFrame } from '../src/sources/alpaca/parse.js';
import { createPolygonParseContext, parsePolygonFrame } from '../src/sources/polygon/parse.js';
import { PolygonSource } from '../src/sources/polygon/polygon-source.js';
import type { PipelineEvent, Trade } from '../src/core/events.js';
import { MICROS_PER_DAY } from '../src/core/time.js';
import { PriceSpikeDetector, VolumeSpikeDetector } from '../src/detectors/index.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { LiveClock } from '../src/runtime/live-clock.js';
import { startPolygonServer } from '../test/sources/polygon-server.js';
import { waitFor } from '../test/sources/ws-server.js';
import { median, report } from './lib/report.js';

const BENCH = 'sources';
const PER_FRAME = 100;
const FRAMES = 2_000;
const T0_MS = 1_704_724_200_000;

function frames(make: (frame: number, i: number) => object): Buffer[] {
  const out: Buffer[] = [];
  for (let f = 0; f < FRAMES; f++) {
    const messages = [];
    for (let i = 0; i < PER_FRAME; i++) messages.push(make(f, i));
    out.push(Buffer.from(JSON.stringify(messages)));
  }
  return out;
}

const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'META', 'TSLA', 'GOOGL', 'AMD'];
const price = (f: number, i: number): number => Math.round((100 + Math.sin(f * 0.1 + i) * 5) * 100) / 100;

const polygonTrades = frames((f, i) => ({
  ev: 'T',
  sym: symbols[i % symbols.length],
  x: 4 + (i % 12),
  i: String(52983525029461 + f * PER_FRAME + i),
  z: 3,
  p: price(f, i),
  s: 100 + (i % 7) * 50,
  c: i % 5 === 0 ? [14, 41] : [0],
  t: T0_MS + f * 10 + (i >> 3),
  q: f * PER_FRAME + i,
}));
const polygonMixed = frames((f, i) =>
  i % 2 === 0
    ? {
        ev: 'Q',
        sym: symbols[i % 8],
        bx: 4,
        bp: price(f, i) - 0.01,
        bs: 3,
        ax: 7,
        ap: price(f, i) + 0.01,
        as: 2,
        c: 0,
        i: [604],
        t: T0_MS + f,
        q: f * 100 + i,
        z: 3,
      }
    : {
        ev: 'T',
        sym: symbols[i % 8],
        x: 4,
        i: String(f * 100 + i),
        z: 3,
        p: price(f, i),
        s: 100,
        c: [0],
        t: T0_MS + f,
        q: f * 100 + i,
      },
);
const polygonCrypto = frames((f, i) => ({
  ev: 'XT',
  pair: i % 2 === 0 ? 'BTC-USD' : 'ETH-USD',
  p: 42150 + (i % 50) * 0.5,
  t: T0_MS + f * 10,
  s: 0.01234 + i * 0.001,
  c: [1 + (i % 2)],
  i: String(498271 + f * PER_FRAME + i),
  x: 1,
  r: T0_MS + f * 10 + 12,
}));
const iso = (ms: number, ns: number): string =>
  `${new Date(ms).toISOString().slice(0, -1)}${String(ns).padStart(6, '0')}Z`;
const alpacaTrades = frames((f, i) => ({
  T: 't',
  S: symbols[i % symbols.length],
  i: 52983525029461 + f * PER_FRAME + i,
  x: 'V',
  p: price(f, i),
  s: 100,
  t: iso(T0_MS + f * 10, (i * 7919) % 1_000_000),
  c: ['@'],
  z: 'C',
}));
const alpacaCrypto = frames((f, i) => ({
  T: 't',
  S: 'BTC/USD',
  p: 42150 + (i % 50) * 0.5,
  s: 0.01234,
  t: iso(T0_MS + f * 10, (i * 7919) % 1_000_000),
  i: 498271 + f * PER_FRAME + i,
  tks: i % 2 === 0 ? 'B' : 'S',
}));

let sinkCount = 0;
function measure(name: string, input: readonly Buffer[], parse: (frame: Buffer) => readonly unknown[]): void {
  for (let i = 0; i < 200; i++) parse(input[i] as Buffer); // warm-up
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    let events = 0;
    for (const frame of input) events += parse(frame).length;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    sinkCount += events;
    runs.push((FRAMES * PER_FRAME) / seconds);
  }
  report(BENCH, name, median(runs), 'messages/s', { perFrame: PER_FRAME, frames: FRAMES });
}

const polygonContext = createPolygonParseContext();
const alpacaContext = createAlpacaParseContext();
const recv = T0_MS * 1000;
// Baseline: decoding and JSON.parse alone, the floor any parser pays.
measure(
  'baseline_json_parse_polygon_stock_trades',
  polygonTrades,
  (frame) => JSON.parse(frame.toString('utf8')) as unknown[],
);
measure(
  'parse_polygon_stock_trades',
  polygonTrades,
  (frame) => parsePolygonFrame(frame, 'stocks', recv, polygonContext).events,
);
measure(
  'parse_polygon_stock_quotes_and_trades',
  polygonMixed,
  (frame) => parsePolygonFrame(frame, 'stocks', recv, polygonContext).events,
);
measure(
  'parse_polygon_crypto_trades',
  polygonCrypto,
  (frame) => parsePolygonFrame(frame, 'crypto', recv, polygonContext).events,
);
measure(
  'baseline_json_parse_alpaca_stock_trades',
  alpacaTrades,
  (frame) => JSON.parse(frame.toString('utf8')) as unknown[],
);
measure(
  'parse_alpaca_stock_trades',
  alpacaTrades,
  (frame) => parseAlpacaFrame(frame, 'stocks', recv, alpacaContext).events,
);
measure(
  'parse_alpaca_crypto_trades',
  alpacaCrypto,
  (frame) => parseAlpacaFrame(frame, 'crypto', recv, alpacaContext).events,
);

/**
 * Broadcasts `wireFrames` from the local Polygon server to the shipped PolygonSource over
 * 127.0.0.1 and returns messages per second until `onEvent` has seen them all.
 */
async function socketToSink(wireFrames: readonly string[], onEvent: (event: Trade) => void): Promise<number> {
  const KEY = 'BenchKey0000000000000000';
  const server = await startPolygonServer({ validKey: KEY });
  let received = 0;
  const source = new PolygonSource({
    apiKey: KEY,
    subscriptions: [{ cluster: 'stocks', channels: ['T.*'], feed: 'realtime' }],
    hosts: { realtime: server.url },
  });
  source.start({
    event: (event) => {
      received++;
      onEvent(event as Trade);
    },
  });
  await waitFor(() => source.status().state === 'connected', 'connected');
  const total = wireFrames.length * PER_FRAME;
  const started = process.hrtime.bigint();
  for (const frame of wireFrames) server.broadcast(frame);
  await waitFor(() => received >= total, 'all events', 60_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await source.stop();
  await server.stop();
  return total / seconds;
}

// Socket → PolygonSource → sink.
report(
  BENCH,
  'socket_to_sink_polygon_stock_trades',
  await socketToSink(
    polygonTrades.map((b) => b.toString('utf8')),
    () => {},
  ),
  'messages/s',
  { perFrame: PER_FRAME, frames: FRAMES },
);

// Socket → PolygonSource → Pipeline on the wall clock. Trade times are now (spread over 200 ms)
// so validation sees them as live, not late; the instruments are 24x7 so no session closes them.
const liveStartMs = Date.now();
const liveTrades = frames((f, i) => ({
  ev: 'T',
  sym: symbols[i % symbols.length],
  x: 4 + (i % 12),
  i: String(f * PER_FRAME + i),
  z: 3,
  p: price(f, i),
  s: 100 + (i % 7) * 50,
  c: [0],
  t: liveStartMs + Math.floor((f * PER_FRAME + i) / 1_000),
  q: f * PER_FRAME + i,
}));
const pipeline = new Pipeline(
  {
    instruments: symbols.map((symbol) => ({ symbol, assetClass: 'stock', calendar: '24x7', tickSize: 0.01 })),
    timeframes: ['1m', '5m', '1h'],
    validation: {
      maxFutureSkew: 5_000_000,
      maxPastAge: MICROS_PER_DAY,
      allowedLateness: 2_000_000,
      duplicateWindow: 10_000,
    },
    bars: { closeDelay: 1_000_000, partialInterval: 250_000, fillGaps: false },
    detectors: [
      { timeframe: '1m', create: () => new VolumeSpikeDetector() },
      { timeframe: '1m', create: () => new PriceSpikeDetector() },
    ],
  },
  new LiveClock(),
);
const outputs = new Map<string, number>();
const emit = (event: PipelineEvent): void => void outputs.set(event.type, (outputs.get(event.type) ?? 0) + 1);
report(
  BENCH,
  'socket_to_pipeline_polygon_stock_trades',
  await socketToSink(
    liveTrades.map((b) => b.toString('utf8')),
    (event) => pipeline.next(event, emit),
  ),
  'messages/s',
  { perFrame: PER_FRAME, frames: FRAMES, ...Object.fromEntries(outputs) },
);
if (sinkCount === 0) process.exit(1);

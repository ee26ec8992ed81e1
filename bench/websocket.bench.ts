/**
 * WebSocket fan-out: latency and memory.
 *
 * A Fastify server on 127.0.0.1 with the WebSocket plugin (no authentication hook) publishes a
 * synthetic stream of 10,000 ticks/s across 50 symbols into the EventHub: each tick goes through
 * the real Pipeline (1s and 1m bars, forming bars every 250 ms, a volume-spike detector on 1s
 * bars with a low threshold so anomalies flow) and every resulting event is published. The
 * clients live in child processes (role `clients`, BENCH_WS_CLIENT_PROCESSES of them, default 2),
 * so they do not share the server's event loop, and 100 clients' work on a burst is not
 * serialised behind one event loop (100 real clients are 100 processes); both sides read the
 * same monotonic clock (hrtime), so latencies are exact. The clients read frames with a minimal
 * parser (bench/lib/raw-websocket-client.ts, ~0.1 µs a frame against ~0.6 µs for the ws library;
 * BENCH_WS_CLIENT_LIBRARY=ws uses ws) and look only at what they measure, no JSON.parse: on two
 * cores the clients' own work on a burst (100 × every symbol's closed bar) would otherwise be
 * most of the measured latency.
 *
 * Every latency is measured from the tick that caused the message entering the process (its
 * `tsRecv`, stamped when the feed hands it over) to the message arriving at a client:
 *  - ticks and forming bars carry that tick's `tsRecv`;
 *  - a closed bar (and an anomaly scored on it) is caused by the first trade after its window;
 *    the server notes that trade's `tsRecv` per (symbol, timeframe, window end) when it publishes,
 *    and the clients' arrival times are joined with it at the end.
 * `bar_close_lag` is the older figure from the window's end, which also includes waiting for the
 * next trade (up to one 10 ms feed batch here).
 *
 * Figures:
 *  1. 100 clients, each subscribed to ticks, bars, forming bars and anomalies of 5 symbols
 *     (every tick reaches 10 clients: 100,000 messages/s).
 *  2. 100 dashboard clients subscribed to bars, forming bars and anomalies of all 50 symbols.
 *  3. Server memory with 1,000 idle clients (heap + buffers, and RSS, per client).
 *
 * Bounded: about 30 s in all; stops by itself. The latency figures include the scheduling delay
 * of every process, so the load average at start is reported with them.
 *   npx tsx bench/websocket.bench.ts        (or: npm run bench -- websocket)
 *   BENCH_WS_SCENARIO=traders|dashboards, BENCH_WS_CLIENTS=N, BENCH_WS_CLIENT_PROCESSES=N,
 *   BENCH_WS_CLIENT_LIBRARY=raw|ws and BENCH_WS_MEASURE_MS=N (default 10000 per scenario) vary a
 *   run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import WebSocket from 'ws';
import { ReplayClock } from '../src/core/clock.js';
import type { Instrument, PipelineEvent, Trade } from '../src/core/events.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { EventHub } from '../src/server/ws/event-hub.js';
import { websocketPlugin } from '../src/server/ws/websocket-plugin.js';
import { compileWildcard } from '../src/alerts/wildcard.js';
import { Metrics } from '../src/server/metrics/metrics.js';
import { VolumeSpikeDetector } from '../src/detectors/index.js';
import type { ClientTransport } from '../src/server/ws/hub-client.js';
import { nanosPerOp, report } from './lib/report.js';
import { RawWebSocketClient } from './lib/raw-websocket-client.js';

const BENCH = 'websocket';
const SYMBOLS = 50;
const TICKS_PER_SECOND = 10_000;
const BATCH_MS = 10;
const CLIENTS = Number(process.env['BENCH_WS_CLIENTS'] ?? 100);
const CLIENT_PROCESSES = Math.max(1, Number(process.env['BENCH_WS_CLIENT_PROCESSES'] ?? 2));
/** `raw` (default): a minimal frame reader; `ws`: the ws library, which costs each client several µs per message. */
const CLIENT_LIBRARY = process.env['BENCH_WS_CLIENT_LIBRARY'] === 'ws' ? 'ws' : 'raw';
const IDLE_CLIENTS = 1_000;
const WARMUP_MS = 2_000;
/** Per scenario. Closed bars come in one burst a second, so their p99 rests on MEASURE_MS / 1000 bursts. */
const MEASURE_MS = Number(process.env['BENCH_WS_MEASURE_MS'] ?? 10_000);
/** Latency histogram resolution, µs. */
const BUCKET_MICROS = 10;

type Subscription = { channels: string[]; symbols: string[] };
/** Entry time of the tick that closed each bar, by `symbol|timeframe|window end`. */
type Triggers = [string, number][];
type ToClients =
  | { cmd: 'connect'; url: string; subscriptions: Subscription[]; epochOffset: number }
  | { cmd: 'measure' }
  | { cmd: 'report'; triggers: Triggers }
  | { cmd: 'close' };
/** Latency histogram: [bucket (BUCKET_MICROS), count] pairs, mergeable across processes. */
type Histogram = [number, number][];
interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}
type Kind = 'ticks' | 'partials' | 'bars' | 'anomalies' | 'barCloseLag';
const KINDS: readonly Kind[] = ['ticks', 'partials', 'bars', 'anomalies', 'barCloseLag'];
type FromClients =
  | { event: 'connected' }
  | {
      event: 'report';
      histograms: Record<Kind, Histogram>;
      /** Closed bars and anomalies whose causing tick is unknown (closed by a timer). */
      unmatched: number;
      messages: number;
      warnings: number;
      eventLoopUtilisation: number;
    }
  | { event: 'closed' };

function hrtimeMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function symbolName(i: number): string {
  return `SYM${String(i).padStart(2, '0')}-USD`;
}

// ───────────────────────────── clients (child process) ─────────────────────────────

function runClients(): void {
  let sockets: (WebSocket | RawWebSocketClient)[] = [];
  let epochOffset = 0;
  let measuring = false;
  let messages = 0;
  let warnings = 0;
  let elu = performance.eventLoopUtilization();
  let histograms = emptyHistograms();
  // Closed bars and anomalies: arrival time and message, joined with the server's triggers at the
  // end. Only the time and a reference are kept on arrival: the 50 clients of a process read one
  // after the other, so work per message here would delay the clients read after it.
  let arrivalTimes: number[] = [];
  let arrivalMessages: Buffer[] = [];
  const send = (message: FromClients) => process.send?.(message);

  // The clients read only what they measure (no JSON.parse of 100,000 messages a second), so the
  // client processes stay far from saturation and the latency is the server's and the network's.
  const onMessage = (data: Buffer): void => {
    const now = epochOffset + hrtimeMicros();
    if (!measuring) return;
    messages++;
    if (startsWith(data, TICKS_PREFIX)) record(histograms.ticks, now - numberAfter(data, TS_RECV));
    else if (startsWith(data, PARTIALS_PREFIX)) record(histograms.partials, now - numberAfter(data, TS_RECV));
    else if (startsWith(data, BARS_PREFIX) || startsWith(data, ANOMALIES_PREFIX)) {
      arrivalTimes.push(now);
      arrivalMessages.push(data); // a view of the received chunk, not a copy
    } else if (data.includes('"type":"warning"')) warnings++;
  };

  process.on('message', (command: ToClients) => {
    if (command.cmd === 'connect') {
      epochOffset = command.epochOffset;
      let ready = 0;
      if (command.subscriptions.length === 0) send({ event: 'connected' });
      sockets = command.subscriptions.map((subscription) => {
        const socket = CLIENT_LIBRARY === 'ws' ? new WebSocket(command.url) : new RawWebSocketClient(command.url);
        socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', ...subscription, snapshot: false })));
        socket.on('message', (data: Buffer) => {
          if (ready < command.subscriptions.length && data.includes('"subscribed"')) {
            if (++ready === command.subscriptions.length) send({ event: 'connected' });
            return;
          }
          onMessage(data);
        });
        socket.on('error', (error) => process.stderr.write(`# client error: ${error.message}\n`));
        return socket;
      });
    } else if (command.cmd === 'measure') {
      measuring = true;
      elu = performance.eventLoopUtilization();
    } else if (command.cmd === 'report') {
      measuring = false;
      const triggers = new Map(command.triggers);
      let unmatched = 0;
      for (let i = 0; i < arrivalMessages.length; i++) {
        const data = arrivalMessages[i] as Buffer;
        const at = arrivalTimes[i] as number;
        const anomaly = startsWith(data, ANOMALIES_PREFIX);
        const end = numberAfter(data, anomaly ? TS : END);
        if (!anomaly) record(histograms.barCloseLag, at - end);
        const entered = triggers.get(`${stringAfter(data, SYMBOL)}|${stringAfter(data, TIMEFRAME)}|${end}`);
        if (entered === undefined) unmatched++;
        else record(anomaly ? histograms.anomalies : histograms.bars, at - entered);
      }
      send({
        event: 'report',
        histograms: Object.fromEntries(KINDS.map((kind) => [kind, [...histograms[kind]]])) as Record<Kind, Histogram>,
        unmatched,
        messages,
        warnings,
        eventLoopUtilisation: performance.eventLoopUtilization(elu).utilization,
      });
      histograms = emptyHistograms();
      arrivalTimes = [];
      arrivalMessages = [];
      messages = 0;
    } else if (command.cmd === 'close') {
      let open = sockets.length;
      if (open === 0) send({ event: 'closed' });
      for (const socket of sockets) {
        socket.once('close', () => {
          if (--open === 0) send({ event: 'closed' });
        });
        socket.close();
      }
      sockets = [];
    }
  });
  process.on('disconnect', () => process.exit(0));
}

const TICKS_PREFIX = Buffer.from('{"type":"event","channel":"ticks",');
const PARTIALS_PREFIX = Buffer.from('{"type":"event","channel":"bars.partial",');
const BARS_PREFIX = Buffer.from('{"type":"event","channel":"bars","data":{"type":"bar",');
const ANOMALIES_PREFIX = Buffer.from('{"type":"event","channel":"anomalies",');
const TS_RECV = Buffer.from('"tsRecv":');
const END = Buffer.from('"end":');
const TS = Buffer.from('"ts":');
const SYMBOL = Buffer.from('"symbol":"');
const TIMEFRAME = Buffer.from('"timeframe":"');

function emptyHistograms(): Record<Kind, Map<number, number>> {
  return { ticks: new Map(), partials: new Map(), bars: new Map(), anomalies: new Map(), barCloseLag: new Map() };
}

function record(histogram: Map<number, number>, micros: number): void {
  const bucket = Math.floor(micros / BUCKET_MICROS);
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** The integer after `key` in the message (the event's fields are plain numbers). */
function numberAfter(data: Buffer, key: Buffer): number {
  let index = data.indexOf(key) + key.length;
  let value = 0;
  for (let digit = data[index]; digit !== undefined && digit >= 48 && digit <= 57; digit = data[++index]) {
    value = value * 10 + (digit - 48);
  }
  return value;
}

/** The string value after `key` (which ends with the opening quote); no escapes in symbols. */
function stringAfter(data: Buffer, key: Buffer): string {
  const start = data.indexOf(key) + key.length;
  return data.toString('latin1', start, data.indexOf(34, start));
}

/** Merges histograms (from every client process) into percentiles, in µs. */
function percentiles(histograms: readonly Histogram[]): Percentiles {
  const merged = new Map<number, number>();
  for (const histogram of histograms) {
    for (const [bucket, count] of histogram) merged.set(bucket, (merged.get(bucket) ?? 0) + count);
  }
  const buckets = [...merged].sort((a, b) => a[0] - b[0]);
  const count = buckets.reduce((sum, [, n]) => sum + n, 0);
  const at = (q: number): number => {
    const rank = Math.min(count - 1, Math.floor(q * count));
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen > rank) return (bucket + 0.5) * BUCKET_MICROS;
    }
    return Number.NaN;
  };
  const last = buckets[buckets.length - 1];
  return { count, p50: at(0.5), p99: at(0.99), max: last === undefined ? Number.NaN : (last[0] + 1) * BUCKET_MICROS };
}

// ───────────────────────────── server (main process) ─────────────────────────────

function instruments(): Instrument[] {
  return Array.from({ length: SYMBOLS }, (_, i) => ({
    symbol: symbolName(i),
    assetClass: 'crypto',
    calendar: '24x7',
    tickSize: 0.01,
  }));
}

/** A synthetic feed: round-robin over symbols, random-walk prices, stamped on entry. */
class SyntheticFeed {
  private readonly prices = Array.from({ length: SYMBOLS }, (_, i) => 100 + i);
  private sequence = 0;
  private seed = 12345;

  constructor(private readonly epochOffset: number) {}

  next(): Trade {
    const i = this.sequence % SYMBOLS;
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    const step = (this.seed / 2147483648 - 0.5) * 0.02;
    const price = Math.max(1, (this.prices[i] as number) * (1 + step * 0.01));
    this.prices[i] = price;
    const now = this.epochOffset + hrtimeMicros();
    this.sequence++;
    return {
      type: 'trade',
      symbol: symbolName(i),
      tsEvent: now - 100,
      tsRecv: now,
      price: Math.round(price * 100) / 100,
      size: 1 + (this.seed % 100),
      side: this.seed % 2 === 0 ? 'buy' : 'sell',
      tradeId: String(this.sequence),
      source: 'bench',
    };
  }
}

function request(child: ChildProcess, command: ToClients, expect: FromClients['event']): Promise<FromClients> {
  return new Promise((resolve) => {
    const listener = (message: FromClients) => {
      if (message.event !== expect) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
    child.send(command);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The run loop's per-event costs: hub.publish (nobody listening, and 10 clients) and Metrics.observe. */
function measurePerEventCosts(): void {
  const trades: Trade[] = Array.from({ length: SYMBOLS }, (_, i) => ({
    type: 'trade',
    symbol: symbolName(i),
    tsEvent: 1,
    tsRecv: 2,
    price: 100.25,
    size: 3,
    side: 'buy',
    tradeId: String(i),
    source: 'bench',
  }));
  const quiet = new EventHub({ schedule: () => undefined });
  report(
    BENCH,
    'hub_publish_no_subscribers',
    nanosPerOp(2_000_000, (i) => quiet.publish(trades[i % SYMBOLS] as Trade)),
    'ns/event',
  );
  const hub = new EventHub({ schedule: () => undefined });
  const sink: ClientTransport = { send() {}, bufferedAmount: 0, cork() {}, uncork() {}, close() {} };
  for (let c = 0; c < 10; c++) hub.subscribe(hub.connect(sink), ['ticks'], [compileWildcard('*')]);
  const perEvent = nanosPerOp(1_000_000, (i) => {
    hub.publish(trades[i % SYMBOLS] as Trade);
    if (i % 100 === 99) hub.flush();
  });
  report(BENCH, 'hub_publish_10_clients', perEvent, 'ns/event', {
    note: 'serialise once + 10 enqueues + flush to a null socket',
  });
  const metrics = new Metrics({ processMetrics: false });
  report(
    BENCH,
    'metrics_observe_trade',
    nanosPerOp(2_000_000, (i) => metrics.observe(trades[i % SYMBOLS] as Trade, 0)),
    'ns/event',
  );
}

async function runServer(): Promise<void> {
  const started = performance.now();
  measurePerEventCosts();
  // Latency on a shared machine is mostly scheduling delay: say how busy it was.
  report(BENCH, 'machine_load_average_1m', loadavg()[0] ?? 0, 'runnable processes', { cores: cpus().length });
  const hub = new EventHub();
  const app = Fastify();
  await app.register(websocketPlugin, { hub, heartbeatMs: 30_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const url = `ws://127.0.0.1:${address.port}/ws`;
  const epochOffset = Math.round(Date.now() * 1000) - hrtimeMicros();

  const clock = new ReplayClock(epochOffset + hrtimeMicros());
  const pipeline = new Pipeline(
    {
      instruments: instruments(),
      timeframes: ['1s', '1m'],
      validation: {
        maxFutureSkew: 5_000_000,
        maxPastAge: 86_400_000_000,
        allowedLateness: 500_000,
        duplicateWindow: 10_000,
      },
      bars: { closeDelay: 1_000_000, partialInterval: 250_000, fillGaps: false },
      // A low threshold so that anomalies flow (about one 1s bar in ten is 5 % above its average).
      detectors: [
        {
          timeframe: '1s',
          create: () => new VolumeSpikeDetector({ lookback: 3, threshold: 1.05, criticalMultiple: 1.2 }),
        },
      ],
    },
    clock,
  );
  const feed = new SyntheticFeed(epochOffset);
  // The tick being processed: a closed bar or an anomaly published meanwhile was caused by it.
  let entering: Trade | null = null;
  let triggers = new Map<string, number>();
  const publish = (event: PipelineEvent): void => {
    if (event.type === 'bar') batchClosedBars = true;
    if (entering !== null && (event.type === 'bar' || event.type === 'anomaly')) {
      const end = event.type === 'bar' ? event.end : event.ts;
      triggers.set(`${event.symbol}|${event.timeframe}|${end}`, entering.tsRecv);
    }
    hub.publish(event);
  };
  let ticks = 0;
  const producerStart = performance.now();
  // Paced by elapsed time, not by timer count: a late timer publishes the ticks it owes.
  // Server side only: from the first tick of a batch entering to every resulting frame handed to
  // the kernel (the hub flushes in a microtask queued before this one). Free of the clients'
  // scheduling delay.
  let serverSide = new Map<number, number>();
  // The same for the batches that closed bars (every symbol's 1s bar closes in the same batch).
  let serverSideBars = new Map<number, number>();
  let batchClosedBars = false;
  const producer = setInterval(() => {
    const owed = Math.floor(((performance.now() - producerStart) * TICKS_PER_SECOND) / 1000) - ticks;
    let firstEntered = 0;
    for (let i = 0; i < owed; i++) {
      const trade = feed.next();
      if (i === 0) firstEntered = trade.tsRecv;
      clock.advanceTo(trade.tsRecv);
      entering = trade;
      pipeline.next(trade, publish);
      ticks++;
    }
    entering = null;
    pipeline.onTime(clock.now(), publish);
    const closedBars = batchClosedBars;
    batchClosedBars = false;
    if (owed > 0)
      queueMicrotask(() => {
        const micros = epochOffset + hrtimeMicros() - firstEntered;
        record(serverSide, micros);
        if (closedBars) record(serverSideBars, micros);
      });
  }, BATCH_MS);

  const children = Array.from({ length: CLIENT_PROCESSES }, () =>
    fork(fileURLToPath(import.meta.url), ['clients'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  /** Sends a command to every client process, each its share of the subscriptions. */
  const requestAll = (command: (share: number) => ToClients, expect: FromClients['event']): Promise<FromClients[]> =>
    Promise.all(children.map((child, share) => request(child, command(share), expect)));
  const share = <T>(items: readonly T[], index: number): T[] => items.filter((_, i) => i % CLIENT_PROCESSES === index);
  const connect = (subscriptions: Subscription[]) =>
    requestAll(
      (index) => ({ cmd: 'connect', url, subscriptions: share(subscriptions, index), epochOffset }),
      'connected',
    );
  const closeClients = () => requestAll(() => ({ cmd: 'close' }), 'closed');

  const measure = async (name: string, subscriptions: Subscription[]): Promise<void> => {
    await connect(subscriptions);
    await sleep(WARMUP_MS);
    const statsBefore = hub.stats();
    const ticksBefore = ticks;
    const elu = performance.eventLoopUtilization();
    for (const child of children) child.send({ cmd: 'measure' } satisfies ToClients);
    serverSide = new Map();
    serverSideBars = new Map();
    triggers = new Map();
    const t0 = performance.now();
    await sleep(MEASURE_MS);
    // Bars closed just before the report may still be on their way: they count as unmatched.
    const sent: Triggers = [...triggers];
    const results = (await requestAll(() => ({ cmd: 'report', triggers: sent }), 'report')) as Extract<
      FromClients,
      { event: 'report' }
    >[];
    const seconds = (performance.now() - t0) / 1000;
    const statsAfter = hub.stats();
    const utilisation = performance.eventLoopUtilization(elu).utilization;
    const of = (kind: Kind) => percentiles(results.map((result) => result.histograms[kind]));
    const server = percentiles([[...serverSide]]);
    const extra = {
      scenario: name,
      clients: subscriptions.length,
      client_processes: CLIENT_PROCESSES,
      client_library: CLIENT_LIBRARY,
    };
    const sum = (field: 'messages' | 'unmatched' | 'warnings') => results.reduce((total, r) => total + r[field], 0);
    report(BENCH, `${name}_ticks_per_second_in`, (ticks - ticksBefore) / seconds, 'ticks/s', extra);
    report(BENCH, `${name}_messages_per_second_delivered`, sum('messages') / seconds, 'messages/s', extra);
    const latency = (metric: string, figures: Percentiles, note?: string): void => {
      if (figures.count === 0) return;
      report(BENCH, `${name}_${metric}_p50`, figures.p50 / 1000, 'ms', { ...extra, samples: figures.count });
      report(BENCH, `${name}_${metric}_p99`, figures.p99 / 1000, 'ms', {
        ...extra,
        max_ms: figures.max / 1000,
        ...(note === undefined ? {} : { note }),
      });
    };
    latency('tick_latency', of('ticks'), 'tick entering the process → its message at a client');
    latency('forming_bar_latency', of('partials'), 'tick entering → the forming bar it updated, at a client');
    latency('closed_bar_latency', of('bars'), 'tick that closed the bar entering → the bar at a client');
    latency('anomaly_latency', of('anomalies'), 'tick that closed the scored bar entering → the anomaly at a client');
    latency('bar_close_lag', of('barCloseLag'), 'window end → client; includes waiting for the next trade');
    report(BENCH, `${name}_bars_and_anomalies_unmatched`, sum('unmatched'), 'messages', {
      ...extra,
      note: 'closed by a timer or after the report: no causing tick',
    });
    latency('server_batch_to_sockets', server, 'first tick of a 10 ms batch entering → all its frames written');
    latency(
      'server_bar_batch_to_sockets',
      percentiles([[...serverSideBars]]),
      'the same, for the batches that closed bars: the server side of the closed-bar latency',
    );
    report(BENCH, `${name}_frames_dropped`, statsAfter.framesDropped - statsBefore.framesDropped, 'frames', extra);
    report(BENCH, `${name}_warnings_received`, sum('warnings'), 'messages', extra);
    report(BENCH, `${name}_server_event_loop_utilisation`, utilisation * 100, '%', extra);
    report(
      BENCH,
      `${name}_client_process_event_loop_utilisation_max`,
      Math.max(...results.map((r) => r.eventLoopUtilisation)) * 100,
      '%',
      extra,
    );
    await closeClients();
    while (hub.clientCount > 0) await sleep(20);
  };

  const only = process.env['BENCH_WS_SCENARIO'];
  // 1. Traders: each client follows 5 symbols on every channel; each symbol has 10 clients.
  if (only === undefined || only === 'traders')
    await measure(
      'traders',
      Array.from({ length: CLIENTS }, (_, c) => ({
        channels: ['ticks', 'bars', 'bars.partial', 'anomalies'],
        symbols: Array.from({ length: 5 }, (_, k) => symbolName((c * 5 + k) % SYMBOLS)),
      })),
    );
  // 2. Dashboards: bars and forming bars of every symbol.
  if (only === undefined || only === 'dashboards')
    await measure(
      'dashboards',
      Array.from({ length: CLIENTS }, () => ({ channels: ['bars', 'bars.partial', 'anomalies'], symbols: ['*'] })),
    );

  // 3. Memory with 1,000 idle clients (no traffic while measuring).
  clearInterval(producer);
  await sleep(200);
  gc();
  const before = process.memoryUsage();
  await connect(
    Array.from({ length: IDLE_CLIENTS }, (_, c) => ({
      channels: ['bars'],
      symbols: [symbolName(c % SYMBOLS)],
    })),
  );
  await sleep(500);
  gc();
  const after = process.memoryUsage();
  const heapPerClient = (after.heapUsed + after.external - before.heapUsed - before.external) / IDLE_CLIENTS;
  report(BENCH, 'idle_client_memory_heap_and_buffers', heapPerClient / 1024, 'KiB/client', {
    clients: hub.clientCount,
  });
  await closeClients();
  for (const child of children) child.disconnect();
  await app.close();
  process.stderr.write(`# websocket bench done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.exit(0);
}

const GUARD_MS = 70_000 + 2 * MEASURE_MS;
if (process.argv[2] === 'clients') runClients();
else {
  const guard = setTimeout(() => {
    process.stderr.write(`# websocket bench exceeded ${GUARD_MS / 1000} s, stopping\n`);
    process.exit(1);
  }, GUARD_MS);
  guard.unref();
  await runServer();
}

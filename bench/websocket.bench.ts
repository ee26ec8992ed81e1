/**
 * WebSocket fan-out: latency and memory.
 *
 * A Fastify server on 127.0.0.1 with the WebSocket plugin (no authentication hook) publishes a
 * synthetic stream of 10,000 ticks/s across 50 symbols into the EventHub: each tick goes through
 * the real Pipeline (1s and 1m bars, forming bars every 250 ms) and every resulting event is
 * published. The clients live in a child process (this file, role `clients`), so they do not
 * share the server's event loop; both sides read the same monotonic clock (hrtime), so
 * latencies are exact.
 *
 * Figures:
 *  1. 100 clients, each subscribed to ticks, bars, forming bars and anomalies of 5 symbols
 *     (every tick reaches 10 clients: 100,000 messages/s): latency from a tick entering the
 *     process to its message arriving at a client, p50/p99; forming bars the same way.
 *  2. 100 dashboard clients subscribed to bars, forming bars and anomalies of all 50 symbols:
 *     forming-bar latency p50/p99 and closed-bar close lag (window end → client).
 *  3. Server memory with 1,000 idle clients (heap + buffers, and RSS, per client).
 *
 * Bounded: about 30 s in all; stops by itself. The latency figures include the scheduling delay
 * of both processes, so the load average at start is reported with them.
 *   npx tsx bench/websocket.bench.ts        (or: npm run bench -- websocket)
 *   BENCH_WS_SCENARIO=traders|dashboards and BENCH_WS_CLIENTS=N narrow a run.
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
import type { ClientTransport } from '../src/server/ws/hub-client.js';
import { nanosPerOp, report } from './lib/report.js';

const BENCH = 'websocket';
const SYMBOLS = 50;
const TICKS_PER_SECOND = 10_000;
const BATCH_MS = 10;
const CLIENTS = Number(process.env['BENCH_WS_CLIENTS'] ?? 100);
const IDLE_CLIENTS = 1_000;
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;

type Subscription = { channels: string[]; symbols: string[] };
type ToClients =
  | { cmd: 'connect'; url: string; subscriptions: Subscription[]; epochOffset: number }
  | { cmd: 'measure' }
  | { cmd: 'report' }
  | { cmd: 'close' };
interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}
type FromClients =
  | { event: 'connected' }
  | {
      event: 'report';
      ticks: Percentiles;
      partials: Percentiles;
      bars: Percentiles;
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
  let sockets: WebSocket[] = [];
  let epochOffset = 0;
  let measuring = false;
  let messages = 0;
  let warnings = 0;
  let elu = performance.eventLoopUtilization();
  const samples = { ticks: [] as number[], partials: [] as number[], bars: [] as number[] };
  const send = (message: FromClients) => process.send?.(message);

  // The clients read only what they measure (no JSON.parse of 100,000 messages a second), so the
  // client process stays far from saturation and the latency is the server's and the network's.
  const onMessage = (data: Buffer): void => {
    const now = epochOffset + hrtimeMicros();
    if (!measuring) return;
    messages++;
    if (startsWith(data, TICKS_PREFIX)) samples.ticks.push(now - numberAfter(data, TS_RECV));
    else if (startsWith(data, PARTIALS_PREFIX)) samples.partials.push(now - numberAfter(data, TS_RECV));
    else if (startsWith(data, BARS_PREFIX)) samples.bars.push(now - numberAfter(data, END));
    else if (data.includes('"type":"warning"')) warnings++;
  };

  process.on('message', (command: ToClients) => {
    if (command.cmd === 'connect') {
      epochOffset = command.epochOffset;
      let ready = 0;
      sockets = command.subscriptions.map((subscription) => {
        const socket = new WebSocket(command.url);
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
      send({
        event: 'report',
        ticks: percentiles(samples.ticks),
        partials: percentiles(samples.partials),
        bars: percentiles(samples.bars),
        messages,
        warnings,
        eventLoopUtilisation: performance.eventLoopUtilization(elu).utilization,
      });
      samples.ticks = [];
      samples.partials = [];
      samples.bars = [];
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
const BARS_PREFIX = Buffer.from('{"type":"event","channel":"bars",');
const TS_RECV = Buffer.from('"tsRecv":');
const END = Buffer.from('"end":');

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

function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
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
      detectors: [],
    },
    clock,
  );
  const feed = new SyntheticFeed(epochOffset);
  const publish = (event: PipelineEvent) => hub.publish(event);
  let ticks = 0;
  const producerStart = performance.now();
  // Paced by elapsed time, not by timer count: a late timer publishes the ticks it owes.
  // Server side only: from the first tick of a batch entering to every resulting frame handed to
  // the kernel (the hub flushes in a microtask queued before this one). Free of the clients'
  // scheduling delay.
  let serverSide: number[] = [];
  const producer = setInterval(() => {
    const owed = Math.floor(((performance.now() - producerStart) * TICKS_PER_SECOND) / 1000) - ticks;
    let firstEntered = 0;
    for (let i = 0; i < owed; i++) {
      const trade = feed.next();
      if (i === 0) firstEntered = trade.tsRecv;
      clock.advanceTo(trade.tsRecv);
      pipeline.next(trade, publish);
      ticks++;
    }
    pipeline.onTime(clock.now(), publish);
    if (owed > 0) queueMicrotask(() => serverSide.push(epochOffset + hrtimeMicros() - firstEntered));
  }, BATCH_MS);

  const child = fork(fileURLToPath(import.meta.url), ['clients'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const measure = async (name: string, subscriptions: Subscription[]): Promise<void> => {
    await request(child, { cmd: 'connect', url, subscriptions, epochOffset }, 'connected');
    await sleep(WARMUP_MS);
    const statsBefore = hub.stats();
    const ticksBefore = ticks;
    const elu = performance.eventLoopUtilization();
    child.send({ cmd: 'measure' } satisfies ToClients);
    serverSide = [];
    const t0 = performance.now();
    await sleep(MEASURE_MS);
    const result = (await request(child, { cmd: 'report' }, 'report')) as Extract<FromClients, { event: 'report' }>;
    const seconds = (performance.now() - t0) / 1000;
    const statsAfter = hub.stats();
    const utilisation = performance.eventLoopUtilization(elu).utilization;
    const server = percentiles(serverSide);
    const extra = { scenario: name, clients: subscriptions.length };
    report(BENCH, `${name}_ticks_per_second_in`, (ticks - ticksBefore) / seconds, 'ticks/s', extra);
    report(BENCH, `${name}_messages_per_second_delivered`, result.messages / seconds, 'messages/s', extra);
    if (result.ticks.count > 0) {
      report(BENCH, `${name}_tick_latency_p50`, result.ticks.p50 / 1000, 'ms', {
        ...extra,
        samples: result.ticks.count,
      });
      report(BENCH, `${name}_tick_latency_p99`, result.ticks.p99 / 1000, 'ms', {
        ...extra,
        max_ms: result.ticks.max / 1000,
      });
    }
    report(BENCH, `${name}_forming_bar_latency_p50`, result.partials.p50 / 1000, 'ms', {
      ...extra,
      samples: result.partials.count,
    });
    report(BENCH, `${name}_forming_bar_latency_p99`, result.partials.p99 / 1000, 'ms', {
      ...extra,
      max_ms: result.partials.max / 1000,
    });
    report(BENCH, `${name}_bar_close_lag_p50`, result.bars.p50 / 1000, 'ms', {
      ...extra,
      samples: result.bars.count,
      note: 'window end → client; a bar closes on the first trade after its window',
    });
    report(BENCH, `${name}_bar_close_lag_p99`, result.bars.p99 / 1000, 'ms', extra);
    report(BENCH, `${name}_server_batch_to_sockets_p50`, server.p50 / 1000, 'ms', { ...extra, batches: server.count });
    report(BENCH, `${name}_server_batch_to_sockets_p99`, server.p99 / 1000, 'ms', {
      ...extra,
      max_ms: server.max / 1000,
      note: 'first tick of a 10 ms batch entering → all its frames written to the sockets',
    });
    report(BENCH, `${name}_frames_dropped`, statsAfter.framesDropped - statsBefore.framesDropped, 'frames', extra);
    report(BENCH, `${name}_server_event_loop_utilisation`, utilisation * 100, '%', extra);
    report(BENCH, `${name}_client_process_event_loop_utilisation`, result.eventLoopUtilisation * 100, '%', extra);
    await request(child, { cmd: 'close' }, 'closed');
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
  await request(
    child,
    {
      cmd: 'connect',
      url,
      subscriptions: Array.from({ length: IDLE_CLIENTS }, (_, c) => ({
        channels: ['bars'],
        symbols: [symbolName(c % SYMBOLS)],
      })),
      epochOffset,
    },
    'connected',
  );
  await sleep(500);
  gc();
  const after = process.memoryUsage();
  const heapPerClient = (after.heapUsed + after.external - before.heapUsed - before.external) / IDLE_CLIENTS;
  report(BENCH, 'idle_client_memory_heap_and_buffers', heapPerClient / 1024, 'KiB/client', {
    clients: hub.clientCount,
  });
  await request(child, { cmd: 'close' }, 'closed');
  child.disconnect();
  await app.close();
  process.stderr.write(`# websocket bench done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.exit(0);
}

if (process.argv[2] === 'clients') runClients();
else {
  const guard = setTimeout(() => {
    process.stderr.write('# websocket bench exceeded 90 s, stopping\n');
    process.exit(1);
  }, 90_000);
  guard.unref();
  await runServer();
}

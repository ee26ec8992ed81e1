/**
 * Prometheus metrics for a tickwatch process, in their own prom-client Registry (not the
 * global one, so tests and several servers in one process do not collide).
 *
 * The run loop calls `observe(event, nowMicros)` for every pipeline event. Ticks and quotes
 * only increment a cached cell (see counter-cells.ts); bars, anomalies and signals, which are
 * far rarer, go to prom-client children cached per label value. Stores, sources, the
 * WebSocket hub and the alert outbox report through explicit methods or are read at scrape
 * time, so they cost nothing between scrapes.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Micros, PipelineEvent } from '../../core/events.js';
import { QUARANTINE_REASONS } from '../../core/events.js';
import { MICROS_PER_SECOND } from '../../core/time.js';
import type { HubStats } from '../ws/event-hub.js';
import { CounterCells2 } from './counter-cells.js';

export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop lag, GC). Default true. */
  readonly processMetrics?: boolean;
  /** Labels added to every series, e.g. `{ instance_role: 'serve' }`. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
}

/** Connection state of a market data source. */
export type SourceState = 'connecting' | 'connected' | 'disconnected' | 'stopped';
const SOURCE_STATES: readonly SourceState[] = ['connecting', 'connected', 'disconnected', 'stopped'];

/** Seconds, from half a millisecond (in-process latency) to a minute (a stalled feed). */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds after a window's end; quiet feeds close bars on the close delay (default 1 s). */
const CLOSE_LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60, 300];
const STORE_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BATCH_ROWS_BUCKETS = [1, 10, 100, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000];
const DELIVERY_SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Observer = { observe(value: number): void };
type Incrementer = { inc(value?: number): void };

export class Metrics {
  readonly registry = new Registry();

  private readonly ticks = new CounterCells2(['source', 'symbol']);
  private readonly quotes = new CounterCells2(['source', 'symbol']);
  private readonly quarantinedByReason = new Map<string, Incrementer>();
  private readonly latencyBar: Observer;
  private readonly latencyPartialBar: Observer;
  private readonly latencyAnomaly: Observer;
  private readonly closeLagByTimeframe = new Map<string, Observer>();
  private readonly barsByTimeframe = new Map<string, Incrementer>();
  private readonly correctionsByTimeframe = new Map<string, Incrementer>();
  private readonly anomaliesByKind = new Map<string, Map<string, Incrementer>>();
  private readonly signalsByAction = new Map<string, Map<string, Incrementer>>();

  private readonly quarantined: Counter<'reason'>;
  private readonly bars: Counter<'timeframe'>;
  private readonly corrections: Counter<'timeframe'>;
  private readonly closeLag: Histogram<'timeframe'>;
  private readonly anomalies: Counter<'kind' | 'severity'>;
  private readonly signals: Counter<'action' | 'strategy'>;
  private readonly storeWriteSeconds: Histogram;
  private readonly storeBatchRows: Histogram;
  private readonly storeWriteFailures: Counter;
  private readonly sourceStateGauge: Gauge<'source' | 'state'>;
  private readonly sourceReconnects: Counter<'source'>;
  private readonly alertDeliveries: Counter<'channel'>;
  private readonly alertFailures: Counter<'channel' | 'kind'>;
  private readonly alertDeliverySeconds: Histogram<'channel'>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.defaultLabels !== undefined) this.registry.setDefaultLabels({ ...options.defaultLabels });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });

    const ticks = this.ticks;
    const quotes = this.quotes;
    new Counter({
      name: 'tickwatch_ticks_received_total',
      help: 'Trades received, per source and symbol (before validation).',
      labelNames: ['source', 'symbol'],
      registers,
      collect() {
        ticks.report(this);
      },
    });
    new Counter({
      name: 'tickwatch_quotes_received_total',
      help: 'Quotes received, per source and symbol (before validation).',
      labelNames: ['source', 'symbol'],
      registers,
      collect() {
        quotes.report(this);
      },
    });
    this.quarantined = new Counter({
      name: 'tickwatch_quarantined_total',
      help: 'Inputs rejected by validation and written to quarantine, by reason.',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of QUARANTINE_REASONS) {
      const child = this.quarantined.labels(reason);
      child.inc(0); // every reason is a series from the start, so rate() and alerts see zeros
      this.quarantinedByReason.set(reason, child);
    }

    const latency = new Histogram({
      name: 'tickwatch_processing_latency_seconds',
      help:
        'Receive time of the newest input → event emitted. stage="bar_partial": a forming bar (pure processing); ' +
        'stage="bar": a closed bar (includes waiting for the window to end); stage="anomaly": an anomaly.',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.latencyBar = latency.labels('bar');
    this.latencyPartialBar = latency.labels('bar_partial');
    this.latencyAnomaly = latency.labels('anomaly');
    this.closeLag = new Histogram({
      name: 'tickwatch_bar_close_lag_seconds',
      help: "Time from a bar window's end to the closed bar being emitted, per timeframe.",
      labelNames: ['timeframe'],
      buckets: CLOSE_LAG_BUCKETS,
      registers,
    });
    this.bars = new Counter({
      name: 'tickwatch_bars_total',
      help: 'Closed bars emitted, per timeframe.',
      labelNames: ['timeframe'],
      registers,
    });
    this.corrections = new Counter({
      name: 'tickwatch_bar_corrections_total',
      help: 'Closed bars amended by late trades, per timeframe.',
      labelNames: ['timeframe'],
      registers,
    });
    this.anomalies = new Counter({
      name: 'tickwatch_anomalies_total',
      help: 'Anomalies detected, by kind and severity.',
      labelNames: ['kind', 'severity'],
      registers,
    });
    this.signals = new Counter({
      name: 'tickwatch_signals_total',
      help: 'Trading signals emitted, by action and strategy.',
      labelNames: ['action', 'strategy'],
      registers,
    });
    this.storeWriteSeconds = new Histogram({
      name: 'tickwatch_store_write_duration_seconds',
      help: 'Duration of one store write transaction.',
      buckets: STORE_SECONDS_BUCKETS,
      registers,
    });
    this.storeBatchRows = new Histogram({
      name: 'tickwatch_store_batch_rows',
      help: 'Rows per store write transaction.',
      buckets: BATCH_ROWS_BUCKETS,
      registers,
    });
    this.storeWriteFailures = new Counter({
      name: 'tickwatch_store_write_failures_total',
      help: 'Store write transactions that failed (the batch is kept and retried).',
      registers,
    });
    this.sourceStateGauge = new Gauge({
      name: 'tickwatch_source_state',
      help: 'Connection state of each market data source: 1 for its current state, 0 for the others.',
      labelNames: ['source', 'state'],
      registers,
    });
    this.sourceReconnects = new Counter({
      name: 'tickwatch_source_reconnects_total',
      help: 'Reconnections of each market data source.',
      labelNames: ['source'],
      registers,
    });
    this.alertDeliveries = new Counter({
      name: 'tickwatch_alert_deliveries_total',
      help: 'Alerts delivered, per channel.',
      labelNames: ['channel'],
      registers,
    });
    this.alertFailures = new Counter({
      name: 'tickwatch_alert_delivery_failures_total',
      help: 'Failed alert delivery attempts, per channel; kind="retryable" will be retried, kind="permanent" will not.',
      labelNames: ['channel', 'kind'],
      registers,
    });
    this.alertDeliverySeconds = new Histogram({
      name: 'tickwatch_alert_delivery_duration_seconds',
      help: 'Duration of one successful delivery attempt, per channel.',
      labelNames: ['channel'],
      buckets: DELIVERY_SECONDS_BUCKETS,
      registers,
    });
  }

  /** Counts one pipeline event; `nowMicros` is the wall-clock time it was emitted. */
  observe(event: PipelineEvent, nowMicros: Micros): void {
    switch (event.type) {
      case 'trade':
        this.ticks.cell(event.source, event.symbol).value++;
        return;
      case 'quote':
        this.quotes.cell(event.source, event.symbol).value++;
        return;
      case 'bar.partial':
        this.latencyPartialBar.observe(seconds(nowMicros - event.tsRecv));
        return;
      case 'bar':
        this.latencyBar.observe(seconds(nowMicros - event.tsRecv));
        cached(this.closeLagByTimeframe, event.timeframe, () => this.closeLag.labels(event.timeframe)).observe(
          seconds(nowMicros - event.end),
        );
        cached(this.barsByTimeframe, event.timeframe, () => this.bars.labels(event.timeframe)).inc();
        return;
      case 'bar.correction':
        cached(this.correctionsByTimeframe, event.timeframe, () => this.corrections.labels(event.timeframe)).inc();
        return;
      case 'anomaly':
        this.latencyAnomaly.observe(seconds(nowMicros - event.tsRecv));
        cached2(this.anomaliesByKind, event.kind, event.severity, () =>
          this.anomalies.labels(event.kind, event.severity),
        ).inc();
        return;
      case 'signal':
        cached2(this.signalsByAction, event.action, event.strategy, () =>
          this.signals.labels(event.action, event.strategy),
        ).inc();
        return;
      case 'quarantine':
        cached(this.quarantinedByReason, event.reason, () => this.quarantined.labels(event.reason)).inc();
        return;
      case 'indicators':
      case 'label':
        return;
    }
  }

  /** One store write transaction: its duration and rows. */
  storeWrite(durationSeconds: number, rows: number): void {
    this.storeWriteSeconds.observe(durationSeconds);
    this.storeBatchRows.observe(rows);
  }

  storeWriteFailed(): void {
    this.storeWriteFailures.inc();
  }

  /** A source's connection state changed. */
  sourceState(source: string, state: SourceState): void {
    for (const candidate of SOURCE_STATES)
      this.sourceStateGauge.labels(source, candidate).set(candidate === state ? 1 : 0);
  }

  sourceReconnected(source: string): void {
    this.sourceReconnects.labels(source).inc();
  }

  /** An alert reached a channel (the outbox reports this). */
  alertDelivered(channel: string, durationSeconds: number): void {
    this.alertDeliveries.labels(channel).inc();
    this.alertDeliverySeconds.labels(channel).observe(durationSeconds);
  }

  /** A delivery attempt failed; `permanent` when it will not be retried. */
  alertFailed(channel: string, permanent: boolean): void {
    this.alertFailures.labels(channel, permanent ? 'permanent' : 'retryable').inc();
  }

  /** Exports the WebSocket hub's figures, read at each scrape. */
  trackWebsocket(stats: () => HubStats): void {
    const registers = [this.registry];
    // stats() walks the clients once (microseconds for thousands); each collector reads it.
    const read = stats;
    new Gauge({
      name: 'tickwatch_websocket_clients',
      help: 'Connected WebSocket clients.',
      registers,
      collect() {
        this.set(read().clients);
      },
    });
    new Gauge({
      name: 'tickwatch_websocket_queued_frames',
      help: 'Messages waiting in WebSocket client queues, all clients together.',
      registers,
      collect() {
        this.set(read().queuedFrames);
      },
    });
    new Gauge({
      name: 'tickwatch_websocket_queued_bytes',
      help: 'Bytes waiting in WebSocket client queues, all clients together.',
      registers,
      collect() {
        this.set(read().queuedBytes);
      },
    });
    new Gauge({
      name: 'tickwatch_websocket_max_client_queue_frames',
      help: 'The longest WebSocket client queue.',
      registers,
      collect() {
        this.set(read().maxClientQueue);
      },
    });
    monotonic(
      this.registry,
      'tickwatch_websocket_events_serialised_total',
      'Events serialised for WebSocket clients (once per event).',
      () => read().eventsSerialised,
    );
    monotonic(
      this.registry,
      'tickwatch_websocket_frames_sent_total',
      'Messages written to WebSocket clients.',
      () => read().framesSent,
    );
    monotonic(
      this.registry,
      'tickwatch_websocket_frames_dropped_total',
      'Messages dropped from the queues of slow WebSocket clients.',
      () => read().framesDropped,
    );
    const reported: Record<string, number> = {};
    new Counter({
      name: 'tickwatch_websocket_disconnects_total',
      help: 'WebSocket disconnections by reason (client_closed, slow_consumer, heartbeat_timeout, abuse, server_closing).',
      labelNames: ['reason'],
      registers,
      collect() {
        for (const [reason, count] of Object.entries(read().disconnects)) {
          const delta = count - (reported[reason] ?? 0);
          this.inc({ reason }, delta);
          reported[reason] = count;
        }
      },
    });
  }

  /** Exports the alert outbox's rows per status, read at each scrape. */
  trackAlertOutbox(counts: () => Readonly<Record<string, number>>): void {
    new Gauge({
      name: 'tickwatch_alert_outbox_rows',
      help: 'Alert deliveries in the outbox by status (pending, delivering, delivered, failed).',
      labelNames: ['status'],
      registers: [this.registry],
      collect() {
        for (const [status, count] of Object.entries(counts())) this.set({ status }, count);
      },
    });
  }

  /** The exposition text for /metrics. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function seconds(micros: number): number {
  return micros > 0 ? micros / MICROS_PER_SECOND : 0;
}

function cached<T>(map: Map<string, T>, key: string, create: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function cached2<T>(map: Map<string, Map<string, T>>, first: string, second: string, create: () => T): T {
  return cached(
    cached(map, first, () => new Map<string, T>()),
    second,
    create,
  );
}

/** A counter that follows a monotonic figure read at scrape time. */
function monotonic(registry: Registry, name: string, help: string, read: () => number): void {
  let reported = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const value = read();
      if (value > reported) this.inc(value - reported);
      reported = value;
    },
  });
}

/**
 * Collects the run loop figures of `GET /api/v1/system/stats` (the `SystemStats` shape):
 * ticks per second and store rows per second over a sliding window of whole seconds, events
 * by type since start, and latency percentiles (receive time of the newest input → event
 * emitted) over the most recent samples per stage.
 *
 * O(1) per event without allocation (after the first event of a type): per-second counters in
 * rings, latency samples in fixed Float64Array rings. Percentiles are computed on request by
 * sorting a copy of at most `latencySamples` values per stage.
 *
 * The caller passes the wall-clock time (µs) with each call, like `Metrics.observe`.
 */
import type { Micros, PipelineEvent } from '../core/events.js';
import type { LatencyPercentiles, SystemStats, WebsocketStats } from './routes/route-deps.js';

export interface SystemStatsCollectorOptions {
  /** Whole seconds the rates are averaged over (default 10). */
  readonly windowSeconds?: number;
  /** Most recent latency samples kept per stage (default 1024). */
  readonly latencySamples?: number;
}

/** Latency stages: a closed bar, a forming bar (pure processing), an anomaly. */
const STAGE_BY_TYPE: Readonly<Partial<Record<PipelineEvent['type'], string>>> = {
  bar: 'receive_to_bar',
  'bar.partial': 'receive_to_bar_partial',
  anomaly: 'receive_to_anomaly',
};

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_MILLISECOND = 1_000;

/**
 * Counts per whole second in a ring; `rate` averages the last `window` complete seconds. The
 * ring has one slot more than the window, for the second in progress.
 */
class PerSecondCounter {
  private readonly seconds: Float64Array;
  private readonly counts: Float64Array;

  constructor(private readonly window: number) {
    this.seconds = new Float64Array(window + 1).fill(-1);
    this.counts = new Float64Array(window + 1);
  }

  add(nowMicros: Micros, amount: number): void {
    const second = Math.floor(nowMicros / MICROS_PER_SECOND);
    const slot = second % this.seconds.length;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot]! += amount;
  }

  /** Per second over the `window` whole seconds before the current one. */
  rate(nowMicros: Micros): number {
    const current = Math.floor(nowMicros / MICROS_PER_SECOND);
    let sum = 0;
    for (let slot = 0; slot < this.seconds.length; slot++) {
      const second = this.seconds[slot]!;
      if (second >= current - this.window && second < current) sum += this.counts[slot]!;
    }
    return sum / this.window;
  }
}

/** The most recent samples of one stage, in milliseconds. */
class SampleRing {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(size: number) {
    this.values = new Float64Array(size);
  }

  add(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.values.length;
    if (this.filled < this.values.length) this.filled++;
  }

  /** Nearest-rank percentiles (the smallest sample with at least p of the samples at or below it). */
  percentiles(): LatencyPercentiles | null {
    if (this.filled === 0) return null;
    const sorted = this.values.slice(0, this.filled).sort();
    const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
    return { count: sorted.length, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.length - 1]! };
  }
}

export class SystemStatsCollector {
  private readonly windowSeconds: number;
  private readonly latencySamples: number;
  private readonly ticks: PerSecondCounter;
  private readonly storeRows: PerSecondCounter;
  private readonly storeBatches: PerSecondCounter;
  private readonly eventsByType = new Map<string, number>();
  private readonly latency = new Map<string, SampleRing>();
  private storeRowsTotal = 0;

  constructor(options: SystemStatsCollectorOptions = {}) {
    this.windowSeconds = options.windowSeconds ?? 10;
    this.latencySamples = options.latencySamples ?? 1024;
    if (!Number.isInteger(this.windowSeconds) || this.windowSeconds < 1)
      throw new Error(`windowSeconds must be a whole number ≥ 1, not ${this.windowSeconds}`);
    if (!Number.isInteger(this.latencySamples) || this.latencySamples < 1)
      throw new Error(`latencySamples must be a whole number ≥ 1, not ${this.latencySamples}`);
    this.ticks = new PerSecondCounter(this.windowSeconds);
    this.storeRows = new PerSecondCounter(this.windowSeconds);
    this.storeBatches = new PerSecondCounter(this.windowSeconds);
  }

  /** Every pipeline event, with the wall-clock time it was emitted. */
  observe(event: PipelineEvent, nowMicros: Micros): void {
    this.eventsByType.set(event.type, (this.eventsByType.get(event.type) ?? 0) + 1);
    if (event.type === 'trade' || event.type === 'quote') {
      this.ticks.add(nowMicros, 1);
      return;
    }
    const stage = STAGE_BY_TYPE[event.type];
    if (stage === undefined || !('tsRecv' in event)) return;
    let ring = this.latency.get(stage);
    if (ring === undefined) {
      ring = new SampleRing(this.latencySamples);
      this.latency.set(stage, ring);
    }
    ring.add((nowMicros - event.tsRecv) / MICROS_PER_MILLISECOND);
  }

  /** One store write batch of `rows` rows. */
  storeWrite(rows: number, nowMicros: Micros): void {
    this.storeRows.add(nowMicros, rows);
    this.storeBatches.add(nowMicros, 1);
    this.storeRowsTotal += rows;
  }

  /** The figures now; `websocket` from the hub (`hub.stats()`), or null without one. */
  stats(nowMicros: Micros, websocket: WebsocketStats | null = null): SystemStats {
    const latencyMs: Record<string, LatencyPercentiles> = {};
    for (const [stage, ring] of this.latency) {
      const percentiles = ring.percentiles();
      if (percentiles !== null) latencyMs[stage] = percentiles;
    }
    return {
      windowSeconds: this.windowSeconds,
      ticksPerSecond: this.ticks.rate(nowMicros),
      eventsByType: Object.fromEntries(this.eventsByType),
      websocket,
      storeWrites: {
        rowsPerSecond: this.storeRows.rate(nowMicros),
        batchesPerSecond: this.storeBatches.rate(nowMicros),
        rowsTotal: this.storeRowsTotal,
      },
      latencyMs,
    };
  }
}

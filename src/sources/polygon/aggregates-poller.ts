/**
 * For plans without WebSocket access: a Source that polls REST minute aggregates for each
 * symbol, round-robin under the plan's request limit, and hands closed bars to the sink.
 * Each symbol remembers the start of its last delivered bar, so no bar is sent twice and a
 * missed poll is caught up by the next one (the request asks from the last bar on).
 */
import type { Micros } from '../../core/events.js';
import { sleep } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { Source, SourceCounters, SourceLogger, SourceSink, SourceStatus } from '../common/source.js';
import { emptyCounters, silentLogger } from '../common/source.js';
import type { PolygonRestClient } from './rest.js';
import type { PolygonRestTarget } from './tiers.js';

export interface PolygonPollerOptions {
  readonly name?: string;
  readonly client: PolygonRestClient;
  readonly targets: readonly PolygonRestTarget[];
  /** Pause between rounds over all symbols (the rate limiter paces requests within a round). */
  readonly intervalMs?: number;
  /** How far back the first poll of a symbol reaches (µs). */
  readonly lookback?: Micros;
  readonly logger?: SourceLogger;
  readonly now?: () => Micros;
}

const MINUTE: Micros = 60_000_000;

export class PolygonAggregatesPoller implements Source {
  readonly name: string;
  private readonly counters: SourceCounters = emptyCounters();
  private readonly lastStart = new Map<string, Micros>();
  private readonly logger: SourceLogger;
  private readonly now: () => Micros;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private state: SourceStatus['state'] = 'stopped';
  private lastError: string | null = null;
  private since = Date.now();
  private sink: SourceSink | null = null;

  constructor(private readonly options: PolygonPollerOptions) {
    this.name = options.name ?? 'polygon-rest';
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? receiveMicros;
  }

  start(sink: SourceSink): void {
    if (this.loop !== null) return;
    this.sink = sink;
    this.abort = new AbortController();
    this.setState('connecting');
    this.loop = this.run(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort(new Error('stopped'));
    await this.loop;
    this.loop = null;
    this.setState('stopped');
  }

  status(): SourceStatus {
    return {
      name: this.name,
      state: this.state,
      lastError: this.lastError,
      since: this.since,
      counters: { ...this.counters },
    };
  }

  /** One round over every symbol; exposed for tests and for a one-shot catch-up. */
  async pollOnce(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    for (const target of this.options.targets) {
      const from = (this.lastStart.get(target.symbol) ?? now - (this.options.lookback ?? 60 * MINUTE)) + 1_000;
      try {
        for await (const bars of this.options.client.aggregates(
          { ticker: target.ticker, symbol: target.symbol, multiplier: 1, timespan: 'minute', from, to: now },
          signal,
        )) {
          this.counters.frames++;
          for (const bar of bars) {
            // Only closed bars, each once.
            if (bar.end > now || bar.start <= (this.lastStart.get(target.symbol) ?? Number.NEGATIVE_INFINITY)) continue;
            this.lastStart.set(target.symbol, bar.start);
            this.counters.bars++;
            this.sink?.bar?.(bar);
          }
        }
        this.lastError = null;
        this.setState('connected');
      } catch (error) {
        if (signal?.aborted) return;
        this.counters.providerErrors++;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn({ source: this.name, symbol: target.symbol, error: this.lastError }, 'aggregates poll failed');
        this.setState('degraded');
      }
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.pollOnce(signal);
      try {
        await sleep(this.options.intervalMs ?? 60_000, signal);
      } catch {
        return;
      }
    }
  }

  private setState(state: SourceStatus['state']): void {
    if (state === this.state) return;
    this.state = state;
    this.since = Date.now();
    this.sink?.status?.(this.status());
  }
}

/**
 * Turns gap reports into REST fetches, one at a time (REST limits are per provider), so the
 * stored bars have no holes. Overlapping or adjacent gaps of the same symbol waiting in the
 * queue are merged into one request. Failures are counted and reported, never thrown: the live
 * feed goes on, and a later backfill can close what gap-fill could not.
 */
import type { GapReport } from './gap-detector.js';
import type { SourceBar, SourceLogger } from './source.js';
import { silentLogger } from './source.js';

export interface GapFillerOptions {
  /** Fetches the bars covering the gap, page by page (e.g. PolygonRestClient.aggregates). */
  readonly fetch: (gap: GapReport, signal: AbortSignal) => AsyncIterable<readonly SourceBar[]>;
  readonly onBars: (bars: readonly SourceBar[], gap: GapReport) => void;
  readonly onError?: (error: Error, gap: GapReport) => void;
  readonly logger?: SourceLogger;
}

export interface GapFillerStats {
  requested: number;
  merged: number;
  filled: number;
  failed: number;
  bars: number;
}

export class GapFiller {
  readonly stats: GapFillerStats = { requested: 0, merged: 0, filled: 0, failed: 0, bars: 0 };
  private readonly queue: GapReport[] = [];
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private readonly logger: SourceLogger;

  constructor(private readonly options: GapFillerOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Queues a gap (a `*` symbol has no history to fetch and is ignored). */
  enqueue(gap: GapReport): void {
    if (gap.symbol === '*' || this.abort.signal.aborted) return;
    this.stats.requested++;
    const index = this.queue.findIndex(
      (q) => q.symbol === gap.symbol && q.stream === gap.stream && q.from <= gap.to && gap.from <= q.to,
    );
    const queued = index >= 0 ? this.queue[index] : undefined;
    if (queued !== undefined) {
      this.queue[index] = { ...queued, from: Math.min(queued.from, gap.from), to: Math.max(queued.to, gap.to) };
      this.stats.merged++;
    } else {
      this.queue.push(gap);
    }
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves when the queue is empty. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** Abandons queued gaps and the fetch in flight. */
  async stop(): Promise<void> {
    this.abort.abort(new Error('gap filler stopped'));
    this.queue.length = 0;
    await this.running?.catch(() => {});
  }

  private async drain(): Promise<void> {
    for (let gap = this.queue.shift(); gap !== undefined; gap = this.queue.shift()) {
      const { from, to } = gap;
      try {
        for await (const bars of this.options.fetch(gap, this.abort.signal)) {
          const inside = bars.filter((bar) => bar.end > from && bar.start < to);
          this.stats.bars += inside.length;
          if (inside.length > 0) this.options.onBars(inside, gap);
        }
        this.stats.filled++;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.stats.failed++;
        const failure = error instanceof Error ? error : new Error(String(error));
        this.logger.warn({ symbol: gap.symbol, from: gap.from, to: gap.to, error: failure.message }, 'gap fill failed');
        this.options.onError?.(failure, gap);
      }
    }
  }
}

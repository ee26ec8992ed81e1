/**
 * Batches pipeline events into store transactions. Events are appended to per-table arrays
 * (O(1), no copying) and written when the batch is full or the flush timer fires. A failed
 * write keeps the batch and is retried with backoff: nothing is dropped, and the store's
 * upserts are idempotent, so a retry after a partial failure writes no duplicates.
 */
import type {
  Anomaly,
  Bar,
  BarCorrection,
  FeatureSet,
  IndicatorSet,
  Label,
  PipelineEvent,
  Quarantined,
  Quote,
  Signal,
  Trade,
} from '../core/events.js';
import type { Store, StoreBatch } from '../store/store.js';
import type { Logger } from './logger.js';

export interface StoreWriterOptions {
  readonly batchSize: number;
  readonly storeTrades: boolean;
  readonly storeQuotes: boolean;
}

export interface StoreWriterStats {
  rowsWritten: number;
  batchesWritten: number;
  writeErrors: number;
  lastBatchMillis: number;
  quotesSkipped: number;
}

export class StoreWriter {
  private trades: Trade[] = [];
  private quotes: Quote[] = [];
  private bars: Array<Bar | BarCorrection> = [];
  private anomalies: Anomaly[] = [];
  private signals: Signal[] = [];
  private labels: Label[] = [];
  private quarantine: Quarantined[] = [];
  private indicators: IndicatorSet[] = [];
  private features: FeatureSet[] = [];
  private pendingRows = 0;
  private flushing: Promise<void> | null = null;
  /** Temporarily drop quotes (e.g. while simulating warm-up history); counted in `stats.quotesSkipped`. */
  skipQuotes = false;
  readonly stats: StoreWriterStats = {
    rowsWritten: 0,
    batchesWritten: 0,
    writeErrors: 0,
    lastBatchMillis: 0,
    quotesSkipped: 0,
  };

  constructor(
    private readonly store: Store,
    private readonly options: StoreWriterOptions,
    private readonly logger?: Logger,
    /** Told of every batch written (e.g. metrics). */
    private readonly onWrite?: (seconds: number, rows: number) => void,
  ) {}

  get pending(): number {
    return this.pendingRows;
  }

  /** True when the batch is full and the caller should await flush() before adding more. */
  get full(): boolean {
    return this.pendingRows >= this.options.batchSize;
  }

  add(event: PipelineEvent): void {
    switch (event.type) {
      case 'trade':
        if (!this.options.storeTrades) return;
        this.trades.push(event);
        break;
      case 'quote':
        if (!this.options.storeQuotes) return;
        if (this.skipQuotes) {
          this.stats.quotesSkipped++;
          return;
        }
        this.quotes.push(event);
        break;
      case 'bar':
      case 'bar.correction':
        this.bars.push(event);
        break;
      case 'anomaly':
        this.anomalies.push(event);
        break;
      case 'signal':
        this.signals.push(event);
        break;
      case 'label':
        this.labels.push(event);
        break;
      case 'quarantine':
        this.quarantine.push(event);
        break;
      case 'bar.partial':
        return; // superseded by the closed bar; never stored
      case 'indicators':
        this.indicators.push(event);
        break;
      case 'features':
        this.features.push(event);
        break;
      case 'correlation':
        return; // cross-asset matrix: served live, not stored per bar
    }
    this.pendingRows++;
  }

  /**
   * Starts writing what is pending and returns as soon as the previous write has committed, so
   * filling the next batch overlaps this write (with a store that writes on another thread, the
   * pipeline and the disk then use both cores). `flush()` still waits for everything.
   */
  async flushOverlapped(): Promise<void> {
    await this.overlapped;
    this.overlapped = this.flush();
  }

  private overlapped: Promise<void> = Promise.resolve();

  /** Writes everything pending. Concurrent calls share the write in progress, then write what came since. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pendingRows === 0) return;
    const batch: StoreBatch = {
      trades: this.trades,
      quotes: this.quotes,
      bars: this.bars,
      anomalies: this.anomalies,
      signals: this.signals,
      labels: this.labels,
      quarantine: this.quarantine,
      indicators: this.indicators,
      features: this.features,
    };
    const rows = this.pendingRows;
    this.trades = [];
    this.quotes = [];
    this.bars = [];
    this.anomalies = [];
    this.signals = [];
    this.labels = [];
    this.quarantine = [];
    this.indicators = [];
    this.features = [];
    this.pendingRows = 0;
    this.flushing = this.writeWithRetry(batch, rows);
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  private async writeWithRetry(batch: StoreBatch, rows: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        await this.store.write(batch);
        this.stats.lastBatchMillis = performance.now() - started;
        this.onWrite?.(this.stats.lastBatchMillis / 1000, rows);
        this.stats.rowsWritten += rows;
        this.stats.batchesWritten++;
        return;
      } catch (error) {
        this.stats.writeErrors++;
        const delay = Math.min(30_000, 100 * 2 ** Math.min(attempt, 9));
        this.logger?.error({ err: error, rows, attempt, retryInMs: delay }, 'store write failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

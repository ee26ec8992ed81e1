/**
 * The upkeep both run loops (simulated and live) do every turn, each part when its interval is
 * due: flush the store writer, redraw the live view, save a checkpoint, prune old ticks. The
 * checkpoint flushes the writer and the recording first, so saved state and stored rows agree.
 */
import type { Micros } from '../core/events.js';
import { MICROS_PER_DAY } from '../core/time.js';
import type { PipelineState } from '../pipeline/pipeline.js';
import type { TickwatchConfig } from '../config/schema.js';
import type { SourceHealth } from '../server/health.js';
import { saveCheckpoint, type Checkpoint } from './checkpoint.js';
import type { RunContext } from './run-context.js';

export interface RunUpkeepOptions<S> {
  /** Store key of this kind of run's checkpoint. */
  readonly checkpointKey: string;
  /** The state to save, taken when a checkpoint is due. */
  readonly checkpointState: () => Checkpoint<PipelineState, S>;
  /** Live runs: each source's health for the live view, read only when it is redrawn. */
  readonly sourceHealth?: () => readonly SourceHealth[];
}

export class RunUpkeep<S> {
  private lastFlush = performance.now();
  private lastCheckpoint = performance.now();
  private lastRender = 0;
  private lastRetention = 0;
  private tradesAtRender: number;

  constructor(
    private readonly run: RunContext,
    private readonly config: TickwatchConfig,
    private readonly options: RunUpkeepOptions<S>,
  ) {
    this.tradesAtRender = run.counts.trades;
  }

  /** One loop turn's upkeep at wall time `now` (performance.now()) and run time `time`. */
  async turn(now: number, time: Micros): Promise<void> {
    const { run, config } = this;
    const { writer } = run;
    if (writer.full || now - this.lastFlush >= config.store.flushIntervalMs) {
      await writer.flushOverlapped();
      this.lastFlush = performance.now();
    }
    if (config.liveView.enabled && now - this.lastRender >= config.liveView.intervalMs) {
      const elapsed = this.lastRender === 0 ? 1 : (now - this.lastRender) / 1000;
      run.view.render(time, {
        ticksPerSecond: this.lastRender === 0 ? 0 : (run.counts.trades - this.tradesAtRender) / elapsed,
        quarantined: Object.values(run.pipeline.quarantineCounts()).reduce((a, b) => a + b, 0),
        storeRows: writer.stats.rowsWritten,
        ...(this.options.sourceHealth === undefined ? {} : { sources: this.options.sourceHealth() }),
      });
      this.tradesAtRender = run.counts.trades;
      this.lastRender = now;
    }
    if (now - this.lastCheckpoint >= config.store.checkpointIntervalMs) await this.checkpoint();
    if (config.store.tickRetentionDays > 0 && now - this.lastRetention >= 3_600_000) {
      this.lastRetention = now;
      const deleted = await run.store.pruneTicks(time - config.store.tickRetentionDays * MICROS_PER_DAY);
      if (deleted > 0) run.logger.info({ deleted }, 'tick retention pruned old ticks and quotes');
    }
  }

  /** Flushes what is pending and saves the run's state. */
  async checkpoint(): Promise<void> {
    await this.run.writer.flush();
    await this.run.recorder?.flush();
    await saveCheckpoint(this.run.store, this.options.checkpointKey, this.options.checkpointState());
    this.lastCheckpoint = performance.now();
  }
}

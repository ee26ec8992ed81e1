/** A SourceSink that records everything, for client tests. */
import type { MarketEvent } from '../../src/core/events.js';
import type { GapReport } from '../../src/sources/common/gap-detector.js';
import type { SourceBar, SourceSink, SourceStatus } from '../../src/sources/common/source.js';

export class CollectingSink implements SourceSink {
  readonly events: MarketEvent[] = [];
  readonly bars: SourceBar[] = [];
  readonly gaps: GapReport[] = [];
  readonly statuses: SourceStatus[] = [];

  event(event: MarketEvent): void {
    this.events.push(event);
  }

  bar(bar: SourceBar): void {
    this.bars.push(bar);
  }

  gap(gap: GapReport): void {
    this.gaps.push(gap);
  }

  status(status: SourceStatus): void {
    this.statuses.push(status);
  }
}

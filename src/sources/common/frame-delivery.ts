/**
 * The hand-over shared by the stock adapters (Alpaca, Polygon): count what a parsed frame held
 * and pass its trades and quotes (each seen by the gap detector first) and its bars to the sink.
 * Runs per frame on the hot path: plain loops, no allocation.
 */
import type { MarketEvent } from '../../core/events.js';
import type { GapDetector } from './gap-detector.js';
import type { SourceBar, SourceCounters, SourceSink } from './source.js';

/** The part of a parsed frame that is delivered and counted. */
export interface ParsedFrame {
  readonly events: readonly MarketEvent[];
  readonly bars: readonly SourceBar[];
  readonly malformed: number;
  readonly ignored: number;
  readonly filtered: number;
}

export function deliverParsedFrame(
  result: ParsedFrame,
  counters: SourceCounters,
  sink: SourceSink | null,
  gaps: GapDetector,
): void {
  counters.frames++;
  counters.malformed += result.malformed;
  counters.ignored += result.ignored;
  counters.filtered += result.filtered;
  if (sink === null) return;
  for (const event of result.events) {
    gaps.observe(event.symbol, event.tsEvent);
    sink.event(event);
  }
  counters.events += result.events.length;
  if (result.bars.length > 0) {
    counters.bars += result.bars.length;
    if (sink.bar) for (const bar of result.bars) sink.bar(bar);
  }
}

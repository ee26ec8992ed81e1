/**
 * Gap detection. Three ways a feed loses data, each reported as a time range per symbol so a
 * REST gap-fill can fetch exactly the missing bars:
 *  - `sequence`: the provider numbers messages contiguously per symbol (Coinbase `sequence`,
 *    Binance kline/trade ids) and a number was skipped;
 *  - `silence`: a symbol was quiet for longer than expected (time-based; for feeds without
 *    contiguous sequence numbers, e.g. Polygon, whose `q` increases but skips);
 *  - `reconnect`: the connection dropped; everything between the last event before the drop and
 *    the first event after it may be missing.
 * All times are event times in µs. The detector is pure and O(1) per event.
 */
import type { Micros } from '../../core/events.js';

export type GapReason = 'sequence' | 'silence' | 'reconnect';

export interface GapReport {
  readonly source: string;
  /** Which stream of the source saw it (e.g. a Polygon cluster), when the source has several. */
  readonly stream?: string;
  /** A symbol, or `*` when the gap covers every subscribed symbol (a reconnect with no history). */
  readonly symbol: string;
  /** Last event time known good before the gap (exclusive). */
  readonly from: Micros;
  /** First event time known good after the gap (exclusive). */
  readonly to: Micros;
  readonly reason: GapReason;
  /** For sequence gaps: how many numbers were skipped. */
  readonly missing?: number;
}

export interface GapDetectorOptions {
  readonly source: string;
  readonly stream?: string;
  /** Report a `silence` gap when consecutive events of one symbol are further apart (µs); Infinity disables. */
  readonly maxSilence?: Micros;
  readonly onGap: (gap: GapReport) => void;
}

interface SymbolTrack {
  lastSequence: number;
  lastTime: Micros;
  /** Set by markDisconnected: the time the connection was lost. */
  disconnectedAt: Micros;
}

export class GapDetector {
  private readonly symbols = new Map<string, SymbolTrack>();
  private readonly maxSilence: Micros;
  private gapCount = 0;

  constructor(private readonly options: GapDetectorOptions) {
    this.maxSilence = options.maxSilence ?? Number.POSITIVE_INFINITY;
  }

  get gaps(): number {
    return this.gapCount;
  }

  private track(symbol: string): SymbolTrack {
    let track = this.symbols.get(symbol);
    if (track === undefined) {
      track = { lastSequence: Number.NaN, lastTime: Number.NaN, disconnectedAt: Number.NaN };
      this.symbols.set(symbol, track);
    }
    return track;
  }

  /**
   * Records an event. `sequence` is a contiguous per-symbol number, or NaN when the provider has
   * none. Out-of-order and duplicate events (sequence or time going back) are not gaps: they are
   * passed on for the validator to judge, and the high-water marks do not move back.
   */
  observe(symbol: string, time: Micros, sequence: number = Number.NaN): void {
    const track = this.track(symbol);
    if (!Number.isNaN(track.disconnectedAt)) {
      const from = Number.isNaN(track.lastTime) ? track.disconnectedAt : track.lastTime;
      track.disconnectedAt = Number.NaN;
      if (time > from) this.report({ source: this.options.source, symbol, from, to: time, reason: 'reconnect' });
    } else if (!Number.isNaN(sequence) && !Number.isNaN(track.lastSequence) && sequence > track.lastSequence + 1) {
      this.report({
        source: this.options.source,
        symbol,
        from: track.lastTime,
        to: time,
        reason: 'sequence',
        missing: sequence - track.lastSequence - 1,
      });
    } else if (time - track.lastTime > this.maxSilence) {
      this.report({ source: this.options.source, symbol, from: track.lastTime, to: time, reason: 'silence' });
    }
    if (!(sequence <= track.lastSequence)) track.lastSequence = sequence;
    if (!(time <= track.lastTime)) track.lastTime = time;
  }

  /**
   * The provider says `lastSequence` is the last number it has sent for `symbol` (a Coinbase
   * heartbeat's `last_trade_id`): numbers above the last one seen were missed, even if no later
   * event arrives to reveal them. Does nothing before the first event of the symbol.
   */
  observeHighWater(symbol: string, time: Micros, lastSequence: number): void {
    const track = this.symbols.get(symbol);
    if (track === undefined || Number.isNaN(track.lastSequence) || !Number.isNaN(track.disconnectedAt)) return;
    if (lastSequence > track.lastSequence) {
      this.report({
        source: this.options.source,
        symbol,
        from: track.lastTime,
        to: time,
        reason: 'sequence',
        missing: lastSequence - track.lastSequence,
      });
      track.lastSequence = lastSequence;
      if (!(time <= track.lastTime)) track.lastTime = time;
    }
  }

  /**
   * The connection dropped at `now` (µs). The next event of each known symbol reports a
   * `reconnect` gap from its last event time; symbols never seen have no history to fill.
   */
  markDisconnected(now: Micros): void {
    for (const track of this.symbols.values()) {
      track.disconnectedAt = Number.isNaN(track.lastTime) ? now : track.lastTime;
    }
  }

  /** Sequence numbers restart (e.g. Polygon's quote `q` resets daily): forget them, keep times. */
  resetSequences(): void {
    for (const track of this.symbols.values()) track.lastSequence = Number.NaN;
  }

  private report(gap: GapReport): void {
    this.gapCount++;
    this.options.onGap(this.options.stream === undefined ? gap : { ...gap, stream: this.options.stream });
  }
}

/**
 * The mutable building blocks of a bar builder: the accumulator of one window's trades, and a
 * run of consecutive empty windows shown as flat bars (gap filling). Both are internal to the
 * builder; what leaves it are immutable events and plain snapshot objects.
 */
import type { Bar, Micros, Trade } from '../core/events.js';

/** Snapshot of a window with trades. */
export interface WindowState {
  readonly kind: 'bar';
  readonly start: Micros;
  readonly end: Micros;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** tsEvent of the opening trade (the earliest; ties go to the first to arrive). */
  readonly openTs: Micros;
  /** tsEvent of the closing trade (the latest; ties go to the last to arrive). Also the bar's tsEvent. */
  readonly closeTs: Micros;
  /** tsRecv of the closing trade (flat bars after this one carry it). */
  readonly closeRecv: Micros;
  readonly volume: number;
  /** Sum of price × size, for the VWAP. */
  readonly notional: number;
  readonly trades: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  /** Newest tsRecv among the window's trades. */
  readonly tsRecv: Micros;
  readonly revision: number;
}

/**
 * Snapshot of a run of empty windows in [start, end), published as flat bars at the close of the
 * last bar before them. `start`/`end` bound the run; the windows are those of the timeframe (or
 * sessions) starting inside it. All windows of a run share price, times and revision.
 */
export interface FlatRunState {
  readonly kind: 'flat';
  readonly start: Micros;
  readonly end: Micros;
  readonly price: number;
  readonly tsEvent: Micros;
  readonly tsRecv: Micros;
  readonly revision: number;
}

export class WindowAccumulator {
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  openTs = 0;
  closeTs = 0;
  closeRecv = 0;
  volume = 0;
  notional = 0;
  trades = 0;
  buyVolume = 0;
  sellVolume = 0;
  tsRecv = 0;
  revision = 0;

  constructor(
    readonly start: Micros,
    readonly end: Micros,
  ) {}

  /** Adds a trade in O(1), in any arrival order: open and close follow event time, not arrival. */
  add(trade: Trade): void {
    const { price, size, tsEvent } = trade;
    if (this.trades === 0) {
      this.open = this.high = this.low = this.close = price;
      this.openTs = this.closeTs = tsEvent;
      this.closeRecv = this.tsRecv = trade.tsRecv;
    } else {
      if (price > this.high) this.high = price;
      if (price < this.low) this.low = price;
      if (tsEvent < this.openTs) {
        this.open = price;
        this.openTs = tsEvent;
      }
      if (tsEvent >= this.closeTs) {
        this.close = price;
        this.closeTs = tsEvent;
        this.closeRecv = trade.tsRecv;
      }
      if (trade.tsRecv > this.tsRecv) this.tsRecv = trade.tsRecv;
    }
    this.trades++;
    this.volume += size;
    this.notional += price * size;
    if (trade.side === 'buy') this.buyVolume += size;
    else if (trade.side === 'sell') this.sellVolume += size;
  }

  /**
   * Merges a closed bar of a finer window (a provider's minute bar) as if its trades had come:
   * it opens at its start and closes at its tsEvent. O(1); used off the per-trade path.
   */
  addBar(bar: Bar): void {
    const { open, high, low, close, volume, start, tsEvent } = bar;
    if (this.trades === 0) {
      this.open = open;
      this.high = high;
      this.low = low;
      this.close = close;
      this.openTs = start;
      this.closeTs = tsEvent;
      this.closeRecv = this.tsRecv = bar.tsRecv;
    } else {
      if (high > this.high) this.high = high;
      if (low < this.low) this.low = low;
      if (start < this.openTs) {
        this.open = open;
        this.openTs = start;
      }
      if (tsEvent >= this.closeTs) {
        this.close = close;
        this.closeTs = tsEvent;
        this.closeRecv = bar.tsRecv;
      }
      if (bar.tsRecv > this.tsRecv) this.tsRecv = bar.tsRecv;
    }
    // A bar without trades counted still stands for at least one (the window is not empty).
    this.trades += bar.trades > 0 ? bar.trades : 1;
    this.volume += volume;
    this.notional += bar.vwap * volume;
    this.buyVolume += bar.buyVolume;
    this.sellVolume += bar.sellVolume;
  }

  /** Volume-weighted average price; the close when there is no volume (zero-size trades). */
  get vwap(): number {
    return this.volume > 0 ? this.notional / this.volume : this.close;
  }

  toState(): WindowState {
    return {
      kind: 'bar',
      start: this.start,
      end: this.end,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      openTs: this.openTs,
      closeTs: this.closeTs,
      closeRecv: this.closeRecv,
      volume: this.volume,
      notional: this.notional,
      trades: this.trades,
      buyVolume: this.buyVolume,
      sellVolume: this.sellVolume,
      tsRecv: this.tsRecv,
      revision: this.revision,
    };
  }

  static fromState(state: WindowState): WindowAccumulator {
    const window = new WindowAccumulator(state.start, state.end);
    window.open = state.open;
    window.high = state.high;
    window.low = state.low;
    window.close = state.close;
    window.openTs = state.openTs;
    window.closeTs = state.closeTs;
    window.closeRecv = state.closeRecv;
    window.volume = state.volume;
    window.notional = state.notional;
    window.trades = state.trades;
    window.buyVolume = state.buyVolume;
    window.sellVolume = state.sellVolume;
    window.tsRecv = state.tsRecv;
    window.revision = state.revision;
    return window;
  }
}

export class FlatRun {
  constructor(
    public start: Micros,
    public end: Micros,
    public price: number,
    public tsEvent: Micros,
    public tsRecv: Micros,
    public revision: number,
  ) {}

  /** Whether the run shows the close of `bar` (price and the closing trade's times). */
  shows(bar: WindowAccumulator): boolean {
    return this.price === bar.close && this.tsEvent === bar.closeTs && this.tsRecv === bar.closeRecv;
  }

  /** Shows the close of `bar` from now on. */
  follow(bar: WindowAccumulator): void {
    this.price = bar.close;
    this.tsEvent = bar.closeTs;
    this.tsRecv = bar.closeRecv;
  }

  toState(): FlatRunState {
    return {
      kind: 'flat',
      start: this.start,
      end: this.end,
      price: this.price,
      tsEvent: this.tsEvent,
      tsRecv: this.tsRecv,
      revision: this.revision,
    };
  }

  static fromState(state: FlatRunState): FlatRun {
    return new FlatRun(state.start, state.end, state.price, state.tsEvent, state.tsRecv, state.revision);
  }
}

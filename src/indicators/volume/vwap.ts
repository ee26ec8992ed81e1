/**
 * Session-anchored VWAP: Σ(typical price × volume) / Σ volume over the bars of the current
 * session, restarting when a bar belongs to a new session. The typical price (H+L+C)/3 stands in
 * for the bar's trades, as on TradingView; with trade-level VWAP per bar available, feed bars
 * whose high = low = close = that VWAP to get the exact figure.
 *
 * The session comes from an anchor function: `utcDayAnchor` by default, `sessionAnchor(calendar)`
 * for an exchange calendar (see session-anchor.ts). Until the session has traded any volume the
 * VWAP is the current bar's typical price. Warm-up 0; O(1) per update.
 *
 * (TTR's `VWAP(price, volume, n)` is a rolling n-bar volume-weighted average: that is VWMA here.)
 */
import type { Micros } from '../../core/events.js';
import type { Indicator } from '../../core/operator.js';
import { RunningSum, type RunningSumState } from '../support/running-sum.js';
import type { OHLCV, IndicatorSpec } from '../types.js';
import { typicalPrice } from '../volatility/typical-price.js';
import { utcDayAnchor, type SessionAnchor } from './session-anchor.js';

export type VWAPInput = Pick<OHLCV, 'start' | 'high' | 'low' | 'close' | 'volume'>;

export interface VWAPState {
  readonly anchor: Micros | null;
  readonly priceVolume: RunningSumState;
  readonly volume: RunningSumState;
}

export class VWAP implements Indicator<VWAPInput, number, VWAPState> {
  readonly name = 'vwap';
  readonly warmUp = 0;
  private readonly priceVolume = new RunningSum();
  private readonly volume = new RunningSum();
  private anchor: Micros | null = null;

  constructor(private readonly anchorOf: SessionAnchor = utcDayAnchor) {}

  next(bar: VWAPInput): number {
    const anchor = this.anchorOf(bar.start);
    if (anchor !== this.anchor) {
      this.anchor = anchor;
      this.priceVolume.reset();
      this.volume.reset();
    }
    const price = typicalPrice(bar);
    this.priceVolume.add(price * bar.volume);
    this.volume.add(bar.volume);
    return average(this.priceVolume.value, this.volume.value, price);
  }

  peek(bar: VWAPInput): number {
    const price = typicalPrice(bar);
    if (this.anchorOf(bar.start) !== this.anchor) return average(price * bar.volume, bar.volume, price);
    return average(this.priceVolume.valueAfter(price * bar.volume), this.volume.valueAfter(bar.volume), price);
  }

  snapshot(): VWAPState {
    return { anchor: this.anchor, priceVolume: this.priceVolume.snapshot(), volume: this.volume.snapshot() };
  }

  restore(state: VWAPState): void {
    this.anchor = state.anchor;
    this.priceVolume.restore(state.priceVolume);
    this.volume.restore(state.volume);
  }

  reset(): void {
    this.anchor = null;
    this.priceVolume.reset();
    this.volume.reset();
  }
}

function average(priceVolume: number, volume: number, fallback: number): number {
  return volume > 0 ? priceVolume / volume : fallback;
}

export const vwapSpec: IndicatorSpec = {
  name: 'vwap',
  family: 'volume',
  description: 'VWAP of the typical price, restarting each UTC day (exchange sessions: construct with sessionAnchor)',
  params: [],
  outputs: [],
  inDefaultSet: true,
  create: () => new VWAP(),
};

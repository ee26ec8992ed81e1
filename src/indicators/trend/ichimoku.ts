/**
 * Ichimoku Kinko Hyo: tenkan-sen = mid-range of the last 9 bars, kijun-sen = of the last 26,
 * senkou span A = (tenkan + kijun)/2 and senkou span B = mid-range of the last 52, both drawn
 * `displacement` bars ahead, chikou span = the close drawn `displacement` bars back.
 *
 * Displacement in a stream. A streaming indicator reports, at each bar, values that belong to
 * that bar, so nothing is ever emitted for a bar that does not exist yet:
 *  - `senkouA`/`senkouB` are the cloud *at the current bar*, i.e. the spans computed
 *    `displacement` bars ago. The cloud ahead of the current bar (what a chart draws to the
 *    right of the last candle) is `leadingSenkouA`/`leadingSenkouB`, computed from the current
 *    bar, to be drawn `displacement` bars ahead.
 *  - `chikou` is the current close, which is the lagging span's value *for the bar
 *    `displacement` bars back* (a chart draws it there); it is known only now.
 * The shift is exactly `displacement` bars; some charting packages shift by displacement − 1
 * (pass 25 to reproduce them). Rolling max/min with monotonic deques: O(1) amortised.
 * TTR has no Ichimoku; the test checks it against a batch recomputation.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RollingExtremumState } from '../support/rolling-extremum.js';
import { RollingExtremum } from '../support/rolling-extremum.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';

export type IchimokuValue = {
  readonly tenkan: number;
  readonly kijun: number;
  /** Senkou span A at the current bar (computed `displacement` bars ago). */
  readonly senkouA: number;
  /** Senkou span B at the current bar (computed `displacement` bars ago). */
  readonly senkouB: number;
  /** The current close: the lagging span's value for the bar `displacement` bars back. */
  readonly chikou: number;
};

export interface IchimokuState {
  readonly windows: RollingExtremumState[];
  readonly delayedA: number[];
  readonly delayedB: number[];
}

class MidRange {
  readonly high: RollingExtremum;
  readonly low: RollingExtremum;
  constructor(readonly period: number) {
    this.high = new RollingExtremum(period, 'max');
    this.low = new RollingExtremum(period, 'min');
  }
  push(bar: HighLowClose): void {
    this.high.push(bar.high);
    this.low.push(bar.low);
  }
  get ready(): boolean {
    return this.high.count >= this.period;
  }
  get value(): number {
    return (this.high.value + this.low.value) / 2;
  }
  peek(bar: HighLowClose): number {
    return (this.high.peek(bar.high) + this.low.peek(bar.low)) / 2;
  }
}

export class Ichimoku implements Indicator<HighLowClose, IchimokuValue, IchimokuState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly conversion: MidRange;
  private readonly base: MidRange;
  private readonly spanB: MidRange;
  private readonly delayedA: RingBuffer;
  private readonly delayedB: RingBuffer;
  private leadingA = Number.NaN;
  private leadingB = Number.NaN;

  constructor(
    readonly tenkanPeriod = 9,
    readonly kijunPeriod = 26,
    readonly senkouBPeriod = 52,
    readonly displacement = 26,
  ) {
    assertPeriod('Ichimoku', 'tenkanPeriod', tenkanPeriod);
    assertPeriod('Ichimoku', 'kijunPeriod', kijunPeriod);
    assertPeriod('Ichimoku', 'senkouBPeriod', senkouBPeriod);
    assertPeriod('Ichimoku', 'displacement', displacement);
    this.name = `ichimoku_${tenkanPeriod}_${kijunPeriod}_${senkouBPeriod}_${displacement}`;
    this.warmUp = Math.max(tenkanPeriod, kijunPeriod, senkouBPeriod) - 1 + displacement;
    this.conversion = new MidRange(tenkanPeriod);
    this.base = new MidRange(kijunPeriod);
    this.spanB = new MidRange(senkouBPeriod);
    this.delayedA = new RingBuffer(displacement);
    this.delayedB = new RingBuffer(displacement);
  }

  /** Senkou span A computed from the latest bar, to be drawn `displacement` bars ahead (NaN until known). */
  get leadingSenkouA(): number {
    return this.leadingA;
  }

  /** Senkou span B computed from the latest bar, to be drawn `displacement` bars ahead (NaN until known). */
  get leadingSenkouB(): number {
    return this.leadingB;
  }

  next(bar: HighLowClose): IchimokuValue | null {
    this.conversion.push(bar);
    this.base.push(bar);
    this.spanB.push(bar);
    let senkouA = Number.NaN;
    let senkouB = Number.NaN;
    if (this.conversion.ready && this.base.ready) {
      if (this.delayedA.isFull) senkouA = this.delayedA.evictable;
      this.leadingA = (this.conversion.value + this.base.value) / 2;
      this.delayedA.push(this.leadingA);
    }
    if (this.spanB.ready) {
      if (this.delayedB.isFull) senkouB = this.delayedB.evictable;
      this.leadingB = this.spanB.value;
      this.delayedB.push(this.leadingB);
    }
    if (Number.isNaN(senkouA) || Number.isNaN(senkouB)) return null;
    return { tenkan: this.conversion.value, kijun: this.base.value, senkouA, senkouB, chikou: bar.close };
  }

  peek(bar: HighLowClose): IchimokuValue | null {
    // Output needs both delay lines full already: then every window is full too.
    if (!this.delayedA.isFull || !this.delayedB.isFull) return null;
    return {
      tenkan: this.conversion.peek(bar),
      kijun: this.base.peek(bar),
      senkouA: this.delayedA.evictable,
      senkouB: this.delayedB.evictable,
      chikou: bar.close,
    };
  }

  snapshot(): IchimokuState {
    return {
      windows: [this.conversion, this.base, this.spanB].flatMap((w) => [w.high.snapshot(), w.low.snapshot()]),
      delayedA: this.delayedA.toArray(),
      delayedB: this.delayedB.toArray(),
    };
  }

  restore(state: IchimokuState): void {
    [this.conversion, this.base, this.spanB].forEach((w, i) => {
      const high = state.windows[2 * i];
      const low = state.windows[2 * i + 1];
      if (!high || !low) throw new Error('Ichimoku: snapshot has too few windows');
      w.high.restore(high);
      w.low.restore(low);
    });
    this.delayedA.fill(state.delayedA);
    this.delayedB.fill(state.delayedB);
    this.leadingA =
      this.conversion.ready && this.base.ready ? (this.conversion.value + this.base.value) / 2 : Number.NaN;
    this.leadingB = this.spanB.ready ? this.spanB.value : Number.NaN;
  }

  reset(): void {
    for (const w of [this.conversion, this.base, this.spanB]) {
      w.high.reset();
      w.low.reset();
    }
    this.delayedA.clear();
    this.delayedB.clear();
    this.leadingA = Number.NaN;
    this.leadingB = Number.NaN;
  }
}

export const ichimokuSpec: IndicatorSpec = {
  name: 'ichimoku',
  family: 'trend',
  description: 'Ichimoku cloud: tenkan, kijun, senkou A/B at the current bar, chikou (the current close)',
  params: [
    periodParam('tenkan', 9),
    periodParam('kijun', 26),
    periodParam('senkouB', 52),
    periodParam('displacement', 26),
  ],
  outputs: ['tenkan', 'kijun', 'senkouA', 'senkouB', 'chikou'],
  create: (params) => new Ichimoku(param(params, 0), param(params, 1), param(params, 2), param(params, 3)),
};

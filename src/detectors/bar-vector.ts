/**
 * Runs a vector detector on closed bars: each bar becomes a `VectorPoint` of bar features
 * (log return of the close, log volume, log high/low range, log trade count), so the statistical
 * detectors written for any numeric series also watch bars. The first bar only sets the previous
 * close (a return needs two closes). O(1) per bar; `score` reuses one scratch vector.
 */
import type { Bar } from '../core/events.js';
import type { BarDetector, DetectorScore, VectorDetector, VectorPoint } from './detector.js';

export type BarFeature = 'log_return' | 'log_volume' | 'log_range' | 'log_trades';

export interface BarVectorState<S> {
  readonly previousClose: number | null;
  readonly inner: S;
}

export class BarVectorDetector<S> implements BarDetector<BarVectorState<S>> {
  readonly name: string;
  readonly kind: string;
  readonly warmUp: number;
  private previousClose: number | null = null;
  private readonly scratch: { ts: number; values: Float64Array; names: readonly string[] };

  constructor(
    private readonly inner: VectorDetector<S>,
    readonly features: readonly BarFeature[] = ['log_return'],
  ) {
    if (features.length === 0) throw new Error('bar vector detector: name at least one feature');
    this.name = inner.name;
    this.kind = inner.kind;
    this.warmUp = inner.warmUp + 1;
    this.scratch = { ts: 0, values: new Float64Array(features.length), names: features };
  }

  private point(bar: Bar, previousClose: number): VectorPoint {
    const point = this.scratch;
    point.ts = bar.end;
    for (let i = 0; i < this.features.length; i++) {
      const feature = this.features[i] as BarFeature;
      point.values[i] =
        feature === 'log_return'
          ? Math.log(bar.close / previousClose)
          : feature === 'log_volume'
            ? Math.log1p(bar.volume)
            : feature === 'log_range'
              ? Math.log(bar.high / bar.low)
              : Math.log1p(bar.trades);
    }
    return point;
  }

  score(bar: Bar): DetectorScore | null {
    return this.previousClose === null ? null : this.inner.score(this.point(bar, this.previousClose));
  }

  learn(bar: Bar): void {
    if (this.previousClose !== null) this.inner.learn(this.point(bar, this.previousClose));
    this.previousClose = bar.close;
  }

  snapshot(): BarVectorState<S> {
    return { previousClose: this.previousClose, inner: this.inner.snapshot() };
  }

  restore(state: BarVectorState<S>): void {
    this.previousClose = state.previousClose;
    this.inner.restore(state.inner);
  }

  reset(): void {
    this.previousClose = null;
    this.inner.reset();
  }
}

/**
 * Adapts an indicator over one number (a price) to bar input, for the catalog. The indicator's
 * own fast API (`next(price)`) stays the one to use in hot loops; this adds one call. A class
 * (methods on the prototype) rather than an object of closures: it costs a few dozen bytes per
 * instance, which matters with thousands of (symbol, timeframe) sets.
 */
import type { Indicator } from '../../core/operator.js';
import type { OHLCV } from '../types.js';

class MappedInput<I, O, S> implements Indicator<OHLCV, O, S> {
  constructor(
    private readonly inner: Indicator<I, O, S>,
    private readonly select: (bar: OHLCV) => I,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get warmUp(): number {
    return this.inner.warmUp;
  }

  next(bar: OHLCV): O | null {
    return this.inner.next(this.select(bar));
  }

  peek(bar: OHLCV): O | null {
    return this.inner.peek(this.select(bar));
  }

  snapshot(): S {
    return this.inner.snapshot();
  }

  restore(state: S): void {
    this.inner.restore(state);
  }

  reset(): void {
    this.inner.reset();
  }
}

/** Feeds `select(bar)` to `indicator`; pass a module-level function so no closure is made per instance. */
export function mapInput<I, O, S>(indicator: Indicator<I, O, S>, select: (bar: OHLCV) => I): Indicator<OHLCV, O, S> {
  return new MappedInput(indicator, select);
}

const close = (bar: OHLCV): number => bar.close;

/** Feeds the bar's close. */
export function onClose<O, S>(indicator: Indicator<number, O, S>): Indicator<OHLCV, O, S> {
  return new MappedInput(indicator, close);
}

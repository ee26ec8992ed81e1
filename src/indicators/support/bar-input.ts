/**
 * Adapts an indicator over one number (a price) to bar input, for the catalog. The indicator's
 * own fast API (`next(price)`) stays the one to use in hot loops; this adds one call.
 */
import type { Indicator } from '../../core/operator.js';
import type { OHLCV } from '../types.js';

export function mapInput<I, O, S>(indicator: Indicator<I, O, S>, select: (bar: OHLCV) => I): Indicator<OHLCV, O, S> {
  return {
    name: indicator.name,
    warmUp: indicator.warmUp,
    next: (bar) => indicator.next(select(bar)),
    peek: (bar) => indicator.peek(select(bar)),
    snapshot: () => indicator.snapshot(),
    restore: (state) => indicator.restore(state),
    reset: () => indicator.reset(),
  };
}

const close = (bar: OHLCV): number => bar.close;

/** Feeds the bar's close. */
export function onClose<O, S>(indicator: Indicator<number, O, S>): Indicator<OHLCV, O, S> {
  return mapInput(indicator, close);
}

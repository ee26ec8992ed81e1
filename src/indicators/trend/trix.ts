/**
 * TRIX (Hutson): the one-bar rate of change of a triple EMA, in percent by default
 * (`{ percent: false }`: the one-bar difference), with an EMA signal line.
 * TTR: `TRIX(x, n, nSig, percent)`. Note: TTR 0.24's signal is `EMA(TRIX, n)` — it passes n, not
 * nSig, to the signal average — so the fixture is `TRIX(cl, 15, nSig = 15)` and the test uses
 * signal = 15. First output: input 3(n−1) + 1 + (signal − 1).
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';
import type { EMAState } from './ema.js';
import { EMA } from './ema.js';

export type TRIXValue = {
  readonly line: number;
  readonly signal: number;
};

export interface TRIXOptions {
  /** Percent rate of change (default true); false: plain difference. */
  readonly percent?: boolean;
}

export interface TRIXState {
  readonly first: EMAState;
  readonly second: EMAState;
  readonly third: EMAState;
  readonly signal: EMAState;
  /** The triple EMA of the previous input; NaN-free: `hasPrevious` says if it is set. */
  readonly previous: number;
  readonly hasPrevious: boolean;
}

export class TRIX implements Indicator<number, TRIXValue, TRIXState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly first: EMA;
  private readonly second: EMA;
  private readonly third: EMA;
  private readonly signalAverage: EMA;
  private readonly percent: boolean;
  private previous = 0;
  private hasPrevious = false;

  constructor(
    readonly period = 15,
    readonly signal = 9,
    options: TRIXOptions = {},
  ) {
    assertPeriod('TRIX', 'period', period);
    assertPeriod('TRIX', 'signal', signal);
    this.percent = options.percent !== false;
    this.name = `trix_${period}_${signal}`;
    this.warmUp = 3 * (period - 1) + 1 + signal - 1;
    this.first = new EMA(period);
    this.second = new EMA(period);
    this.third = new EMA(period);
    this.signalAverage = new EMA(signal);
  }

  next(x: number): TRIXValue | null {
    const triple = this.triple(x, false);
    if (triple !== triple) return null; // NaN: warming up
    const hadPrevious = this.hasPrevious;
    const previous = this.previous;
    this.previous = triple;
    this.hasPrevious = true;
    if (!hadPrevious) return null;
    const line = this.change(triple, previous);
    const signal = this.signalAverage.nextValue(line);
    return signal === signal ? { line, signal } : null;
  }

  peek(x: number): TRIXValue | null {
    const triple = this.triple(x, true);
    if (triple !== triple || !this.hasPrevious) return null;
    const line = this.change(triple, this.previous);
    const signal = this.signalAverage.peekValue(line);
    return signal === signal ? { line, signal } : null;
  }

  /** The triple EMA after x (NaN while warming up). */
  private triple(x: number, peek: boolean): number {
    const e1 = peek ? this.first.peekValue(x) : this.first.nextValue(x);
    if (e1 !== e1) return Number.NaN;
    const e2 = peek ? this.second.peekValue(e1) : this.second.nextValue(e1);
    if (e2 !== e2) return Number.NaN;
    return peek ? this.third.peekValue(e2) : this.third.nextValue(e2);
  }

  private change(current: number, previous: number): number {
    return this.percent ? 100 * (current / previous - 1) : current - previous;
  }

  snapshot(): TRIXState {
    return {
      first: this.first.snapshot(),
      second: this.second.snapshot(),
      third: this.third.snapshot(),
      signal: this.signalAverage.snapshot(),
      previous: this.previous,
      hasPrevious: this.hasPrevious,
    };
  }

  restore(state: TRIXState): void {
    this.first.restore(state.first);
    this.second.restore(state.second);
    this.third.restore(state.third);
    this.signalAverage.restore(state.signal);
    this.previous = state.previous;
    this.hasPrevious = state.hasPrevious;
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
    this.third.reset();
    this.signalAverage.reset();
    this.previous = 0;
    this.hasPrevious = false;
  }
}

export const trixSpec: IndicatorSpec = {
  name: 'trix',
  family: 'trend',
  description: 'One-bar percent change of a triple EMA, with a signal EMA',
  params: [periodParam('period', 15), periodParam('signal', 9)],
  outputs: ['line', 'signal'],
  ttr: 'TRIX',
  create: (params) => onClose(new TRIX(param(params, 0), param(params, 1))),
};

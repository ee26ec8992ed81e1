/**
 * MACD (Appel): line = EMA(fast) − EMA(slow), signal = EMA(line, signal), histogram = line −
 * signal. The default is the customary price-unit MACD; `{ percent: true }` gives TTR's default
 * `MACD(percent = TRUE)`, line = 100·(EMA(fast)/EMA(slow) − 1), which is the PPO.
 * TTR: `MACD(x, nFast, nSlow, nSig, percent)`; TTR's line starts at input slow−1 and its signal
 * at slow+signal−2; tickwatch emits the three together from slow+signal−2 on.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';
import type { EMAState } from './ema.js';
import { EMA } from './ema.js';

export type MACDValue = {
  readonly line: number;
  readonly signal: number;
  readonly histogram: number;
};

export interface MACDOptions {
  /** Line in percent of the slow EMA (TTR's default; the PPO). */
  readonly percent?: boolean;
}

export interface MACDState {
  readonly fast: EMAState;
  readonly slow: EMAState;
  readonly signal: EMAState;
}

export class MACD implements Indicator<number, MACDValue, MACDState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly fastAverage: EMA;
  private readonly slowAverage: EMA;
  private readonly signalAverage: EMA;
  private readonly percent: boolean;

  constructor(
    readonly fast = 12,
    readonly slow = 26,
    readonly signal = 9,
    options: MACDOptions = {},
  ) {
    assertPeriod('MACD', 'fast', fast);
    assertPeriod('MACD', 'slow', slow);
    assertPeriod('MACD', 'signal', signal);
    this.percent = options.percent === true;
    this.name = `${this.percent ? 'ppo' : 'macd'}_${fast}_${slow}_${signal}`;
    this.warmUp = Math.max(fast, slow) - 1 + signal - 1;
    this.fastAverage = new EMA(fast);
    this.slowAverage = new EMA(slow);
    this.signalAverage = new EMA(signal);
  }

  next(x: number): MACDValue | null {
    const fast = this.fastAverage.nextValue(x);
    const slow = this.slowAverage.nextValue(x);
    if (fast !== fast || slow !== slow) return null; // NaN: warming up
    const line = this.line(fast, slow);
    const signal = this.signalAverage.nextValue(line);
    return signal === signal ? { line, signal, histogram: line - signal } : null;
  }

  peek(x: number): MACDValue | null {
    const fast = this.fastAverage.peekValue(x);
    const slow = this.slowAverage.peekValue(x);
    if (fast !== fast || slow !== slow) return null;
    const line = this.line(fast, slow);
    const signal = this.signalAverage.peekValue(line);
    return signal === signal ? { line, signal, histogram: line - signal } : null;
  }

  private line(fast: number, slow: number): number {
    return this.percent ? 100 * (fast / slow - 1) : fast - slow;
  }

  snapshot(): MACDState {
    return {
      fast: this.fastAverage.snapshot(),
      slow: this.slowAverage.snapshot(),
      signal: this.signalAverage.snapshot(),
    };
  }

  restore(state: MACDState): void {
    this.fastAverage.restore(state.fast);
    this.slowAverage.restore(state.slow);
    this.signalAverage.restore(state.signal);
  }

  reset(): void {
    this.fastAverage.reset();
    this.slowAverage.reset();
    this.signalAverage.reset();
  }
}

const macdParams = [periodParam('fast', 12), periodParam('slow', 26), periodParam('signal', 9)];

export const macdSpec: IndicatorSpec = {
  name: 'macd',
  family: 'trend',
  description: 'Moving average convergence/divergence in price units',
  params: macdParams,
  outputs: ['line', 'signal', 'histogram'],
  ttr: 'MACD(percent = FALSE)',
  inDefaultSet: true,
  create: (params) => onClose(new MACD(param(params, 0), param(params, 1), param(params, 2))),
};

/** The percentage price oscillator: MACD in percent of the slow EMA. */
export class PPO extends MACD {
  constructor(fast = 12, slow = 26, signal = 9) {
    super(fast, slow, signal, { percent: true });
  }
}

export const ppoSpec: IndicatorSpec = {
  name: 'ppo',
  family: 'trend',
  description: 'Percentage price oscillator: MACD in percent of the slow EMA',
  params: macdParams,
  outputs: ['line', 'signal', 'histogram'],
  ttr: 'MACD(percent = TRUE)',
  create: (params) => onClose(new PPO(param(params, 0), param(params, 1), param(params, 2))),
};

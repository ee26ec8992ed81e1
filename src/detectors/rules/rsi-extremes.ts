/**
 * RSI extremes: Wilder's RSI of the close at or above `overbought` (default 80) or at or below
 * `oversold` (default 20). Raw score: the RSI; score: its distance from 50, in [0, 1]. O(1).
 */
import type { Bar } from '../../core/events.js';
import { RSI, type RSIState } from '../../indicators/momentum/rsi.js';
import type { BarDetector, DetectorScore } from '../detector.js';

export interface RSIExtremesConfig {
  readonly period: number;
  readonly overbought: number;
  readonly oversold: number;
  /** Distance beyond the thresholds (in RSI points) from which it is critical. */
  readonly criticalMargin: number;
}

export const DEFAULT_RSI_EXTREMES: RSIExtremesConfig = { period: 14, overbought: 80, oversold: 20, criticalMargin: 10 };

export class RSIExtremesDetector implements BarDetector<RSIState> {
  readonly name = 'rsi_extremes';
  readonly kind = 'rsi_extreme';
  readonly warmUp: number;
  private readonly rsi: RSI;

  constructor(private readonly config: RSIExtremesConfig = DEFAULT_RSI_EXTREMES) {
    if (!(config.oversold < 50 && config.overbought > 50))
      throw new Error(`rsi_extremes: need oversold < 50 < overbought, got ${config.oversold} and ${config.overbought}`);
    this.rsi = new RSI(config.period);
    this.warmUp = config.period;
  }

  score(bar: Bar): DetectorScore | null {
    const rsi = this.rsi.peekValue(bar.close);
    if (rsi !== rsi) return null;
    const { overbought, oversold, criticalMargin } = this.config;
    const high = rsi >= overbought;
    const low = rsi <= oversold;
    const critical = rsi >= Math.min(100, overbought + criticalMargin) || rsi <= Math.max(0, oversold - criticalMargin);
    return {
      raw: rsi,
      score: Math.abs(rsi - 50) / 50,
      triggered: high || low,
      severity: critical ? 'critical' : high || low ? 'warning' : 'info',
      message: high
        ? `RSI(${this.config.period}) ${rsi.toFixed(1)}: overbought (≥ ${overbought})`
        : low
          ? `RSI(${this.config.period}) ${rsi.toFixed(1)}: oversold (≤ ${oversold})`
          : `RSI(${this.config.period}) ${rsi.toFixed(1)}`,
      explanation: [{ feature: `rsi_${this.config.period}`, value: rsi, contribution: (rsi - 50) / 50 }],
      context: { rsi, overbought, oversold, close: bar.close },
    };
  }

  learn(bar: Bar): void {
    this.rsi.nextValue(bar.close);
  }

  snapshot(): RSIState {
    return this.rsi.snapshot();
  }

  restore(state: RSIState): void {
    this.rsi.restore(state);
  }

  reset(): void {
    this.rsi.reset();
  }
}

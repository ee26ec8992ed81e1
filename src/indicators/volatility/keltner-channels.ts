/**
 * Keltner Channels (Linda Raschke's modern form): an EMA of the price ± `multiplier` × ATR.
 *
 * Conventions. By default the middle line is the EMA(20) of the close and the distance is
 * 2 × ATR(10): StockCharts' and TradingView's defaults, i.e. the figures traders see on their
 * charts. `{ source: 'typical' }` with `atrPeriod = period` is TTR's `keltnerChannels(HLC, n)`
 * (EMA of (H+L+C)/3, ATR over the same n). The EMA is seeded with the simple mean of its first
 * `period` prices and the ATR is Wilder's (see ATR), so the first value is at bar
 * max(period − 1, atrPeriod).
 */
import type { Indicator } from '../../core/operator.js';
import { assertPositive, param, periodParam } from '../support/params.js';
import { EMA, type EMAState } from '../trend/ema.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import { ATR, type ATRState } from './atr.js';
import { typicalPrice } from './typical-price.js';

/** A type alias, not an interface, so that it is assignable to IndicatorValue's record type. */
export type KeltnerChannelsValue = {
  readonly lower: number;
  readonly middle: number;
  readonly upper: number;
};

export interface KeltnerChannelsOptions {
  /** The price the middle EMA averages: the close (default) or the typical price (TTR). */
  readonly source?: 'close' | 'typical';
}

export interface KeltnerChannelsState {
  readonly middle: EMAState;
  readonly atr: ATRState;
}

export class KeltnerChannels implements Indicator<HighLowClose, KeltnerChannelsValue, KeltnerChannelsState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly middle: EMA;
  private readonly atr: ATR;
  private readonly typical: boolean;

  constructor(
    readonly period = 20,
    readonly multiplier = 2,
    readonly atrPeriod = 10,
    options: KeltnerChannelsOptions = {},
  ) {
    assertPositive('Keltner Channels', 'multiplier', multiplier);
    this.middle = new EMA(period);
    this.atr = new ATR(atrPeriod);
    this.typical = options.source === 'typical';
    this.name = `keltner_${period}_${multiplier}_${atrPeriod}${this.typical ? '_typical' : ''}`;
    this.warmUp = Math.max(this.middle.warmUp, this.atr.warmUp);
  }

  next(bar: HighLowClose): KeltnerChannelsValue | null {
    return channel(this.middle.nextValue(this.price(bar)), this.atr.nextValue(bar), this.multiplier);
  }

  peek(bar: HighLowClose): KeltnerChannelsValue | null {
    return channel(this.middle.peekValue(this.price(bar)), this.atr.peekValue(bar), this.multiplier);
  }

  private price(bar: HighLowClose): number {
    return this.typical ? typicalPrice(bar) : bar.close;
  }

  snapshot(): KeltnerChannelsState {
    return { middle: this.middle.snapshot(), atr: this.atr.snapshot() };
  }

  restore(state: KeltnerChannelsState): void {
    this.middle.restore(state.middle);
    this.atr.restore(state.atr);
  }

  reset(): void {
    this.middle.reset();
    this.atr.reset();
  }
}

/** The bands, or null while either part warms up (NaN). */
function channel(middle: number, atr: number, multiplier: number): KeltnerChannelsValue | null {
  if (middle !== middle || atr !== atr) return null;
  return { lower: middle - multiplier * atr, middle, upper: middle + multiplier * atr };
}

const multiplierParam = { name: 'multiplier', default: 2, min: 0.01, max: 100 };

export const keltnerChannelsSpec: IndicatorSpec = {
  name: 'keltner',
  family: 'volatility',
  description: 'Keltner Channels: EMA of the close ± multiplier × ATR (StockCharts/TradingView defaults)',
  params: [periodParam('period', 20), multiplierParam, periodParam('atrPeriod', 10)],
  outputs: ['lower', 'middle', 'upper'],
  create: (params) => new KeltnerChannels(param(params, 0), param(params, 1), param(params, 2)),
};

export const keltnerChannelsTypicalSpec: IndicatorSpec = {
  name: 'keltner_typical',
  family: 'volatility',
  description: "Keltner Channels of the typical price: TTR's keltnerChannels(HLC) when atrPeriod = period",
  params: [periodParam('period', 20), multiplierParam, periodParam('atrPeriod', 20)],
  outputs: ['lower', 'middle', 'upper'],
  ttr: 'keltnerChannels(HLC)',
  create: (params) => new KeltnerChannels(param(params, 0), param(params, 1), param(params, 2), { source: 'typical' }),
};

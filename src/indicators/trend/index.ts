/** The trend family: moving averages and trend-following indicators. */
import type { IndicatorSpec } from '../types.js';
import { emaSpec } from './ema.js';
import { smaSpec } from './sma.js';

export { EMA } from './ema.js';
export type { EMAOptions, EMAState } from './ema.js';
export { SMA } from './sma.js';
export type { SMAState } from './sma.js';

export const catalog: IndicatorSpec[] = [smaSpec, emaSpec];

/** Input of the volume indicators that read the range and the volume only. */
import type { OHLCV } from '../types.js';

export type HighLowVolume = Pick<OHLCV, 'high' | 'low' | 'volume'>;

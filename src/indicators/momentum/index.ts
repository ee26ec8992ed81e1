/** The momentum family: oscillators measuring the speed of price changes. */
import type { IndicatorSpec } from '../types.js';

export const catalog: IndicatorSpec[] = [];

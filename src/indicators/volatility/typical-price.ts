/** (high + low + close) / 3: the bar's typical price (TTR averages HLC the same way). */
import type { HighLowClose } from '../types.js';

export function typicalPrice(bar: HighLowClose): number {
  return (bar.high + bar.low + bar.close) / 3;
}

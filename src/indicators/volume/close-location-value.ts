/**
 * Close location value: where the close sits in the bar's range, from −1 (at the low) to +1 (at
 * the high): ((C − L) − (H − C)) / (H − L). TTR `CLV(HLC)`; a bar with no range gives 0.
 */
import type { HighLowClose } from '../types.js';

export function closeLocationValue(bar: HighLowClose): number {
  const range = bar.high - bar.low;
  return range === 0 ? 0 : (bar.close - bar.low - (bar.high - bar.close)) / range;
}

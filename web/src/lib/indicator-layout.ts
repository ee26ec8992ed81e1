/**
 * Where an indicator column is drawn: price-scale overlays (moving averages, bands, VWAP) share
 * the candles' pane; oscillators get a sub-pane per family (all `rsi_14`, `rsi_7` columns in one
 * pane; the MACD line, signal and histogram in another).
 */
const OVERLAY_PREFIXES = [
  'sma_',
  'ema_',
  'wma_',
  'dema_',
  'tema_',
  'bbands_',
  'vwap',
  'kama_',
  'hma_',
  'psar',
  'keltner_',
  'donchian_',
];

export function isOverlay(column: string): boolean {
  return OVERLAY_PREFIXES.some((prefix) => column.startsWith(prefix));
}

/** Sub-pane group of a column: its family (`rsi`, `macd`, `stoch`…). */
export function paneGroup(column: string): string {
  return isOverlay(column) ? 'price' : (column.split('_')[0] ?? column);
}

/** Columns drawn as a histogram rather than a line. */
export function isHistogram(column: string): boolean {
  return column.endsWith('_histogram') || column.endsWith('_hist');
}

/** Timeframe labels (`1s`, `5m`, `1h`, `1d`) in microseconds. */
const UNIT_MICROS: Readonly<Record<string, number>> = {
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
};

export function timeframeMicros(label: string): number {
  const match = /^(\d+)([smhd])$/.exec(label);
  if (match === null) throw new Error(`unknown timeframe "${label}"`);
  return Number(match[1]) * UNIT_MICROS[match[2]!]!;
}

/** The timeframes the default configuration builds; the chart offers these. */
export const TIMEFRAMES = ['1s', '1m', '5m', '15m', '1h', '1d'] as const;

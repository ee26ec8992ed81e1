/** Number and time formatting for the tables and tooltips. */
const MICROS_PER_MILLI = 1000;

export function formatPrice(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = value >= 1000 ? 2 : value >= 1 ? 2 : 6;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const sign = value > 0 ? '+' : '';
  return `${sign}${(value * 100).toFixed(2)}%`;
}

export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** µs since the epoch → `2024-01-02 14:30:05 UTC`. */
export function formatTime(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return '—';
  return `${new Date(micros / MICROS_PER_MILLI).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** µs since the epoch → ISO-8601, as the API accepts it. */
export function isoFromMicros(micros: number): string {
  return new Date(Math.floor(micros / MICROS_PER_MILLI)).toISOString();
}

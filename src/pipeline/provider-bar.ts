/**
 * Checks a provider bar before it enters the pipeline (`Pipeline.ingestBar`), and the record
 * format that carries it in a recording, so a replay feeds it at the same point as the live run.
 */
import type { Bar, Micros, QuarantineReason } from '../core/events.js';
import { parseTimeframe } from '../core/time.js';

/** The type of a recorded provider bar (an input line of a recording). */
export const PROVIDER_BAR_INPUT = 'bar.provider';

/** A provider bar as a recording holds it: `tsRecv` is the run's clock when it entered the pipeline. */
export interface ProviderBarInput {
  readonly type: typeof PROVIDER_BAR_INPUT;
  readonly tsRecv: Micros;
  readonly bar: Bar;
}

export function isProviderBarInput(input: unknown): input is ProviderBarInput {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input as { type?: unknown }).type === PROVIDER_BAR_INPUT &&
    typeof (input as { bar?: unknown }).bar === 'object'
  );
}

/** Why a bar cannot enter the pipeline, or null when it can. */
export function providerBarProblem(
  bar: Bar,
  knownSymbol: boolean,
  timeframes: readonly string[],
): { reason: QuarantineReason; detail: string } | null {
  if (typeof bar !== 'object' || bar === null || bar.type !== 'bar') {
    return { reason: 'malformed', detail: 'a provider bar must be an object of type "bar"' };
  }
  if (!knownSymbol)
    return { reason: 'unknown_symbol', detail: `provider bar of ${String(bar.symbol)}: not an instrument of this run` };
  if (!timeframes.includes(bar.timeframe)) {
    return {
      reason: 'malformed',
      detail: `provider bar timeframe ${String(bar.timeframe)} is not built (timeframes: ${timeframes.join(', ')})`,
    };
  }
  const timeframe = parseTimeframe(bar.timeframe);
  if (timeframe.kind === 'daily') {
    return { reason: 'malformed', detail: 'provider bars must be intraday (1d bars follow the session calendar)' };
  }
  const width = timeframe.micros;
  if (!Number.isSafeInteger(bar.start) || bar.start % width !== 0 || bar.end - bar.start !== width) {
    return {
      reason: 'bad_timestamp',
      detail: `provider ${bar.timeframe} bar over [${bar.start}, ${bar.end}) is not one aligned ${bar.timeframe} window`,
    };
  }
  if (!Number.isSafeInteger(bar.tsEvent) || bar.tsEvent < bar.start || bar.tsEvent >= bar.end) {
    return { reason: 'bad_timestamp', detail: `provider bar tsEvent ${bar.tsEvent} is outside its window` };
  }
  if (!Number.isSafeInteger(bar.tsRecv))
    return { reason: 'bad_timestamp', detail: 'provider bar tsRecv is not an integer' };
  const { open, high, low, close, vwap } = bar;
  if (![open, high, low, close, vwap].every((price) => Number.isFinite(price) && price > 0)) {
    return { reason: 'bad_price', detail: 'provider bar prices (open, high, low, close, vwap) must be finite and > 0' };
  }
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
    return {
      reason: 'bad_price',
      detail: `provider bar high ${high} / low ${low} do not bound open ${open} and close ${close}`,
    };
  }
  if (![bar.volume, bar.buyVolume, bar.sellVolume, bar.trades].every((n) => Number.isFinite(n) && n >= 0)) {
    return { reason: 'bad_size', detail: 'provider bar volume, buy/sell volume and trades must be finite and >= 0' };
  }
  return null;
}

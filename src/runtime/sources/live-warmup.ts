/**
 * The warm-up of a live run: the recent 1-minute bars of every symbol, fetched from each
 * provider's REST API before the streams start, so indicators, features and detectors begin
 * warm. Providers are fetched side by side (their rate limits are their own), the symbols of one
 * provider one after another through its REST client (which paces itself to the provider's
 * limits). A failing provider or symbol is logged and starts cold; the others go on. The bars
 * come back in time order (then in instrument order), the order the pipeline must see them in.
 */
import type { Bar, Micros } from '../../core/events.js';
import { MICROS_PER_MINUTE } from '../../core/time.js';
import type { SourceLogger } from '../../sources/common/source.js';
import { toStoredBar } from '../../sources/rest/backfill.js';
import type { LiveProvider } from './live-sources.js';

export interface WarmupOptions {
  /** History from this time (floored to the minute) … */
  readonly from: Micros;
  /** … to this one: only minutes that have ended by then. */
  readonly to: Micros;
  /** Aborts the fetches still running; what arrived is kept. */
  readonly signal: AbortSignal;
  readonly logger: SourceLogger;
  /** Symbol order of the run (ties in time go in this order). */
  readonly symbols: readonly string[];
}

export interface WarmupResult {
  /** Closed 1-minute bars, by start then by the run's symbol order. */
  readonly bars: Bar[];
  /** Symbols with at least one bar. */
  readonly symbols: number;
  /** `provider: message` of each fetch that failed (or was cut short by the time limit). */
  readonly failures: string[];
}

export async function fetchWarmup(providers: readonly LiveProvider[], options: WarmupOptions): Promise<WarmupResult> {
  const from = Math.floor(options.from / MICROS_PER_MINUTE) * MICROS_PER_MINUTE;
  const failures: string[] = [];
  const bars: Bar[] = [];
  const wanted = new Set(options.symbols);
  await Promise.all(
    providers.map(async (provider) => {
      for (const { symbol, stream } of provider.symbols) {
        if (options.signal.aborted) {
          failures.push(`${provider.provider}: ${symbol}: not fetched before the time limit`);
          continue;
        }
        try {
          const gap = { source: provider.provider, symbol, from, to: options.to, reason: 'reconnect' as const };
          for await (const page of provider.history(stream === undefined ? gap : { ...gap, stream }, options.signal)) {
            for (const bar of page) {
              // Closed minutes of this run's symbols only: a forming minute would change after it entered.
              if (bar.timeframe !== '1m' || bar.start < from || bar.end > options.to || !wanted.has(bar.symbol))
                continue;
              bars.push(toStoredBar(bar));
            }
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.push(`${provider.provider}: ${symbol}: ${message}`);
          options.logger.warn({ provider: provider.provider, symbol, error: message }, 'warm-up fetch failed');
        }
      }
    }),
  );
  const order = new Map(options.symbols.map((symbol, i) => [symbol, i]));
  // One bar per (symbol, minute): a provider repeating a minute across pages keeps the first.
  const seen = new Set<string>();
  const unique = bars.filter((bar) => {
    const key = `${bar.symbol}@${bar.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => a.start - b.start || (order.get(a.symbol) ?? 0) - (order.get(b.symbol) ?? 0));
  return { bars: unique, symbols: new Set(unique.map((bar) => bar.symbol)).size, failures };
}

/** Builds the Coinbase Exchange feed source and candles client from one plain config object (no key needed). */
import type { Micros } from '../../core/events.js';
import type { GapReport } from '../common/gap-detector.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { CoinbaseSource, type CoinbaseChannel } from './coinbase-source.js';
import { coinbaseGapFetch, CoinbaseRestClient } from './rest.js';

export interface CoinbaseConfig {
  /** Product ids, e.g. `BTC-USD`, `ETH-USD`. */
  readonly productIds: readonly string[];
  readonly channels?: readonly CoinbaseChannel[];
  /** Default wss://ws-feed.exchange.coinbase.com. */
  readonly streamUrl?: string;
  /** Default https://api.exchange.coinbase.com. */
  readonly restBaseUrl?: string;
  readonly dataSilenceTimeoutMs?: number;
  readonly maxSymbolSilence?: Micros;
}

export interface CoinbaseRuntime {
  readonly source: CoinbaseSource;
  readonly rest: CoinbaseRestClient;
  readonly gapFetch: (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]>;
}

export function createCoinbaseRuntime(
  config: CoinbaseConfig,
  options: { logger?: SourceLogger } = {},
): CoinbaseRuntime {
  const source = new CoinbaseSource({
    productIds: config.productIds,
    channels: config.channels,
    url: config.streamUrl,
    connection: { dataSilenceTimeoutMs: config.dataSilenceTimeoutMs },
    maxSymbolSilence: config.maxSymbolSilence,
    logger: options.logger,
  });
  const rest = new CoinbaseRestClient({ baseUrl: config.restBaseUrl, logger: options.logger });
  return { source, rest, gapFetch: coinbaseGapFetch(rest) };
}

/** Builds the Binance stream source and klines client from one plain config object (no key needed). */
import type { Micros } from '../../core/events.js';
import type { GapReport } from '../common/gap-detector.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { BinanceSource, binanceStreamName, type BinanceStreamKind } from './binance-source.js';
import type { BinanceTimeUnit } from './parse.js';
import { binanceGapFetch, BinanceRestClient } from './rest.js';

export interface BinanceConfig {
  /** Pairs as Binance spells them: `BTCUSDT`, `ETHUSDT`. */
  readonly symbols: readonly string[];
  /** Default: trade and kline_1m. Use `aggTrade` instead of `trade` for fewer messages (never both). */
  readonly channels?: readonly BinanceStreamKind[];
  /** Default wss://stream.binance.com:9443; wss://data-stream.binance.vision is market-data only. */
  readonly streamBaseUrl?: string;
  /** Default https://api.binance.com (or https://data-api.binance.vision). */
  readonly restBaseUrl?: string;
  readonly timeUnit?: BinanceTimeUnit;
  readonly dataSilenceTimeoutMs?: number;
  readonly maxSymbolSilence?: Micros;
}

export interface BinanceRuntime {
  readonly source: BinanceSource;
  readonly rest: BinanceRestClient;
  readonly gapFetch: (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]>;
}

export function createBinanceRuntime(config: BinanceConfig, options: { logger?: SourceLogger } = {}): BinanceRuntime {
  const channels = config.channels ?? ['trade', 'kline_1m'];
  const streams = config.symbols.flatMap((symbol) => channels.map((kind) => binanceStreamName(symbol, kind)));
  const source = new BinanceSource({
    streams,
    baseUrl: config.streamBaseUrl,
    timeUnit: config.timeUnit,
    connection: { dataSilenceTimeoutMs: config.dataSilenceTimeoutMs ?? 60_000 },
    maxSymbolSilence: config.maxSymbolSilence,
    logger: options.logger,
  });
  const rest = new BinanceRestClient({ baseUrl: config.restBaseUrl, logger: options.logger });
  return { source, rest, gapFetch: binanceGapFetch(rest) };
}

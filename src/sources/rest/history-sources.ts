/**
 * One interface over every provider that serves historical bars, for backfill: Polygon
 * aggregates and Alpaca bars (part of their adapters), Binance klines, Coinbase candles, Alpha
 * Vantage, Yahoo chart, FMP and Finage (US stocks). Each is built with its subscription tier's rate limit and an
 * optional base URL (tests point it at local servers); keys come from options or the
 * environment and are never printed.
 */
import type { Micros } from '../../core/events.js';
import { AlpacaRestClient, ALPACA_RATE_LIMITS } from '../alpaca/rest.js';
import { BinanceRestClient } from '../binance/rest.js';
import { binanceInterval } from '../binance/parse.js';
import { resolveApiKey } from '../common/api-keys.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { COINBASE_GRANULARITIES, CoinbaseRestClient } from '../coinbase/rest.js';
import { PolygonRestClient, POLYGON_RATE_LIMITS, type PolygonTimespan } from '../polygon/rest.js';
import { ALPHA_VANTAGE_PLANS, ALPHA_VANTAGE_TIMEFRAMES, AlphaVantageClient } from './alphavantage.js';
import { FINAGE_PLANS, FINAGE_TIMEFRAMES, FinageClient } from './finage.js';
import { FMP_PLANS, FMP_TIMEFRAMES, FmpClient } from './fmp.js';
import { YAHOO_TIMEFRAMES, YahooChartClient } from './yahoo.js';

export interface BarHistory {
  readonly source: string;
  /** Bars of `symbol` whose start is in [from, to), page by page, ascending within a page. */
  bars(
    symbol: string,
    timeframe: string,
    from: Micros,
    to: Micros,
    signal?: AbortSignal,
  ): AsyncIterable<readonly SourceBar[]>;
}

export interface HistorySourceOptions {
  /**
   * Rate-limit tier: polygon free|paid, alpaca basic|algoTraderPlus, alphavantage free|premium, fmp free|starter,
   * finage standard.
   */
  readonly tier?: string;
  readonly baseUrl?: string;
  readonly apiKey?: string;
  /** Alpaca only. */
  readonly secretKey?: string;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly logger?: SourceLogger;
  readonly maxRetries?: number;
}

/** Tiers per source (the first is the default); sources without one have a single public limit. */
export const HISTORY_SOURCE_TIERS: Readonly<Record<string, readonly string[]>> = {
  polygon: Object.keys(POLYGON_RATE_LIMITS),
  alpaca: Object.keys(ALPACA_RATE_LIMITS),
  binance: ['public'],
  coinbase: ['public'],
  alphavantage: Object.keys(ALPHA_VANTAGE_PLANS),
  yahoo: ['public'],
  fmp: Object.keys(FMP_PLANS),
  finage: Object.keys(FINAGE_PLANS),
};

export const HISTORY_SOURCES = Object.keys(HISTORY_SOURCE_TIERS);

/** Timeframes each source can serve (checked before any request is made). */
export function historyTimeframes(source: string): readonly string[] {
  switch (source) {
    case 'polygon':
      return ['1s', '1m', '5m', '15m', '30m', '1h', '4h', '1d'];
    case 'alpaca':
      return ['1m', '5m', '15m', '30m', '1h', '4h', '1d'];
    case 'binance':
      return ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w'];
    case 'coinbase':
      return Object.keys(COINBASE_GRANULARITIES);
    case 'alphavantage':
      return ALPHA_VANTAGE_TIMEFRAMES;
    case 'yahoo':
      return YAHOO_TIMEFRAMES;
    case 'fmp':
      return FMP_TIMEFRAMES;
    case 'finage':
      return FINAGE_TIMEFRAMES;
    default:
      throw new Error(`unknown history source "${source}"; use one of ${HISTORY_SOURCES.join(', ')}`);
  }
}

function tierOf(source: string, tier: string | undefined): string {
  const tiers = HISTORY_SOURCE_TIERS[source];
  if (tiers === undefined)
    throw new Error(`unknown history source "${source}"; use one of ${HISTORY_SOURCES.join(', ')}`);
  const chosen = tier ?? tiers[0] ?? 'public';
  if (!tiers.includes(chosen)) {
    throw new Error(`${source}: unknown tier "${chosen}"; use one of ${tiers.join(', ')}`);
  }
  return chosen;
}

const UNIT_TIMESPAN: Readonly<Record<string, PolygonTimespan>> = { s: 'second', m: 'minute', h: 'hour', d: 'day' };

/** The REST clients of this folder (Alpha Vantage, Yahoo, FMP, Finage) all take one range request. */
interface RangeBarsClient {
  bars(
    request: { symbol: string; timeframe: string; from: Micros; to: Micros },
    signal?: AbortSignal,
  ): AsyncIterable<readonly SourceBar[]>;
}

function rangeHistory(source: string, client: RangeBarsClient): BarHistory {
  return {
    source,
    bars: (symbol, timeframe, from, to, signal) => client.bars({ symbol, timeframe, from, to }, signal),
  };
}

export function createBarHistory(source: string, options: HistorySourceOptions = {}): BarHistory {
  const tier = tierOf(source, options.tier);
  const common = { baseUrl: options.baseUrl, logger: options.logger, maxRetries: options.maxRetries };
  // Alpha Vantage, FMP and Finage resolve their key themselves (option, else environment).
  const keyed = { ...common, apiKey: options.apiKey, environment: options.environment };
  switch (source) {
    case 'polygon': {
      const apiKey = resolveApiKey(
        'polygon',
        options.apiKey,
        ['POLYGON_API_KEY', 'MASSIVE_API_KEY'],
        options.environment,
      );
      const client = new PolygonRestClient({
        ...common,
        apiKey,
        rateLimit: POLYGON_RATE_LIMITS[tier as keyof typeof POLYGON_RATE_LIMITS],
      });
      return {
        source,
        bars: (symbol, timeframe, from, to, signal) => {
          const match = /^(\d+)([smhd])$/.exec(timeframe);
          if (match === null) throw new Error(`polygon: timeframe "${timeframe}" is not supported`);
          const timespan = UNIT_TIMESPAN[match[2] as string] as PolygonTimespan;
          return client.aggregates(
            { ticker: symbol, multiplier: Number(match[1]), timespan, from, to: to - 1 },
            signal,
          );
        },
      };
    }
    case 'alpaca': {
      const keyId = resolveApiKey(
        'alpaca',
        options.apiKey,
        ['ALPACA_API_KEY_ID', 'APCA_API_KEY_ID'],
        options.environment,
      );
      const secretKey = resolveApiKey(
        'alpaca',
        options.secretKey,
        ['ALPACA_API_SECRET_KEY', 'APCA_API_SECRET_KEY'],
        options.environment,
      );
      const client = new AlpacaRestClient({
        ...common,
        keyId,
        secretKey,
        rateLimit: ALPACA_RATE_LIMITS[tier as keyof typeof ALPACA_RATE_LIMITS],
      });
      return {
        source,
        bars: (symbol, timeframe, from, to, signal) => {
          const request = { symbols: [symbol], timeframe, start: from, end: to - 1 };
          // Crypto pairs are written with a slash (BTC/USD); they need no key but accept one.
          return symbol.includes('/') ? client.cryptoBars(request, 'us', signal) : client.stockBars(request, signal);
        },
      };
    }
    case 'binance': {
      const client = new BinanceRestClient(common);
      return {
        source,
        bars: (symbol, timeframe, from, to, signal) => {
          binanceInterval(timeframe);
          return client.klines({ symbol, timeframe, from, to }, signal);
        },
      };
    }
    case 'coinbase': {
      const client = new CoinbaseRestClient(common);
      return {
        source,
        bars: (symbol, timeframe, from, to, signal) =>
          client.candles({ productId: symbol, timeframe, from, to }, signal),
      };
    }
    case 'alphavantage':
      return rangeHistory(source, new AlphaVantageClient({ ...keyed, plan: tier as keyof typeof ALPHA_VANTAGE_PLANS }));
    case 'yahoo':
      return rangeHistory(source, new YahooChartClient(common));
    case 'fmp':
      return rangeHistory(source, new FmpClient({ ...keyed, plan: tier as keyof typeof FMP_PLANS }));
    case 'finage':
      return rangeHistory(source, new FinageClient({ ...keyed, plan: tier as keyof typeof FINAGE_PLANS }));
    default:
      throw new Error(`unknown history source "${source}"; use one of ${HISTORY_SOURCES.join(', ')}`);
  }
}

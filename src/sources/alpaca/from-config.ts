/** Builds the Alpaca stream source and REST client from one plain config object. */
import type { Micros } from '../../core/events.js';
import { resolveApiKey } from '../common/api-keys.js';
import type { GapReport } from '../common/gap-detector.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { AlpacaSource, type AlpacaStream } from './alpaca-source.js';
import type { AlpacaChannels } from './parse.js';
import { alpacaGapFetch, AlpacaRestClient, ALPACA_RATE_LIMITS } from './rest.js';

export interface AlpacaConfig {
  /** Else ALPACA_API_KEY_ID / APCA_API_KEY_ID from the environment. */
  readonly keyId?: string;
  /** Else ALPACA_API_SECRET_KEY / APCA_API_SECRET_KEY. */
  readonly secretKey?: string;
  readonly stream: AlpacaStream;
  readonly subscriptions: AlpacaChannels;
  readonly authMode?: 'message' | 'headers';
  /** Stream base URL (default wss://stream.data.alpaca.markets). */
  readonly streamBaseUrl?: string;
  /** REST base URL (default https://data.alpaca.markets). */
  readonly restBaseUrl?: string;
  /** `basic` (200 requests/min) or `algoTraderPlus` (10,000/min). */
  readonly plan?: keyof typeof ALPACA_RATE_LIMITS;
  readonly dataSilenceTimeoutMs?: number;
  readonly maxSymbolSilence?: Micros;
}

export interface AlpacaRuntime {
  readonly source: AlpacaSource;
  readonly rest: AlpacaRestClient;
  readonly gapFetch: (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]>;
}

export function createAlpacaRuntime(
  config: AlpacaConfig,
  options: { environment?: Readonly<Record<string, string | undefined>>; logger?: SourceLogger } = {},
): AlpacaRuntime {
  const keyId = resolveApiKey('alpaca', config.keyId, ['ALPACA_API_KEY_ID', 'APCA_API_KEY_ID'], options.environment);
  const secretKey = resolveApiKey(
    'alpaca',
    config.secretKey,
    ['ALPACA_API_SECRET_KEY', 'APCA_API_SECRET_KEY'],
    options.environment,
  );
  const source = new AlpacaSource({
    keyId,
    secretKey,
    stream: config.stream,
    subscriptions: config.subscriptions,
    baseUrl: config.streamBaseUrl,
    authMode: config.authMode,
    connection: { dataSilenceTimeoutMs: config.dataSilenceTimeoutMs },
    maxSymbolSilence: config.maxSymbolSilence,
    logger: options.logger,
  });
  const rest = new AlpacaRestClient({
    keyId,
    secretKey,
    baseUrl: config.restBaseUrl,
    rateLimit: ALPACA_RATE_LIMITS[config.plan ?? 'basic'],
    logger: options.logger,
  });
  return { source, rest, gapFetch: alpacaGapFetch(rest, config.stream.kind) };
}

/**
 * Builds the live sources of a run from the `source` configuration, one provider at a time
 * through each provider's from-config.ts. A provider that cannot be built (no API key) is
 * reported as a failure and the others go on: each source runs and fails independently.
 */
import type { LiveSourceName, SourceConfig } from '../../config/source-schema.js';
import { LIVE_SOURCE_NAMES, liveSymbols } from '../../config/source-schema.js';
import { createAlpacaRuntime } from '../../sources/alpaca/from-config.js';
import { createBinanceRuntime } from '../../sources/binance/from-config.js';
import type { GapReport } from '../../sources/common/gap-detector.js';
import type { Source, SourceBar, SourceLogger } from '../../sources/common/source.js';
import { createCoinbaseRuntime } from '../../sources/coinbase/from-config.js';
import { PolygonAggregatesPoller } from '../../sources/polygon/aggregates-poller.js';
import { createPolygonRuntime } from '../../sources/polygon/from-config.js';

export type GapFetch = (gap: GapReport, signal: AbortSignal) => AsyncIterable<readonly SourceBar[]>;

export interface LiveProvider {
  readonly provider: LiveSourceName;
  /** Started one by one; Polygon has a WebSocket source and a REST poller. */
  readonly sources: readonly Source[];
  /** Fetches a gap's minute bars from REST; null when gap-fill is off. */
  readonly gapFetch: GapFetch | null;
  /** Fetches minute bars of any range from REST (the warm-up), whatever the gap-fill setting. */
  readonly history: GapFetch;
  /** The symbols it emits, with the stream (Polygon cluster) a history request needs. */
  readonly symbols: readonly { readonly symbol: string; readonly stream?: string }[];
  /**
   * Sources whose provider bars are the data itself (REST polling, no trades): their final bars
   * are stored. Bars streamed beside trades are not: the pipeline builds its own from the trades.
   */
  readonly barSources: ReadonlySet<Source>;
}

export interface LiveProviderFailure {
  readonly provider: LiveSourceName;
  /** Safe to print: the key resolver never includes a key. */
  readonly error: string;
}

export interface LiveSetup {
  readonly providers: LiveProvider[];
  readonly failures: LiveProviderFailure[];
}

export interface LiveSourceOptions {
  readonly logger?: SourceLogger;
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

export function createLiveSources(config: SourceConfig, options: LiveSourceOptions = {}): LiveSetup {
  const providers: LiveProvider[] = [];
  const failures: LiveProviderFailure[] = [];
  for (const name of LIVE_SOURCE_NAMES) {
    if (!config[name].enabled) continue;
    try {
      providers.push(createProvider(config, name, options));
    } catch (error) {
      failures.push({ provider: name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { providers, failures };
}

function createProvider(config: SourceConfig, name: LiveSourceName, options: LiveSourceOptions): LiveProvider {
  const logger = options.logger;
  const silence = (ms: number | null): number | undefined => ms ?? undefined;
  switch (name) {
    case 'binance': {
      const c = config.binance;
      const runtime = createBinanceRuntime(
        {
          symbols: c.symbols,
          channels: c.channels as Parameters<typeof createBinanceRuntime>[0]['channels'],
          streamBaseUrl: c.streamBaseUrl,
          restBaseUrl: c.restBaseUrl,
          // The Binance runtime defaults to 60 s when none is given: null (off) must be said explicitly.
          dataSilenceTimeoutMs: c.dataSilenceTimeoutMs ?? Number.POSITIVE_INFINITY,
        },
        { logger },
      );
      return single(name, runtime.source, runtime.gapFetch, c.gapFill, liveSymbols(config, name));
    }
    case 'coinbase': {
      const c = config.coinbase;
      const runtime = createCoinbaseRuntime(
        {
          productIds: c.productIds,
          channels: c.channels,
          streamUrl: c.streamUrl,
          restBaseUrl: c.restBaseUrl,
          dataSilenceTimeoutMs: silence(c.dataSilenceTimeoutMs),
        },
        { logger },
      );
      return single(name, runtime.source, runtime.gapFetch, c.gapFill, liveSymbols(config, name));
    }
    case 'polygon': {
      const c = config.polygon;
      const runtime = createPolygonRuntime(
        {
          ...(c.apiKey === undefined ? {} : { apiKey: c.apiKey }),
          assets: c.assets,
          hosts: c.hosts,
          restBaseUrl: c.restBaseUrl,
          pollIntervalMs: c.pollIntervalMs,
          dataSilenceTimeoutMs: silence(c.dataSilenceTimeoutMs),
          quoteSizeMultiplier: c.quoteSizeMultiplier,
        },
        { logger, ...(options.environment ? { environment: options.environment } : {}) },
      );
      return {
        provider: name,
        sources: runtime.sources,
        gapFetch: c.gapFill ? runtime.gapFetch : null,
        history: runtime.gapFetch,
        symbols: c.assets.flatMap((asset) => asset.symbols.map((symbol) => ({ symbol, stream: asset.cluster }))),
        barSources: new Set(runtime.sources.filter((s) => s instanceof PolygonAggregatesPoller)),
      };
    }
    case 'alpaca': {
      const c = config.alpaca;
      const subscriptions = Object.fromEntries(c.channels.map((channel) => [channel, [...c.symbols]]));
      const runtime = createAlpacaRuntime(
        {
          ...(c.keyId === undefined ? {} : { keyId: c.keyId }),
          ...(c.secretKey === undefined ? {} : { secretKey: c.secretKey }),
          stream: c.kind === 'stocks' ? { kind: 'stocks', feed: c.feed } : { kind: 'crypto', location: c.location },
          subscriptions,
          authMode: c.authMode,
          streamBaseUrl: c.streamBaseUrl,
          restBaseUrl: c.restBaseUrl,
          plan: c.plan,
          dataSilenceTimeoutMs: silence(c.dataSilenceTimeoutMs),
        },
        { logger, ...(options.environment ? { environment: options.environment } : {}) },
      );
      return single(name, runtime.source, runtime.gapFetch, c.gapFill, liveSymbols(config, name));
    }
  }
}

function single(
  provider: LiveSourceName,
  source: Source,
  history: GapFetch,
  gapFill: boolean,
  symbols: readonly string[],
): LiveProvider {
  return {
    provider,
    sources: [source],
    gapFetch: gapFill ? history : null,
    history,
    symbols: symbols.map((symbol) => ({ symbol })),
    barSources: new Set(),
  };
}

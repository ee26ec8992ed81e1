/**
 * Builds the Polygon/Massive sources a run needs from one plain config object: a WebSocket
 * source for the asset classes whose plan streams (one socket per cluster), an aggregates
 * poller for those on REST only, and the REST client (for gap-fill and backfill).
 */
import type { Micros } from '../../core/events.js';
import { resolveApiKey } from '../common/api-keys.js';
import type { GapReport } from '../common/gap-detector.js';
import type { Source, SourceBar, SourceLogger } from '../common/source.js';
import { PolygonAggregatesPoller } from './aggregates-poller.js';
import { PolygonSource } from './polygon-source.js';
import { polygonGapFetch, PolygonRestClient } from './rest.js';
import { planPolygonFeeds, polygonRestTicker, type PolygonAssetConfig } from './tiers.js';

export interface PolygonConfig {
  /** Else POLYGON_API_KEY or MASSIVE_API_KEY from the environment. */
  readonly apiKey?: string;
  readonly assets: readonly PolygonAssetConfig[];
  /** WebSocket base URLs (default wss://socket.massive.com and wss://delayed.massive.com). */
  readonly hosts?: { readonly realtime?: string; readonly delayed?: string };
  /** REST base URL (default https://api.massive.com). */
  readonly restBaseUrl?: string;
  /** Poll interval for REST-only asset classes (default 60 s). */
  readonly pollIntervalMs?: number;
  /** Reconnect when a connected socket delivers no data this long (default off). */
  readonly dataSilenceTimeoutMs?: number;
  /** Report a gap when one symbol is silent longer than this (µs; default off). */
  readonly maxSymbolSilence?: Micros;
  /** Stock quote sizes: 1 = as sent (round lots), 100 = shares. */
  readonly quoteSizeMultiplier?: number;
}

export interface PolygonRuntime {
  /** Start each with the run's sink; each runs and fails on its own. */
  readonly sources: Source[];
  readonly rest: PolygonRestClient;
  /** For a GapFiller: fetches the minute bars of a reported gap. */
  readonly gapFetch: (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]>;
}

export function createPolygonRuntime(
  config: PolygonConfig,
  options: { environment?: Readonly<Record<string, string | undefined>>; logger?: SourceLogger } = {},
): PolygonRuntime {
  const apiKey = resolveApiKey('polygon', config.apiKey, ['POLYGON_API_KEY', 'MASSIVE_API_KEY'], options.environment);
  const plan = planPolygonFeeds(config.assets);
  const rest = new PolygonRestClient({
    apiKey,
    baseUrl: config.restBaseUrl,
    rateLimit: plan.restRateLimit,
    logger: options.logger,
  });
  const sources: Source[] = [];
  if (plan.websocket.length > 0) {
    sources.push(
      new PolygonSource({
        apiKey,
        subscriptions: plan.websocket,
        hosts: config.hosts,
        connection: { dataSilenceTimeoutMs: config.dataSilenceTimeoutMs },
        parse: { quoteSizeMultiplier: config.quoteSizeMultiplier },
        maxSymbolSilence: config.maxSymbolSilence,
        logger: options.logger,
      }),
    );
  }
  if (plan.rest.length > 0) {
    sources.push(
      new PolygonAggregatesPoller({
        client: rest,
        targets: plan.rest,
        intervalMs: config.pollIntervalMs,
        logger: options.logger,
      }),
    );
  }
  return { sources, rest, gapFetch: polygonGapFetch(rest, polygonRestTicker) };
}

/**
 * The `source` section: the built-in simulator and the live providers a `tickwatch run` reads.
 * Field shapes follow each provider's from-config.ts (createBinanceRuntime, …), so the runtime
 * passes them through. Base URLs are configurable so tests (and proxies) can point the shipped
 * clients elsewhere. API keys may sit here but are better left to the environment.
 */
import { z } from 'zod';
import { maskSecret } from '../sources/common/mask.js';
import { planPolygonFeeds } from '../sources/polygon/tiers.js';

/** The live providers, in the order they start. */
export const LIVE_SOURCE_NAMES = ['polygon', 'alpaca', 'binance', 'coinbase'] as const;
export type LiveSourceName = (typeof LIVE_SOURCE_NAMES)[number];

const simulatorSchema = z
  .strictObject({
    enabled: z
      .union([z.literal('auto'), z.boolean()])
      .default('auto')
      .describe(
        'auto (run the simulator only when no live source is enabled), true or false; the simulator cannot share a run with live sources',
      ),
    seed: z
      .union([z.number().int(), z.string().min(1)])
      .default(42)
      .describe('any integer or string; the same seed replays the same market'),
    symbols: z
      .union([z.number().int().min(1).max(500), z.array(z.string().min(1)).min(1)])
      .default(8)
      .describe(
        'how many simulated symbols (1–500), or a list of names from the default universe such as [AAPL, BTC-USD]',
      ),
    speed: z
      .union([z.literal('max'), z.number().positive()])
      .default(1)
      .describe('1 for real time, N for N× real time, or "max" for as fast as possible'),
    anomaliesPerSymbolDay: z
      .number()
      .min(0)
      .max(1000)
      .default(4)
      .describe('expected injected anomalies per symbol per day; 0 disables injection'),
    activity: z
      .number()
      .gt(0)
      .max(10)
      .default(0.25)
      .describe('multiplier on the simulated trade and quote rates, e.g. 0.25 (light, quick warm-up) or 1 (busier)'),
    warmupDays: z
      .number()
      .min(0)
      .max(30)
      .default(2)
      .describe('days of history simulated at first start so charts and indicators have data at once; 0 to skip'),
  })
  .prefault({});

/** A URL with one of the given protocols (ws:/wss: for streams, http:/https: for REST). */
const url = (fallback: string, protocols: readonly string[], example: string) =>
  z
    .string()
    .refine(
      (text) => {
        try {
          return protocols.includes(new URL(text).protocol);
        } catch {
          return false;
        }
      },
      { message: `not a ${protocols.join(' or ')} URL` },
    )
    .default(fallback)
    .describe(`a ${protocols.map((p) => p.slice(0, -1)).join('/')} URL such as ${example}`);
const streamUrl = (fallback: string) => url(fallback, ['wss:', 'ws:'], fallback);
const restUrl = (fallback: string) => url(fallback, ['https:', 'http:'], fallback);

const enabled = z.boolean().default(false).describe('true to read this provider in `tickwatch run`');
const symbolList = (fallback: string[], example: string) =>
  z.array(z.string().min(1)).default(fallback).describe(`a list of symbols, e.g. ${example}`);
const silence = (fallback: number | null) =>
  z
    .number()
    .int()
    .min(1_000)
    .nullable()
    .default(fallback)
    .describe(
      'milliseconds without market data after which a connection that looks open is reconnected, e.g. 60000; null turns it off (stocks are quiet outside the session)',
    );
const gapFill = z
  .boolean()
  .default(true)
  .describe(
    'true to fetch the minute bars of a detected gap (reconnect, skipped sequence numbers) from REST and store them',
  );
const optionalSecret = (environment: string) =>
  z
    .string()
    .min(1)
    .optional()
    .describe(`the key; better left out of the file and set in the environment as ${environment}`);

const binanceChannel = z
  .string()
  .regex(/^(trade|aggTrade|bookTicker|kline_(1s|[1-9]\d*[mhdwM]))$/, 'not a Binance stream type')
  .describe('a Binance stream type: trade, aggTrade, bookTicker or kline_1m');

const binanceSchema = z
  .strictObject({
    enabled,
    symbols: symbolList(['BTCUSDT', 'ETHUSDT'], '[BTCUSDT, ETHUSDT] (Binance pairs, no dash)'),
    channels: z
      .array(binanceChannel)
      .min(1)
      .default(['trade'])
      .refine((channels) => !(channels.includes('trade') && channels.includes('aggTrade')), {
        message: 'trade and aggTrade carry the same trades twice',
      })
      .describe('stream types, e.g. [trade] or [aggTrade, bookTicker] (trade or aggTrade, not both)'),
    streamBaseUrl: streamUrl('wss://stream.binance.com:9443'),
    restBaseUrl: restUrl('https://api.binance.com'),
    dataSilenceTimeoutMs: silence(60_000),
    gapFill,
  })
  .prefault({});

const coinbaseSchema = z
  .strictObject({
    enabled,
    productIds: symbolList(['BTC-USD', 'ETH-USD'], '[BTC-USD, ETH-USD] (Coinbase product ids)'),
    channels: z
      .array(z.enum(['matches', 'ticker', 'heartbeat']))
      .min(1)
      .default(['heartbeat', 'matches', 'ticker'])
      .refine((channels) => channels.includes('matches'), { message: 'without matches there are no trades' })
      .describe('feed channels: matches (trades, required), ticker (quotes), heartbeat (sequence gaps)'),
    streamUrl: streamUrl('wss://ws-feed.exchange.coinbase.com'),
    restBaseUrl: restUrl('https://api.exchange.coinbase.com'),
    dataSilenceTimeoutMs: silence(60_000),
    gapFill,
  })
  .prefault({});

const polygonAssetSchema = z.strictObject({
  cluster: z
    .enum(['stocks', 'options', 'indices', 'crypto', 'forex', 'futures'])
    .describe('an asset class: stocks, options, indices, crypto, forex or futures'),
  symbols: z
    .array(z.string().min(1))
    .min(1)
    .describe('symbols as the WebSocket names them, e.g. [AAPL, MSFT], [BTC-USD], [EUR/USD] or [I:SPX]'),
  plan: z
    .enum(['basic', 'starter', 'developer', 'advanced', 'business'])
    .optional()
    .describe('your plan for this asset class: basic (REST polling), starter, developer, advanced or business'),
  access: z
    .enum(['realtime', 'delayed', 'rest'])
    .optional()
    .describe('realtime, delayed or rest, when your plan differs from the plan mapping'),
  channels: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('channel prefixes per symbol, e.g. [T, Q] for stocks or [XT, XQ] for crypto'),
});

const polygonSchema = z
  .strictObject({
    enabled,
    apiKey: optionalSecret('POLYGON_API_KEY or MASSIVE_API_KEY'),
    assets: z
      .array(polygonAssetSchema)
      .default([])
      .describe(
        'asset classes with their symbols and plan, e.g. [{ cluster: stocks, symbols: [AAPL], plan: starter }]',
      ),
    hosts: z
      .strictObject({
        realtime: streamUrl('wss://socket.massive.com'),
        delayed: streamUrl('wss://delayed.massive.com'),
      })
      .prefault({}),
    restBaseUrl: restUrl('https://api.massive.com'),
    pollIntervalMs: z
      .number()
      .int()
      .min(1_000)
      .default(60_000)
      .describe('milliseconds between REST polls of asset classes on a basic plan, e.g. 60000'),
    dataSilenceTimeoutMs: silence(null),
    quoteSizeMultiplier: z
      .number()
      .positive()
      .default(1)
      .describe('stock quote sizes: 1 keeps round lots as sent, 100 converts them to shares'),
    gapFill,
  })
  .superRefine((polygon, context) => {
    if (!polygon.enabled) return;
    if (polygon.assets.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['assets'],
        message:
          'no asset classes to read — fix: add at least one, e.g. [{ cluster: stocks, symbols: [AAPL, MSFT], plan: starter }]',
      });
      return;
    }
    polygon.assets.forEach((asset, index) => {
      if (asset.cluster === 'futures' && asset.channels === undefined && asset.access !== 'rest') {
        context.addIssue({
          code: 'custom',
          path: ['assets', index, 'channels'],
          message: 'futures have no default channels — fix: name them, e.g. [T]',
        });
      }
    });
    try {
      planPolygonFeeds(polygon.assets);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        path: ['assets'],
        message: (error as Error).message.replace(/^polygon: /, ''),
      });
    }
  })
  .prefault({});

const alpacaSchema = z
  .strictObject({
    enabled,
    keyId: optionalSecret('ALPACA_API_KEY_ID (or APCA_API_KEY_ID)'),
    secretKey: optionalSecret('ALPACA_API_SECRET_KEY (or APCA_API_SECRET_KEY)'),
    kind: z.enum(['stocks', 'crypto']).default('stocks').describe('stocks or crypto'),
    feed: z
      .enum(['iex', 'sip', 'delayed_sip', 'test'])
      .default('iex')
      .describe('the stock feed: iex (free), sip (paid), delayed_sip or test'),
    location: z
      .enum(['us', 'us-1', 'eu-1'])
      .default('us')
      .describe('the crypto venue: us (Alpaca), us-1 (Kraken US) or eu-1 (Kraken EU)'),
    symbols: z
      .array(z.string().min(1))
      .default([])
      .describe('symbols, e.g. [AAPL, MSFT] for stocks or [BTC/USD] for crypto'),
    channels: z
      .array(z.enum(['trades', 'quotes']))
      .min(1)
      .default(['trades', 'quotes'])
      .refine((channels) => channels.includes('trades'), { message: 'without trades nothing reaches the pipeline' })
      .describe('channels per symbol: [trades] or [trades, quotes]'),
    authMode: z
      .enum(['message', 'headers'])
      .default('message')
      .describe('message (auth message after connecting) or headers (keys on the upgrade request)'),
    streamBaseUrl: streamUrl('wss://stream.data.alpaca.markets'),
    restBaseUrl: restUrl('https://data.alpaca.markets'),
    plan: z
      .enum(['basic', 'algoTraderPlus'])
      .default('basic')
      .describe('basic (200 REST requests/min) or algoTraderPlus (10,000/min)'),
    dataSilenceTimeoutMs: silence(null),
    gapFill,
  })
  .superRefine((alpaca, context) => {
    if (alpaca.enabled && alpaca.symbols.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['symbols'],
        message: `no symbols to read — fix: list some, e.g. ${alpaca.kind === 'stocks' ? '[AAPL, MSFT]' : '[BTC/USD]'}`,
      });
    }
  })
  .prefault({});

/**
 * Warm-up of a live run: recent 1-minute bars fetched from each provider's REST API before the
 * streams start, so indicators, features and detectors do not start cold.
 */
const liveWarmupSchema = z
  .strictObject({
    minutes: z
      .number()
      .int()
      .min(0)
      .max(1_440)
      .default(240)
      .describe(
        'minutes of 1-minute history fetched per symbol when a live run starts without a recent checkpoint (and the minutes missed since an older one), e.g. 240; 0 to skip',
      ),
    timeoutMs: z
      .number()
      .int()
      .min(1_000)
      .default(60_000)
      .describe(
        'milliseconds the warm-up may take before the streams start anyway (symbols not fetched by then start cold), e.g. 60000',
      ),
  })
  .prefault({});

/** The symbols a live provider's configuration makes it emit (as the pipeline will see them). */
export function liveSymbols(source: SourceConfig, name: LiveSourceName): string[] {
  switch (name) {
    case 'binance':
      // Binance sends pairs in upper case whatever the subscription's case.
      return source.binance.symbols.map((s) => s.toUpperCase());
    case 'coinbase':
      return [...source.coinbase.productIds];
    case 'polygon':
      return source.polygon.assets.flatMap((a) => a.symbols);
    case 'alpaca':
      return [...source.alpaca.symbols];
  }
}

const sourceFields = z.strictObject({
  simulator: simulatorSchema,
  polygon: polygonSchema,
  alpaca: alpacaSchema,
  binance: binanceSchema,
  coinbase: coinbaseSchema,
  usEquitySession: z
    .enum(['regular', 'extended'])
    .default('regular')
    .describe(
      'regular (09:30–16:00 New York) or extended (04:00–20:00, pre- and post-market): the session of live US stocks',
    ),
  warmup: liveWarmupSchema,
});

export type SourceConfig = z.infer<typeof sourceFields>;

export const sourceSchema = sourceFields
  .superRefine((source, context) => {
    const live = LIVE_SOURCE_NAMES.filter((name) => source[name].enabled);
    if (source.simulator.enabled === true && live.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['simulator', 'enabled'],
        message: `the simulator runs on its own replayed clock and cannot share a run with live sources (${live.join(', ')}) — fix: set source.simulator.enabled to auto or false, or disable the live sources`,
      });
    }
    if (source.simulator.enabled === false && live.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['simulator', 'enabled'],
        message:
          'no source is enabled — fix: set source.simulator.enabled to auto, or enable a live source such as source.binance.enabled: true',
      });
    }
    for (const name of ['binance', 'coinbase'] as const) {
      // Polygon and Alpaca check their own lists, with examples that fit their asset classes.
      if (source[name].enabled && liveSymbols(source, name).length === 0) {
        context.addIssue({
          code: 'custom',
          path: [name, name === 'coinbase' ? 'productIds' : 'symbols'],
          message: 'no symbols to read — fix: list at least one',
        });
      }
    }
    // One instrument per symbol: two venues' trades would mix into one bar series.
    const owner = new Map<string, LiveSourceName>();
    for (const name of live) {
      for (const symbol of liveSymbols(source, name)) {
        const first = owner.get(symbol);
        if (first === undefined) owner.set(symbol, name);
        else if (first !== name) {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: `symbol ${symbol} is configured in both source.${first} and source.${name} — fix: read it from one of them`,
          });
        } else {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: `symbol ${symbol} is listed twice — fix: list it once`,
          });
        }
      }
    }
  })
  .prefault({});

/** Whether this configuration runs the simulator (else the enabled live sources). */
export function runsSimulator(source: SourceConfig): boolean {
  if (source.simulator.enabled !== 'auto') return source.simulator.enabled;
  return !LIVE_SOURCE_NAMES.some((name) => source[name].enabled);
}

/** A copy of the configuration fit to print: every API key masked as `abcd…wxyz`. */
export function withMaskedKeys<T extends { source: SourceConfig }>(config: T): T {
  const { polygon, alpaca } = config.source;
  const mask = (key: string | undefined): string | undefined => (key === undefined ? undefined : maskSecret(key));
  return {
    ...config,
    source: {
      ...config.source,
      polygon: { ...polygon, ...(polygon.apiKey === undefined ? {} : { apiKey: mask(polygon.apiKey) }) },
      alpaca: {
        ...alpaca,
        ...(alpaca.keyId === undefined ? {} : { keyId: mask(alpaca.keyId) }),
        ...(alpaca.secretKey === undefined ? {} : { secretKey: mask(alpaca.secretKey) }),
      },
    },
  };
}

/**
 * Market data: symbols, latest values (from the in-process cache), ticks, quotes, bars and
 * indicators. Prefixed /api/v1.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { paginate, pageQueryShape } from '../pagination.js';
import {
  barOut,
  barSchema,
  indicatorSetSchema,
  quoteOut,
  quoteSchema,
  tradeOut,
  tradeSchema,
} from '../representations/market.js';
import { iso, isoFromMicros, isoOrNull, micros } from '../representations/time-fields.js';
import type { SymbolLatest } from '../latest-cache.js';
import { timeframeInput } from '../time-params.js';
import { pageSchema, responses, symbolParams } from './responses.js';
import type { RouteDeps } from './route-deps.js';

const intrabarSchema = z
  .object({
    timeframe: z.string(),
    start: micros.describe('start of the forming bar, µs'),
    startIso: iso,
    ts: micros.describe('end of the forming bar, µs'),
    tsIso: iso,
    values: z.record(z.string(), z.number().nullable()),
  })
  .describe('indicator values as of the bar still forming (they change until it closes)');

const latestSchema = z
  .object({
    symbol: z.string(),
    price: z.number().nullable().describe('last trade price, null before the first trade'),
    ts: micros.nullable().describe('event time of the last trade'),
    tsIso: iso.nullable(),
    trade: tradeSchema.nullable(),
    quote: quoteSchema.nullable(),
  })
  .describe('latest values of a symbol');

function latestOut(entry: Readonly<SymbolLatest>): z.infer<typeof latestSchema> {
  const trade = entry.trade;
  return {
    symbol: entry.symbol,
    price: trade?.price ?? null,
    ts: trade?.tsEvent ?? null,
    tsIso: isoOrNull(trade?.tsEvent ?? null),
    trade: trade === null ? null : tradeOut(trade),
    quote: entry.quote === null ? null : quoteOut(entry.quote),
  };
}

export function marketRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  const { store, cache } = deps;
  const defaultTimeframe = deps.timeframes.includes('1m') ? '1m' : (deps.timeframes[0] ?? '1m');
  const timeframe = timeframeInput(deps.timeframes);

  /** 404 with a hint when a symbol is unknown everywhere (only checked when a query found nothing). */
  async function assertKnownSymbol(symbol: string): Promise<void> {
    if (cache.get(symbol) !== undefined) return;
    if ((await store.symbols()).includes(symbol)) return;
    throw new ApiError(
      'not_found',
      `unknown symbol "${symbol}": symbols are case-sensitive; list them with GET /api/v1/symbols`,
    );
  }

  /** Intrabar values of the forming bars (the requested timeframe, or every built one). */
  function intrabarOf(symbol: string, only: string | undefined): z.infer<typeof intrabarSchema>[] {
    const peek = deps.peekIndicators;
    const labels = only !== undefined ? [only] : deps.timeframes;
    const out: z.infer<typeof intrabarSchema>[] = [];
    for (const label of labels) {
      const forming = peek?.(symbol, label) ?? null;
      if (forming === null) continue;
      out.push({
        timeframe: label,
        start: forming.bar.start,
        startIso: isoFromMicros(forming.bar.start),
        ts: forming.bar.end,
        tsIso: isoFromMicros(forming.bar.end),
        values: { ...forming.values },
      });
    }
    return out;
  }

  return async (app) => {
    app.get(
      '/symbols',
      {
        schema: {
          tags: ['market data'],
          summary: 'Symbols with data',
          description: 'Every symbol that has stored trades or bars, or live data since the server started.',
          response: responses({ 200: z.object({ symbols: z.array(z.string()), count: z.number().int() }) }, []),
        },
      },
      async () => {
        const symbols = [...new Set([...(await store.symbols()), ...cache.symbols()])].sort();
        return { symbols, count: symbols.length };
      },
    );

    app.get(
      '/latest',
      {
        schema: {
          tags: ['market data'],
          summary: 'Latest price of every symbol',
          description: 'From the in-process cache (never the store): symbols seen since the server started.',
          response: responses({ 200: z.object({ data: z.array(latestSchema), count: z.number().int() }) }, []),
        },
      },
      async () => {
        const data = cache.symbols().map((symbol) => latestOut(cache.get(symbol)!));
        return { data, count: data.length };
      },
    );

    app.get(
      '/latest/:symbol',
      {
        schema: {
          tags: ['market data'],
          summary: 'Latest trade and quote of a symbol',
          description: 'From the in-process cache (never the store), updated by every pipeline event.',
          params: symbolParams,
          response: responses({ 200: latestSchema }, [400, 404]),
        },
      },
      async (request) => {
        const entry = cache.get(request.params.symbol);
        if (entry === undefined) {
          throw new ApiError(
            'not_found',
            `no live data for "${request.params.symbol}" since the server started: check the symbol with GET /api/v1/symbols (case-sensitive)`,
          );
        }
        return latestOut(entry);
      },
    );

    app.get(
      '/ticks/:symbol',
      {
        schema: {
          tags: ['market data'],
          summary: 'Trades (ticks) of a symbol',
          description: 'Newest first by default; page with `next`. Filters on the venue time (tsEvent).',
          params: symbolParams,
          querystring: z.object(pageQueryShape),
          response: responses({ 200: pageSchema(tradeSchema, { symbol: z.string() }) }, [400, 404]),
        },
      },
      async (request) => {
        const { symbol } = request.params;
        const page = await paginate(
          request.query,
          (range) => store.trades({ symbol, ...range }),
          (trade) => trade.tsEvent,
        );
        if (page.items.length === 0 && request.query.cursor === undefined) await assertKnownSymbol(symbol);
        return { symbol, data: page.items.map(tradeOut), count: page.items.length, next: page.next };
      },
    );

    app.get(
      '/quotes/:symbol',
      {
        schema: {
          tags: ['market data'],
          summary: 'Quotes (bid/ask) of a symbol',
          description: 'Newest first by default; page with `next`. Filters on the venue time (tsEvent).',
          params: symbolParams,
          querystring: z.object(pageQueryShape),
          response: responses({ 200: pageSchema(quoteSchema, { symbol: z.string() }) }, [400, 404]),
        },
      },
      async (request) => {
        const { symbol } = request.params;
        const page = await paginate(
          request.query,
          (range) => store.quotes({ symbol, ...range }),
          (quote) => quote.tsEvent,
        );
        if (page.items.length === 0 && request.query.cursor === undefined) await assertKnownSymbol(symbol);
        return { symbol, data: page.items.map(quoteOut), count: page.items.length, next: page.next };
      },
    );

    const barsResponse = pageSchema(barSchema, {
      symbol: z.string(),
      timeframe: z.string(),
      forming: barSchema.nullable().describe('the bar still forming (from the live cache), if any'),
    });

    const barsHandler = async (
      symbol: string,
      timeframeLabel: string,
      query: z.infer<z.ZodObject<typeof pageQueryShape>>,
    ) => {
      const page = await paginate(
        query,
        (range) => store.bars({ symbol, timeframe: timeframeLabel, ...range }),
        (bar) => bar.start,
      );
      if (page.items.length === 0 && query.cursor === undefined) await assertKnownSymbol(symbol);
      const forming = cache.get(symbol)?.forming.get(timeframeLabel);
      return {
        symbol,
        timeframe: timeframeLabel,
        forming: forming === undefined ? null : barOut(forming, true),
        data: page.items.map((bar) => barOut(bar)),
        count: page.items.length,
        next: page.next,
      };
    };

    app.get(
      '/bars/:symbol',
      {
        schema: {
          tags: ['market data'],
          summary: 'OHLCV bars of a symbol',
          description:
            'Closed bars (latest revision) newest first by default, filtered on the bar start; plus the forming bar.',
          params: symbolParams,
          querystring: z.object({ timeframe: timeframe.default(defaultTimeframe), ...pageQueryShape }),
          response: responses({ 200: barsResponse }, [400, 404]),
        },
      },
      async (request) => barsHandler(request.params.symbol, request.query.timeframe, request.query),
    );

    app.get(
      '/aggregated/:symbol',
      {
        schema: {
          tags: ['market data'],
          summary: 'OHLCV bars of a symbol (alias of /bars with `window`)',
          description: '`window` takes 1min, 5min, 1h style or tickwatch timeframes (1m, 5m, 1h).',
          params: symbolParams,
          querystring: z.object({ window: timeframe.default(defaultTimeframe), ...pageQueryShape }),
          response: responses({ 200: barsResponse }, [400, 404]),
        },
      },
      async (request) => barsHandler(request.params.symbol, request.query.window, request.query),
    );

    app.get(
      '/indicators/:symbol',
      {
        schema: {
          tags: ['market data'],
          summary: 'Latest indicator values of a symbol',
          description:
            'From the in-process cache, per timeframe: `indicators` as of the last closed bar (empty until the indicator stage emits values for the symbol), and `intrabar` as of the bar still forming (computed on request, never stored).',
          params: symbolParams,
          querystring: z.object({ timeframe: timeframe.optional() }),
          response: responses(
            {
              200: z.object({
                symbol: z.string(),
                indicators: z.array(indicatorSetSchema),
                count: z.number().int(),
                intrabar: z
                  .array(intrabarSchema)
                  .optional()
                  .describe(
                    'values of the bars still forming, per timeframe (present when the server runs a pipeline)',
                  ),
              }),
            },
            [400, 404],
          ),
        },
      },
      async (request) => {
        const { symbol } = request.params;
        const entry = cache.get(symbol);
        if (entry === undefined) await assertKnownSymbol(symbol);
        const sets = [...(entry?.indicators.values() ?? [])]
          .filter((set) => request.query.timeframe === undefined || set.timeframe === request.query.timeframe)
          .sort((a, b) => deps.timeframes.indexOf(a.timeframe) - deps.timeframes.indexOf(b.timeframe))
          .map((set) => ({
            timeframe: set.timeframe,
            ts: set.ts,
            tsIso: isoFromMicros(set.ts),
            values: { ...set.values },
          }));
        if (deps.peekIndicators === undefined) return { symbol, indicators: sets, count: sets.length };
        return { symbol, indicators: sets, count: sets.length, intrabar: intrabarOf(symbol, request.query.timeframe) };
      },
    );
  };
}

/**
 * What the pipeline computes beyond bars: stored indicator values and feature vectors per bar,
 * and the live cross-asset correlation matrix. Prefixed /api/v1; viewer.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FeatureSet, IndicatorSet, Micros } from '../../core/events.js';
import { ApiError } from '../errors.js';
import { paginate, pageQueryShape, type FetchRange } from '../pagination.js';
import { iso, isoFromMicros, micros } from '../representations/time-fields.js';
import { timeframeInput } from '../time-params.js';
import { pageSchema, responses, symbolParams } from './responses.js';
import type { RouteDeps } from './route-deps.js';

const barTimes = {
  start: micros.describe('start of the bar the row belongs to, µs'),
  startIso: iso,
  ts: micros.describe('end of that bar (the time the values describe), µs'),
  tsIso: iso,
};

const indicatorRowSchema = z
  .object({
    ...barTimes,
    values: z
      .record(z.string(), z.number().nullable())
      .describe('one column per indicator output (e.g. ema_20, macd.signal); null while warming up'),
  })
  .describe('indicator values of one closed bar');

const featureRowSchema = z
  .object({
    ...barTimes,
    schemaVersion: z.number().int().describe('changes when the feature list changes'),
    names: z.array(z.string()).describe('feature names, in the order of `values`'),
    values: z.array(z.number().nullable()).describe('null where a feature is not defined yet'),
  })
  .describe('feature vector of one closed bar');

const correlationSchema = z
  .object({
    timeframe: z.string(),
    ts: micros.describe('end of the aligned bar time the matrix was computed after, µs'),
    tsIso: iso,
    window: z.number().int().nullable().describe('common bar returns each correlation spans'),
    symbols: z.array(z.string()),
    matrix: z
      .array(z.array(z.number().nullable()))
      .describe(
        'matrix[i][j]: Pearson correlation of the log returns of symbols[i] and symbols[j]; null: too few common bars yet',
      ),
  })
  .describe('cross-asset correlation matrix');

function indicatorRowOut(set: IndicatorSet): z.infer<typeof indicatorRowSchema> {
  return {
    start: set.start,
    startIso: isoFromMicros(set.start),
    ts: set.ts,
    tsIso: isoFromMicros(set.ts),
    values: { ...set.values },
  };
}

function featureRowOut(set: FeatureSet): z.infer<typeof featureRowSchema> {
  return {
    start: set.start,
    startIso: isoFromMicros(set.start),
    ts: set.ts,
    tsIso: isoFromMicros(set.ts),
    schemaVersion: set.schemaVersion,
    names: [...set.names],
    values: [...set.values],
  };
}

export function analyticsRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  const { store, cache } = deps;
  const defaultTimeframe = deps.timeframes.includes('1m') ? '1m' : (deps.timeframes[0] ?? '1m');
  const timeframe = timeframeInput(deps.timeframes);
  const barQuery = z.object({ timeframe: timeframe.default(defaultTimeframe), ...pageQueryShape });

  /** 404 with a hint when a symbol is unknown everywhere (only checked when a query found nothing). */
  async function assertKnownSymbol(symbol: string): Promise<void> {
    if (cache.get(symbol) !== undefined || (await store.symbols()).includes(symbol)) return;
    throw new ApiError(
      'not_found',
      `unknown symbol "${symbol}": symbols are case-sensitive; list them with GET /api/v1/symbols`,
    );
  }

  /**
   * One page of stored per-bar rows (indicator values, feature vectors) of a symbol, in the
   * shared page shape; an empty first page of an unknown symbol is a 404 rather than `[]`.
   */
  async function barRowsPage<T extends { readonly start: Micros }, Out>(
    symbol: string,
    query: z.infer<typeof barQuery>,
    read: (range: FetchRange) => Promise<T[]>,
    out: (row: T) => Out,
  ): Promise<{ symbol: string; timeframe: string; data: Out[]; count: number; next: string | null }> {
    const page = await paginate(query, read, (row) => row.start);
    if (page.items.length === 0 && query.cursor === undefined) await assertKnownSymbol(symbol);
    return { symbol, timeframe: query.timeframe, data: page.items.map(out), count: page.items.length, next: page.next };
  }

  return async (app) => {
    app.get(
      '/indicators/:symbol/history',
      {
        schema: {
          tags: ['analytics'],
          summary: 'Stored indicator values per closed bar',
          description:
            'One row per closed bar, newest first by default; from/to apply to the bar start; page with `next`. The values of the bar still forming are in GET /api/v1/indicators/{symbol}.',
          params: symbolParams,
          querystring: barQuery,
          response: responses(
            { 200: pageSchema(indicatorRowSchema, { symbol: z.string(), timeframe: z.string() }) },
            [400, 404],
          ),
        },
      },
      async (request) => {
        const { symbol } = request.params;
        const { timeframe: label } = request.query;
        return barRowsPage(
          symbol,
          request.query,
          (range) => store.indicators({ symbol, timeframe: label, ...range }),
          indicatorRowOut,
        );
      },
    );

    app.get(
      '/features/:symbol',
      {
        schema: {
          tags: ['analytics'],
          summary: 'Stored feature vectors per closed bar',
          description:
            'The inputs of the ML detectors: one vector per closed bar (names and values side by side), newest first by default; from/to apply to the bar start; page with `next`. Empty for timeframes without features (pipeline.features.timeframes).',
          params: symbolParams,
          querystring: barQuery,
          response: responses(
            { 200: pageSchema(featureRowSchema, { symbol: z.string(), timeframe: z.string() }) },
            [400, 404],
          ),
        },
      },
      async (request) => {
        const { symbol } = request.params;
        const { timeframe: label } = request.query;
        return barRowsPage(
          symbol,
          request.query,
          (range) => store.features({ symbol, timeframe: label, ...range }),
          featureRowOut,
        );
      },
    );

    app.get(
      '/correlation',
      {
        schema: {
          tags: ['analytics'],
          summary: 'Live cross-asset correlation matrix',
          description:
            'Rolling correlation of bar log returns across the configured symbols after the latest complete bar time, from the running pipeline (not stored). 404 when the pipeline has no matrix for the timeframe yet.',
          querystring: z.object({ timeframe: timeframe.default(defaultTimeframe) }),
          response: responses({ 200: correlationSchema }, [400, 404]),
        },
      },
      async (request) => {
        const label = request.query.timeframe;
        const snapshot = deps.correlation?.(label) ?? null;
        if (snapshot === null) {
          throw new ApiError(
            'not_found',
            deps.correlation === undefined
              ? 'no correlation matrix: this server is not connected to a running pipeline'
              : `no correlation matrix for timeframe ${label} yet: it is computed on the feature timeframes (pipeline.features.timeframes, with correlationWindow > 0) once a bar time has closed for every symbol`,
          );
        }
        const n = snapshot.symbols.length;
        if (snapshot.values.length !== n * n) {
          throw new Error(`correlation matrix of ${n} symbols has ${snapshot.values.length} values, not ${n * n}`);
        }
        const matrix: (number | null)[][] = [];
        for (let row = 0; row < n; row++) matrix.push(snapshot.values.slice(row * n, row * n + n));
        return {
          timeframe: label,
          ts: snapshot.ts,
          tsIso: isoFromMicros(snapshot.ts),
          window: snapshot.window ?? null,
          symbols: [...snapshot.symbols],
          matrix,
        };
      },
    );
  };
}

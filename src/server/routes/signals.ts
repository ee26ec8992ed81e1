/** Trading signals, filtered and paged. Served at /api/v1/signals and, for the seeds' examples, /api/signals. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paginate, pageQueryShape } from '../pagination.js';
import { signalOut, signalSchema } from '../representations/detections.js';
import { timeframeInput } from '../time-params.js';
import { pageSchema, responses } from './responses.js';
import type { RouteDeps } from './route-deps.js';

/** Empty query values (`?symbol=&timeframe=`, as in the seeds' examples) mean "no filter". */
function emptyAsAbsent<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

export function signalRoutes(deps: RouteDeps, options: { alias?: boolean } = {}): FastifyPluginAsyncZod {
  const query = z.object({
    symbol: emptyAsAbsent(z.string().min(1).max(64)),
    min_confidence: emptyAsAbsent(z.coerce.number().min(0).max(1)).describe('inclusive lower bound, 0–1'),
    timeframe: emptyAsAbsent(timeframeInput(deps.timeframes)),
    ...pageQueryShape,
  });
  return async (app) => {
    app.get(
      '/signals',
      {
        schema: {
          tags: ['detections'],
          summary: options.alias ? 'Signals (alias of /api/v1/signals)' : 'Trading signals',
          description: 'Filters: symbol, min_confidence, timeframe; from/to apply to `ts`. Empty values are ignored.',
          querystring: query,
          response: responses({ 200: pageSchema(signalSchema) }),
          ...(options.alias ? { hide: true } : {}),
        },
      },
      async (request) => {
        const { symbol, min_confidence: minConfidence, timeframe } = request.query;
        const page = await paginate(
          request.query,
          (range) => deps.store.signals({ symbol, minConfidence, timeframe, ...range }),
          (signal) => signal.ts,
        );
        return { data: page.items.map(signalOut), count: page.items.length, next: page.next };
      },
    );
  };
}

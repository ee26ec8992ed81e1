/** Anomalies with their explanations, filtered and paged. Prefixed /api/v1. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paginate, pageQueryShape } from '../pagination.js';
import { anomalyOut, anomalySchema } from '../representations/detections.js';
import { timeframeInput } from '../time-params.js';
import { pageSchema, responses } from './responses.js';
import type { RouteDeps } from './route-deps.js';

/** Anomaly "timeframes" that are streams of inputs, not bars. */
const ANOMALY_STREAMS = ['feed', 'quote'] as const;

export function anomalyRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  const query = z.object({
    symbol: z.string().min(1).max(64).optional(),
    kind: z.string().min(1).max(64).optional().describe('e.g. volume_spike, price_spike'),
    severity: z.enum(['info', 'warning', 'critical']).optional(),
    detector: z.string().min(1).max(64).optional(),
    // Detectors of trades and quotes report on a stream instead of a timeframe: `feed` (stale feed,
    // processing latency) or `quote` (spread blow-out).
    timeframe: z
      .union([z.enum(ANOMALY_STREAMS), timeframeInput(deps.timeframes)])
      .optional()
      .describe(
        `a built timeframe, e.g. 1m, or the stream of a trade or quote detector: ${ANOMALY_STREAMS.join(', ')}`,
      ),
    ...pageQueryShape,
  });
  return async (app) => {
    app.get(
      '/anomalies',
      {
        schema: {
          tags: ['detections'],
          summary: 'Anomalies',
          description:
            'Each with its score, severity and explanation (the features that pushed the score). Filters are exact; from/to apply to `ts`.',
          querystring: query,
          response: responses({ 200: pageSchema(anomalySchema) }),
        },
      },
      async (request) => {
        const { symbol, kind, severity, detector, timeframe } = request.query;
        const filters = { symbol, kind, severity, detector, timeframe };
        const page = await paginate(
          request.query,
          (range) => deps.store.anomalies({ ...filters, ...range }),
          (anomaly) => anomaly.ts,
        );
        return { data: page.items.map(anomalyOut), count: page.items.length, next: page.next };
      },
    );
  };
}

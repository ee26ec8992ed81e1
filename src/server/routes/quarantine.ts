/** What validation rejected and why. Prefixed /api/v1. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { QuarantineReason } from '../../core/events.js';
import { paginate, pageQueryShape } from '../pagination.js';
import { quarantineOut, quarantineReasonSchema, quarantineSchema } from '../representations/detections.js';
import { pageSchema, responses } from './responses.js';
import type { RouteDeps } from './route-deps.js';

export function quarantineRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/quarantine',
      {
        schema: {
          tags: ['quarantine'],
          summary: 'Rejected inputs',
          description:
            'Each with its reason code and a detail naming the field, value and limit; from/to apply to `ts`.',
          querystring: z.object({
            reason: quarantineReasonSchema.optional(),
            symbol: z.string().min(1).max(64).optional(),
            ...pageQueryShape,
          }),
          response: responses({ 200: pageSchema(quarantineSchema) }),
        },
      },
      async (request) => {
        const { symbol } = request.query;
        const reason = request.query.reason as QuarantineReason | undefined;
        const page = await paginate(
          request.query,
          (range) => deps.store.quarantine({ reason, symbol, ...range }),
          (row) => row.ts,
        );
        return { data: page.items.map(quarantineOut), count: page.items.length, next: page.next };
      },
    );

    app.get(
      '/quarantine/counts',
      {
        schema: {
          tags: ['quarantine'],
          summary: 'Rejected inputs per reason',
          description: 'Stored rows per reason code (reasons without rows are absent) and the total.',
          response: responses(
            { 200: z.object({ counts: z.record(z.string(), z.number().int()), total: z.number().int() }) },
            [],
          ),
        },
      },
      async () => {
        const counts = await deps.store.quarantineCounts();
        return { counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
      },
    );
  };
}

/**
 * Alert channels and deliveries (the outbox): what is configured, what is failing, a retry of a
 * failed delivery and a test alert; runtime channels and routes (alert-settings.ts). Prefixed /api/v1.
 * Reading needs viewer, changing needs admin.
 * Without alerting in the run loop every route answers 503 with a hint.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTBOX_STATUSES, type OutboxEntry, type OutboxStatus } from '../../alerts/outbox/outbox.js';
import { ApiError } from '../errors.js';
import { iso, isoFromMicros, isoOrNull, micros } from '../representations/time-fields.js';
import { pageSchema, responses } from './responses.js';
import type { AlertingApi, RouteDeps } from './route-deps.js';
import { registerAlertSettingsRoutes } from './alert-settings.js';

const ADMIN = { minimumRole: 'admin' as const };
/** The outbox answers at most this many rows per query. */
const MAX_DELIVERIES_PAGE = 1_000;
const DEFAULT_DELIVERIES_PAGE = 100;

const statusSchema = z
  .enum(OUTBOX_STATUSES as [OutboxStatus, ...OutboxStatus[]])
  .describe('pending (waiting for an attempt), delivering (attempt in flight), delivered, failed (gave up)');

const channelSchema = z
  .object({
    name: z.string(),
    type: z.string().nullable().describe('console, webhook, slack, telegram, email; null if no longer configured'),
    configured: z.boolean().describe('false for a channel that has outbox rows but is no longer configured'),
    pending: z.number().int(),
    delivering: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    lastDeliveredAt: micros.nullable(),
    lastDeliveredAtIso: iso.nullable(),
    lastError: z.string().nullable().describe('the newest error among deliveries not yet delivered'),
  })
  .describe('an alert channel and its deliveries');

const deliverySchema = z
  .object({
    id: z.number().int(),
    alertId: z.string(),
    channel: z.string(),
    symbol: z.string(),
    severity: z.string(),
    title: z.string(),
    kinds: z.array(z.string()),
    test: z.boolean().describe('true for a test alert'),
    status: statusSchema,
    attempts: z.number().int(),
    createdAt: micros,
    createdAtIso: iso,
    updatedAt: micros,
    updatedAtIso: iso,
    nextAttemptAt: micros.describe('when a pending delivery is due'),
    nextAttemptAtIso: iso,
    deliveredAt: micros.nullable(),
    deliveredAtIso: iso.nullable(),
    lastError: z.string().nullable(),
  })
  .describe('one delivery of an alert to one channel');

function deliveryOut(entry: OutboxEntry): z.infer<typeof deliverySchema> {
  return {
    id: entry.id,
    alertId: entry.alertId,
    channel: entry.channel,
    symbol: entry.symbol,
    severity: entry.severity,
    title: entry.alert.title,
    kinds: [...entry.alert.kinds],
    test: entry.alert.test,
    status: entry.status,
    attempts: entry.attempts,
    createdAt: entry.createdAt,
    createdAtIso: isoFromMicros(entry.createdAt),
    updatedAt: entry.updatedAt,
    updatedAtIso: isoFromMicros(entry.updatedAt),
    nextAttemptAt: entry.nextAttemptAt,
    nextAttemptAtIso: isoFromMicros(entry.nextAttemptAt),
    deliveredAt: entry.deliveredAt,
    deliveredAtIso: isoOrNull(entry.deliveredAt),
    lastError: entry.lastError,
  };
}

function channelsOut(alerting: AlertingApi): z.infer<typeof channelSchema>[] {
  const summaries = new Map(alerting.outbox.channelSummary().map((summary) => [summary.channel, summary]));
  const configured = alerting.channelList();
  const names = [...new Set([...configured.map((c) => c.name), ...summaries.keys()])];
  return names.map((name) => {
    const summary = summaries.get(name);
    const type = configured.find((c) => c.name === name)?.type ?? null;
    const lastDeliveredAt = summary?.lastDeliveredAt ?? null;
    return {
      name,
      type,
      configured: type !== null,
      pending: summary?.pending ?? 0,
      delivering: summary?.delivering ?? 0,
      delivered: summary?.delivered ?? 0,
      failed: summary?.failed ?? 0,
      lastDeliveredAt,
      lastDeliveredAtIso: isoOrNull(lastDeliveredAt),
      lastError: summary?.lastError ?? null,
    };
  });
}

export function alertRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  function alerting(): AlertingApi {
    if (deps.alerting === undefined) {
      throw new ApiError(
        'unavailable',
        'alerting is not running in this server: set alerts.enabled: true and configure channels in the configuration file, then restart',
      );
    }
    return deps.alerting;
  }

  return async (app) => {
    registerAlertSettingsRoutes(app, alerting, deps.auth);

    app.get(
      '/alerts/channels',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Alert channels and their delivery state',
          description:
            'Every configured channel (and any channel that still has outbox rows) with its deliveries by status, the last delivery and the newest error of deliveries not yet delivered. `totals` counts rows by status over all channels.',
          response: responses(
            {
              200: z.object({
                data: z.array(channelSchema),
                count: z.number().int(),
                totals: z.record(z.string(), z.number().int()).describe('outbox rows by status'),
              }),
            },
            [503],
          ),
        },
      },
      async () => {
        const source = alerting();
        const data = channelsOut(source);
        return { data, count: data.length, totals: source.outbox.counts() };
      },
    );

    app.get(
      '/alerts/deliveries',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Alert deliveries (the outbox)',
          description: 'Newest first; page with `next`. Filters are exact.',
          querystring: z.object({
            status: statusSchema.optional(),
            channel: z.string().min(1).max(128).optional(),
            symbol: z.string().min(1).max(64).optional(),
            limit: z.coerce
              .number()
              .int()
              .min(1)
              .max(MAX_DELIVERIES_PAGE)
              .default(DEFAULT_DELIVERIES_PAGE)
              .describe(`rows per page, 1–${MAX_DELIVERIES_PAGE} (default ${DEFAULT_DELIVERIES_PAGE})`),
            cursor: z
              .string()
              .regex(/^[1-9]\d{0,15}$/, 'pass the `next` value of a previous response unchanged')
              .optional()
              .describe('the `next` value of the previous page'),
          }),
          response: responses({ 200: pageSchema(deliverySchema) }, [400, 503]),
        },
      },
      async (request) => {
        const { status, channel, symbol, limit, cursor } = request.query;
        const rows = alerting().outbox.list({
          status,
          channel,
          symbol,
          limit: limit + 1,
          ...(cursor === undefined ? {} : { beforeId: Number(cursor) }),
        });
        const items = rows.slice(0, limit);
        const next = rows.length > limit ? String(items[items.length - 1]!.id) : null;
        return { data: items.map(deliveryOut), count: items.length, next };
      },
    );

    app.post(
      '/alerts/deliveries/:id/retry',
      {
        config: ADMIN,
        schema: {
          tags: ['alerts'],
          summary: 'Retry a failed delivery',
          description:
            'Puts a failed delivery back in the queue with a fresh attempt budget; the dispatcher sends it on its next poll. Only failed deliveries can be retried (409 otherwise).',
          params: z.object({ id: z.coerce.number().int().min(1).describe('the delivery id') }),
          response: responses({ 200: deliverySchema }, [400, 404, 409, 503]),
        },
      },
      async (request) => {
        const { outbox } = alerting();
        const { id } = request.params;
        const entry = outbox.get(id);
        if (entry === null) {
          throw new ApiError('not_found', `no delivery ${id}: list them with GET /api/v1/alerts/deliveries`);
        }
        if (!outbox.retry(id)) {
          throw new ApiError(
            'conflict',
            `delivery ${id} is ${outbox.get(id)?.status ?? entry.status}, not failed: only failed deliveries can be retried`,
          );
        }
        return deliveryOut(outbox.get(id)!);
      },
    );

    app.post(
      '/alerts/test',
      {
        config: ADMIN,
        schema: {
          tags: ['alerts'],
          summary: 'Send a test alert',
          description:
            'Queues a test alert (symbol TEST, severity info, `test: true`) for the named channels, or every configured channel, through the outbox like a real alert. Follow it with GET /api/v1/alerts/deliveries?symbol=TEST.',
          body: z
            .strictObject({
              channels: z
                .array(z.string().min(1).max(128))
                .min(1)
                .max(100)
                .optional()
                .describe('channel names; default every configured channel'),
            })
            .nullish()
            .describe('optional: without a body the test goes to every configured channel'),
          response: responses(
            {
              202: z.object({
                alertId: z.string(),
                title: z.string(),
                channels: z.array(z.string()).describe('channels the test alert was queued for'),
              }),
            },
            [400, 503],
          ),
        },
      },
      async (request, reply) => {
        const source = alerting();
        const configured = source.channelList().map((channel) => channel.name);
        if (configured.length === 0) {
          throw new ApiError(
            'invalid_request',
            'no alert channel is configured: add one under alerts.channels or with POST /api/v1/alerts/settings/channels',
          );
        }
        const unknown = (request.body?.channels ?? []).filter((name) => !configured.includes(name));
        if (unknown.length > 0) {
          throw new ApiError(
            'invalid_request',
            `unknown alert channel ${unknown.join(', ')}: configured channels are ${configured.join(', ')}`,
          );
        }
        const sent = source.sendTest(request.body?.channels);
        return reply.status(202).send({ alertId: sent.alert.id, title: sent.alert.title, channels: sent.channels });
      },
    );
  };
}

/**
 * `GET /api/v1/system/stats`: throughput, events, WebSocket clients, store writes and latency
 * for the dashboard's System page. Run loop figures come from the `stats` dependency; the
 * quarantine counts from the store; without `stats` the run loop fields are null or empty.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MICROS_PER_SECOND } from '../../core/time.js';
import { iso, isoFromMicros, micros } from '../representations/time-fields.js';
import { responses } from './responses.js';
import type { RouteDeps, SystemStats } from './route-deps.js';

const count = z.number().int().nonnegative();

const latencySchema = z.object({
  count: count.describe('samples'),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
});

export const systemStatsSchema = z
  .object({
    ts: micros.describe('when the figures were taken'),
    tsIso: iso,
    uptimeSeconds: z.number().int(),
    windowSeconds: z.number().nullable().describe('window the rates are averaged over; null without run loop figures'),
    ticksPerSecond: z.number().nullable().describe('trades and quotes received per second'),
    eventsByType: z.record(z.string(), count).describe('pipeline events since start by type'),
    quarantine: z.object({
      counts: z.record(z.string(), count).describe('stored rejected inputs by reason'),
      total: count,
    }),
    websocket: z
      .object({
        clients: count,
        queuedFrames: count,
        maxClientQueue: count,
        framesSent: count,
        framesDropped: count,
      })
      .nullable(),
    storeWrites: z.object({ rowsPerSecond: z.number(), batchesPerSecond: z.number(), rowsTotal: count }).nullable(),
    latencyMs: z.record(z.string(), latencySchema).describe('per stage, e.g. receive_to_bar; empty if not measured'),
  })
  .describe('system figures');

function runLoopFigures(stats: SystemStats | null) {
  if (stats === null) {
    return {
      windowSeconds: null,
      ticksPerSecond: null,
      eventsByType: {},
      websocket: null,
      storeWrites: null,
      latencyMs: {},
    };
  }
  const websocket = stats.websocket;
  return {
    windowSeconds: stats.windowSeconds,
    ticksPerSecond: stats.ticksPerSecond,
    eventsByType: { ...stats.eventsByType },
    // Copied field by field: a HubStats passed as it is has more fields than documented.
    websocket:
      websocket === null
        ? null
        : {
            clients: websocket.clients,
            queuedFrames: websocket.queuedFrames,
            maxClientQueue: websocket.maxClientQueue,
            framesSent: websocket.framesSent,
            framesDropped: websocket.framesDropped,
          },
    storeWrites:
      stats.storeWrites === null
        ? null
        : {
            rowsPerSecond: stats.storeWrites.rowsPerSecond,
            batchesPerSecond: stats.storeWrites.batchesPerSecond,
            rowsTotal: stats.storeWrites.rowsTotal,
          },
    latencyMs: { ...stats.latencyMs },
  };
}

export function systemStatsRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/system/stats',
      {
        schema: {
          tags: ['system'],
          summary: 'System figures (throughput, events, WebSocket, store, latency)',
          description:
            'For the dashboard’s System page: poll it every few seconds. Rates are averaged over `windowSeconds`; counters run since the process started; null when this server has no running pipeline.',
          response: responses({ 200: systemStatsSchema }, []),
        },
      },
      async () => {
        const now = deps.clock.now();
        const counts = await deps.store.quarantineCounts();
        return {
          ts: now,
          tsIso: isoFromMicros(now),
          uptimeSeconds: Math.round((now - deps.startedAt) / MICROS_PER_SECOND),
          ...runLoopFigures(deps.stats?.() ?? null),
          quarantine: { counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) },
        };
      },
    );
  };
}

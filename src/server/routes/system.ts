/**
 * Health probes (no authentication, for load balancers and orchestrators) at /health/live and
 * /health/ready, and the version at /api/v1/version.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MICROS_PER_SECOND } from '../../core/time.js';
import { iso, isoOrNull, micros } from '../representations/time-fields.js';
import { publicResponses, responses } from './responses.js';
import type { RouteDeps } from './route-deps.js';

const STORE_PROBE_TIMEOUT_MS = 2_000;

const sourceSchema = z.object({
  name: z.string(),
  status: z.enum(['up', 'degraded', 'down']),
  detail: z.string().nullable(),
  lastEventAt: micros.nullable(),
  lastEventAtIso: iso.nullable(),
});

const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  reasons: z.array(z.string()).describe('why not ready (empty when ready)'),
  store: z.object({ ok: z.boolean(), detail: z.string().nullable() }),
  sources: z.array(sourceSchema),
});

async function probeStore(deps: RouteDeps): Promise<{ ok: boolean; detail: string | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${STORE_PROBE_TIMEOUT_MS} ms`)),
      STORE_PROBE_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([deps.store.getCheckpoint('health.probe'), timeout]);
    return { ok: true, detail: null };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health/live',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: 'Liveness',
          description: 'The process answers. No authentication.',
          security: [],
          response: publicResponses({ 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) }),
        },
      },
      async () => ({
        status: 'ok' as const,
        uptimeSeconds: Math.round((deps.clock.now() - deps.startedAt) / MICROS_PER_SECOND),
      }),
    );

    app.get(
      '/health/ready',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: 'Readiness, per source',
          description:
            'Ready (200) when the store answers, the run loop says it is serving and no source is down; otherwise 503 with the reasons. No authentication.',
          security: [],
          response: publicResponses({ 200: readySchema, 503: readySchema }),
        },
      },
      async (_request, reply) => {
        const snapshot = deps.health();
        const store = await probeStore(deps);
        const reasons: string[] = [];
        if (!store.ok) reasons.push(`the store does not answer: ${store.detail ?? 'unknown error'}`);
        if (snapshot.ready === false) reasons.push(snapshot.reason ?? 'the run loop is not serving yet');
        for (const source of snapshot.sources) {
          if (source.status === 'down')
            reasons.push(`source ${source.name} is down${source.detail ? `: ${source.detail}` : ''}`);
        }
        const body = {
          status: reasons.length === 0 ? ('ready' as const) : ('not_ready' as const),
          reasons,
          store,
          sources: snapshot.sources.map((source) => ({
            name: source.name,
            status: source.status,
            detail: source.detail ?? null,
            lastEventAt: source.lastEventAt ?? null,
            lastEventAtIso: isoOrNull(source.lastEventAt ?? null),
          })),
        };
        return reply.status(reasons.length === 0 ? 200 : 503).send(body);
      },
    );
  };
}

export function versionRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/version',
      {
        schema: {
          tags: ['system'],
          summary: 'Version',
          response: responses(
            {
              200: z.object({
                name: z.string(),
                version: z.string(),
                commit: z.string().nullable(),
                node: z.string(),
                apiVersion: z.literal('v1'),
              }),
            },
            [],
          ),
        },
      },
      async () => ({
        name: deps.version.name ?? 'tickwatch',
        version: deps.version.version,
        commit: deps.version.commit ?? null,
        node: process.version,
        apiVersion: 'v1' as const,
      }),
    );
  };
}

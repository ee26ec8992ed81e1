/**
 * `/metrics` in the Prometheus text format, as a Fastify plugin. Register it after the
 * authentication hook like any route (Prometheus sends an API key as a bearer token, see
 * deploy/prometheus/prometheus.yml), or before it to leave the endpoint open on a private
 * network.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from './metrics.js';

export interface MetricsPluginOptions {
  readonly metrics: Metrics;
  /** Default `/metrics`. */
  readonly path?: string;
}

export const metricsPlugin: FastifyPluginAsync<MetricsPluginOptions> = async (fastify, options) => {
  fastify.get(options.path ?? '/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await options.metrics.text();
    return reply.header('content-type', options.metrics.contentType).header('cache-control', 'no-store').send(text);
  });
};

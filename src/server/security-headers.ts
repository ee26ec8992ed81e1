/**
 * Security headers on every response, set in one onSend hook (no helmet needed). A route may set
 * its own Content-Security-Policy (the dashboard will); otherwise the strict default applies.
 */
import type { FastifyInstance } from 'fastify';
import { DOCS_PREFIX } from './authentication.js';

/** JSON and anything else: nothing may load, frame or be framed. */
export const DEFAULT_CSP =
  "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

/** Swagger UI: its own scripts, inline styles (React style attributes) and data: images (icons). */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) {
      const path = request.url;
      const docs = path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`);
      reply.header('content-security-policy', docs ? DOCS_CSP : DEFAULT_CSP);
    }
    // Authenticated data must not sit in shared or browser caches.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

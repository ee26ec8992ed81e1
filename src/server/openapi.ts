/**
 * The OpenAPI document (generated from the routes' zod schemas) and Swagger UI at /docs,
 * served from the bundled assets — no CDN. /docs/json is the document itself.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { CSRF_HEADER, DOCS_PREFIX, SESSION_COOKIE } from './authentication.js';
import { ERROR_CATALOGUE } from './errors.js';

const DESCRIPTION = `Real-time market surveillance API.

**Authentication.** Programs send \`Authorization: Bearer tw_…\` (an API key: \`tickwatch apikeys create\`).
Browsers log in with \`POST /api/v1/auth/login\`, which sets an HttpOnly session cookie and returns a
CSRF token: send it as \`${CSRF_HEADER}\` on every POST, PATCH, PUT and DELETE.
Roles: viewer reads; analyst also edits labels; admin also manages users and keys.

**Times.** Every timestamp is integer microseconds since the epoch with an ISO-8601 twin (\`ts\` and \`tsIso\`).
Query times take ISO-8601 with a zone, epoch milliseconds or epoch microseconds (told apart by size).

**Pages.** Lists return \`{ data, count, next }\`; pass \`next\` back as \`cursor\` with the same query.

**Errors.** \`{ "error": { "code", "message", "details"? } }\` with codes:
${Object.entries(ERROR_CATALOGUE)
  .map(([code, entry]) => `- \`${code}\` (${entry.status}): ${entry.meaning}`)
  .join('\n')}`;

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'tickwatch API', version, description: DESCRIPTION },
      tags: [
        { name: 'market data', description: 'symbols, latest values, ticks, quotes, bars, indicators' },
        { name: 'detections', description: 'anomalies and signals' },
        { name: 'labels', description: 'verdicts on time ranges, with export' },
        { name: 'quarantine', description: 'rejected inputs' },
        { name: 'auth', description: 'login, logout, session' },
        { name: 'admin', description: 'users, API keys, audit log (admin role)' },
        { name: 'system', description: 'health and version' },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'an API key, tw_…' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'set by POST /api/v1/auth/login',
          },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: false },
  });
}

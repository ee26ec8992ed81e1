/**
 * One global onRequest hook authenticates every request and checks its role, so nothing is
 * reachable by accident: a route is open only if it says `config: { public: true }` (health,
 * login) or lives under /docs. Routes state the least role they need with
 * `config: { minimumRole: 'analyst' }` (default: viewer, i.e. any authenticated caller).
 * Plugins registered after it — the WebSocket and metrics plugins too — are covered.
 *
 * Credentials: `Authorization: Bearer tw_…` (API keys, for programs) or the session cookie set
 * at login (browsers). A state-changing request (anything but GET/HEAD/OPTIONS) made with the
 * cookie must carry the session's CSRF token in `X-CSRF-Token`; a WebSocket upgrade made with
 * the cookie must come from this origin (cross-site WebSocket hijacking).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService, Principal } from '../auth/auth-service.js';
import { roleAllows, type Role } from '../auth/roles.js';
import { ApiError } from './errors.js';

export const SESSION_COOKIE = 'tw_session';
export const CSRF_COOKIE = 'tw_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const DOCS_PREFIX = '/docs';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No authentication (health, login). */
    public?: boolean;
    /** Least role allowed; default viewer. */
    minimumRole?: Role;
  }
  interface FastifyRequest {
    /** The authenticated caller; null only on public routes. */
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const BEARER_HINT = 'send "Authorization: Bearer <API key>" (create one with `tickwatch apikeys create`)';

function unauthorized(message: string): ApiError {
  return new ApiError('unauthorized', message, undefined, { 'www-authenticate': 'Bearer realm="tickwatch"' });
}

function isPublic(request: FastifyRequest): boolean {
  if (request.routeOptions.config.public === true) return true;
  const url = request.routeOptions.url ?? '';
  return url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`);
}

async function authenticate(
  auth: AuthService,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw unauthorized(`unsupported Authorization header: ${BEARER_HINT}`);
    const principal = await auth.authenticateApiKey(match[1]!);
    if (principal === null) {
      throw unauthorized('the API key is not valid or was revoked: check it, or ask an admin for a new one');
    }
    return principal;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined || token === '') return null;
  const principal = await auth.authenticateSession(token);
  if (principal === null) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    throw unauthorized('your session has expired or ended: log in again (POST /api/v1/auth/login)');
  }
  return principal;
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function installAuthentication(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    // Public routes ignore credentials entirely: a stale cookie must not lock anyone out of login.
    if (isPublic(request)) return;
    const principal = await authenticate(auth, request, reply);
    if (principal === null) {
      throw unauthorized(`authentication required: log in (POST /api/v1/auth/login) or ${BEARER_HINT}`);
    }
    request.principal = principal;
    const required = request.routeOptions.config.minimumRole ?? 'viewer';
    if (!roleAllows(principal.role, required)) {
      throw new ApiError(
        'forbidden',
        `this needs the ${required} role and you are ${principal.role}${principal.via === 'api_key' ? ' (through this API key)' : ''}: ask an admin`,
      );
    }
    if (principal.via !== 'session') return;
    if (!SAFE_METHODS.has(request.method) && !auth.csrfValid(principal, headerValue(request.headers[CSRF_HEADER]))) {
      throw new ApiError(
        'csrf_failed',
        `missing or wrong ${CSRF_HEADER} header: send the csrfToken from the login response (also in the ${CSRF_COOKIE} cookie and GET /api/v1/auth/me)`,
      );
    }
    if (request.headers.upgrade?.toLowerCase() === 'websocket' && !sameOrigin(request)) {
      throw new ApiError('csrf_failed', 'a WebSocket with the session cookie must come from this server’s own pages');
    }
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

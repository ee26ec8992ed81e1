/**
 * Login, logout, who am I, change my password. Prefixed /api/v1/auth.
 *
 * Login sets two cookies: `tw_session` (HttpOnly, SameSite=Strict: the credential) and
 * `tw_csrf` (readable by the page's script: echo it in X-CSRF-Token on every change).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../auth/password.js';
import { MICROS_PER_SECOND } from '../../core/time.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../authentication.js';
import { ApiError } from '../errors.js';
import { iso, isoFromMicros, isoOrNull, micros } from '../representations/time-fields.js';
import { roleSchema } from './account-schemas.js';
import { noContent, publicResponses, responses } from './responses.js';
import type { RouteDeps } from './route-deps.js';

const sessionSchema = z.object({
  user: z.object({ username: z.string(), role: roleSchema }),
  via: z.enum(['session', 'api_key']),
  csrfToken: z.string().nullable().describe('send it as X-CSRF-Token on POST/PATCH/PUT/DELETE (sessions only)'),
  expiresAt: micros.nullable().describe('when the session ends if idle (sessions only)'),
  expiresAtIso: iso.nullable(),
});

export function authRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  const { auth } = deps;
  const cookieOptions = {
    path: '/',
    sameSite: 'strict' as const,
    secure: deps.secureCookies,
    maxAge: Math.floor(auth.policy.sessionAbsolute / MICROS_PER_SECOND),
  };
  const clearCookies = (reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });

  return async (app) => {
    app.post(
      '/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Log in',
          description:
            'Sets the session cookie and returns the CSRF token. Repeated failures lock the account for a while; too many attempts from one address are refused (429, Retry-After).',
          security: [],
          body: z.strictObject({
            username: z.string().min(1).max(128),
            password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
          }),
          response: publicResponses({ 200: sessionSchema }, [400, 401, 429]),
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const outcome = await auth.login(username, password, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? '',
        });
        if (!outcome.ok) {
          if (outcome.reason === 'invalid_credentials') {
            throw new ApiError('unauthorized', 'wrong user name or password: check both and try again');
          }
          const retry = { 'retry-after': String(outcome.retryAfterSeconds) };
          const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
          throw outcome.reason === 'locked'
            ? new ApiError(
                'rate_limited',
                `too many failed logins for this account: it is locked, try again in ${minutes} minute${minutes === 1 ? '' : 's'} (or ask an admin to reset the password)`,
                undefined,
                retry,
              )
            : new ApiError(
                'rate_limited',
                `too many login attempts from your address: wait ${outcome.retryAfterSeconds} s and try again`,
                undefined,
                retry,
              );
        }
        reply
          .setCookie(SESSION_COOKIE, outcome.token, { ...cookieOptions, httpOnly: true })
          .setCookie(CSRF_COOKIE, outcome.csrfToken, { ...cookieOptions, httpOnly: false });
        return {
          user: { username: outcome.user.username, role: outcome.user.role },
          via: 'session' as const,
          csrfToken: outcome.csrfToken,
          expiresAt: outcome.expiresAt,
          expiresAtIso: isoFromMicros(outcome.expiresAt),
        };
      },
    );

    app.post(
      '/logout',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log out',
          description: 'Ends the session and clears the cookies (needs X-CSRF-Token). With an API key it does nothing.',
          response: responses({ 204: noContent }, []),
        },
      },
      async (request, reply) => {
        await auth.logout(request.principal!, request.ip);
        return clearCookies(reply).status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Who am I',
          description: 'The caller’s user and role, and for a session its CSRF token and idle expiry.',
          response: responses({ 200: sessionSchema }, []),
        },
      },
      async (request) => {
        const principal = request.principal!;
        const expiresAt = principal.session?.expiresAt ?? null;
        return {
          user: { username: principal.username, role: principal.role },
          via: principal.via,
          csrfToken: principal.session?.csrfToken ?? null,
          expiresAt,
          expiresAtIso: isoOrNull(expiresAt),
        };
      },
    );

    app.post(
      '/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change my password',
          description: 'Needs the current password. Ends your other sessions; this one stays.',
          body: z.strictObject({
            currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
            newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH).describe('at least 12 characters'),
          }),
          response: responses({ 204: noContent }),
        },
      },
      async (request, reply) => {
        const { currentPassword, newPassword } = request.body;
        await auth.changeOwnPassword(request.principal!, currentPassword, newPassword, request.ip);
        return reply.status(204).send(null);
      },
    );
  };
}

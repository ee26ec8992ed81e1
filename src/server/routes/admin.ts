/**
 * Administration (admin role): users, API keys and the audit log. Prefixed /api/v1.
 * Every change is written to the audit log with the acting admin's name and address.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../auth/auth-service.js';
import { AUDIT_ACTIONS } from '../../auth/auth-store.js';
import { normaliseUsername } from '../../auth/usernames.js';
import { PASSWORD_MAX_LENGTH } from '../../auth/password.js';
import { ApiError } from '../errors.js';
import {
  apiKeyOut,
  apiKeySchema,
  auditEntrySchema,
  auditOut,
  roleSchema,
  userOut,
  userSchema,
} from './account-schemas.js';
import { noContent, responses } from './responses.js';
import type { RouteDeps } from './route-deps.js';

const ADMIN = { minimumRole: 'admin' as const };
const usernameParams = z.object({ username: z.string().min(1).max(128) });

function actorOf(request: { principal: { username: string } | null; ip: string }): Actor {
  return { name: request.principal?.username ?? 'unknown', ip: request.ip };
}

export function adminRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  const { auth } = deps;
  return async (app) => {
    app.get(
      '/users',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'List users',
          response: responses({ 200: z.object({ data: z.array(userSchema), count: z.number().int() }) }, []),
        },
      },
      async () => {
        const users = (await auth.listUsers()).map(userOut);
        return { data: users, count: users.length };
      },
    );

    app.post(
      '/users',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'Add a user',
          body: z.strictObject({
            username: z.string().min(1).max(64).describe('1–64 of a-z 0-9 . _ @ -; case-insensitive'),
            role: roleSchema,
            password: z.string().min(1).max(PASSWORD_MAX_LENGTH).describe('at least 12 characters'),
          }),
          response: responses({ 201: userSchema }, [400, 409]),
        },
      },
      async (request, reply) => {
        const { username, role, password } = request.body;
        const user = await auth.createUser(actorOf(request), username, role, password);
        return reply.status(201).send(userOut(user));
      },
    );

    app.patch(
      '/users/:username',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'Change a user’s role or password',
          description: 'A new password ends all of the user’s sessions. The last admin cannot be demoted.',
          params: usernameParams,
          body: z
            .strictObject({
              role: roleSchema.optional(),
              password: z.string().min(1).max(PASSWORD_MAX_LENGTH).optional(),
            })
            .refine((body) => body.role !== undefined || body.password !== undefined, {
              message: 'send role, password or both',
            }),
          response: responses({ 200: userSchema }, [400, 404, 409]),
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { role, password } = request.body;
        if (password !== undefined) await auth.setPassword(actor, request.params.username, password);
        if (role !== undefined) return userOut(await auth.setRole(actor, request.params.username, role));
        const user = await auth.store.userByName(normaliseUsername(request.params.username));
        if (user === null) throw new ApiError('not_found', `no user named "${request.params.username}"`);
        return userOut(user);
      },
    );

    app.delete(
      '/users/:username',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'Remove a user',
          description: 'Also ends their sessions and deletes their API keys. The last admin cannot be removed.',
          params: usernameParams,
          response: responses({ 204: noContent }, [400, 404, 409]),
        },
      },
      async (request, reply) => {
        await auth.removeUser(actorOf(request), request.params.username);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/apikeys',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'List API keys (masked)',
          response: responses({ 200: z.object({ data: z.array(apiKeySchema), count: z.number().int() }) }, []),
        },
      },
      async () => {
        const keys = (await auth.listApiKeys()).map(apiKeyOut);
        return { data: keys, count: keys.length };
      },
    );

    app.post(
      '/apikeys',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'Create an API key',
          description:
            'Returns the key once in `key`: store it now, it cannot be shown again. The role cannot exceed the owner’s.',
          body: z.strictObject({
            username: z.string().min(1).max(128).describe('owner'),
            role: roleSchema,
            name: z.string().max(200).default('').describe('what the key is for, e.g. grafana'),
          }),
          response: responses(
            { 201: apiKeySchema.extend({ key: z.string().describe('the key, shown once') }) },
            [400, 404],
          ),
        },
      },
      async (request, reply) => {
        const { username, role, name } = request.body;
        const created = await auth.createApiKey(actorOf(request), username, role, name);
        return reply.status(201).send({ ...apiKeyOut(created.record), key: created.key });
      },
    );

    app.delete(
      '/apikeys/:id',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'Revoke an API key',
          description: 'The key stops working at once; it stays listed with revokedAt.',
          params: z.object({ id: z.coerce.number().int().min(1) }),
          response: responses({ 200: apiKeySchema }, [400, 404]),
        },
      },
      async (request) => {
        return apiKeyOut(await auth.revokeApiKey(actorOf(request), request.params.id));
      },
    );

    app.get(
      '/audit',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          summary: 'Audit log',
          description: 'Newest first: logins and failures, lockouts, user and key changes, label changes.',
          querystring: z.object({
            action: z.enum(AUDIT_ACTIONS).optional(),
            actor: z.string().min(1).max(128).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            cursor: z.string().regex(/^\d+$/, 'the `next` value of the previous page').optional(),
          }),
          response: responses({
            200: z.object({ data: z.array(auditEntrySchema), count: z.number().int(), next: z.string().nullable() }),
          }),
        },
      },
      async (request) => {
        const { action, actor, limit, cursor } = request.query;
        const entries = await auth.auditLog({
          action,
          actor,
          limit: limit + 1,
          ...(cursor === undefined ? {} : { before: Number(cursor) }),
        });
        const page = entries.slice(0, limit);
        const next = entries.length > limit ? String(page[page.length - 1]!.id) : null;
        return { data: page.map(auditOut), count: page.length, next };
      },
    );
  };
}

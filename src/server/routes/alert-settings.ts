/**
 * Runtime alert settings: channels and routing rules an admin adds, changes and deletes without a
 * restart (kept in the main SQLite file, applied to the router and the dispatcher at once). Those
 * of the configuration file are listed read-only. Reading needs viewer; changes need admin, are
 * CSRF-checked like every cookie-authenticated change, and are written to the audit log. Secrets
 * are only ever returned masked. Registered by alerts.ts under /api/v1.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditAction } from '../../auth/auth-store.js';
import type { AuthService } from '../../auth/auth-service.js';
import { AlertSettingsError, type ChannelView, type RouteView } from '../../alerts/settings/alert-settings.js';
import { alertChannelNameSchema, alertChannelSchema, alertRouteSchema } from '../../alerts/config.js';
import { ApiError } from '../errors.js';
import { iso, isoOrNull, micros } from '../representations/time-fields.js';
import { noContent, responses } from './responses.js';
import type { AlertingApi } from './route-deps.js';

const ADMIN = { minimumRole: 'admin' as const };
const CHANNEL_TYPES = ['console', 'webhook', 'slack', 'telegram', 'email'] as const;

const changeFields = {
  source: z.enum(['config', 'runtime']).describe('config: from the configuration file (read-only); runtime: editable'),
  updatedAt: micros.nullable(),
  updatedAtIso: iso.nullable(),
  updatedBy: z.string().nullable().describe('the admin who last changed it'),
  problem: z.string().nullable().describe('why a stored entry is not in use (and what to do), or null'),
};

const channelSettingsSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    ...changeFields,
    settings: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        'the channel settings with secrets masked (URL paths, secret, header values, botToken, password); null for channels built in code',
      ),
  })
  .describe('an alert channel');

const routeSettingsSchema = z
  .object({
    id: z.number().int().nullable().describe('runtime routes only; null for routes of the configuration file'),
    channels: z.array(z.string()),
    minSeverity: z.enum(['info', 'warning', 'critical']).optional(),
    kinds: z.array(z.string()).optional(),
    symbols: z.array(z.string()).optional(),
    ...changeFields,
  })
  .describe('a routing rule: every matching rule sends the alert to its channels');

const channelUpdateSchema = z
  .object({ type: z.enum(CHANNEL_TYPES) })
  .catchall(z.unknown())
  .describe(
    'the channel settings, as `channel` in POST. With the same type, secret fields (webhook url, secret and headers; slack webhookUrl; telegram botToken; email password) left out — or sent back masked, as GET shows them — keep their stored values',
  );

const nameParams = z.object({ name: z.string().min(1).max(64).describe('the channel name') });
const idParams = z.object({ id: z.coerce.number().int().min(1).describe('the route id') });

function when(value: number | null): { updatedAt: number | null; updatedAtIso: string | null } {
  return { updatedAt: value, updatedAtIso: isoOrNull(value) };
}

function channelOut(view: ChannelView): z.infer<typeof channelSettingsSchema> {
  return { ...view, ...when(view.updatedAt) };
}

function routeOut(view: RouteView): z.infer<typeof routeSettingsSchema> {
  return { ...view, channels: [...view.channels], ...when(view.updatedAt) };
}

/** AlertSettingsError → the API's catalogue. */
function apiErrorOf(error: unknown): unknown {
  if (!(error instanceof AlertSettingsError)) return error;
  const code = error.code === 'invalid' ? 'invalid_request' : error.code;
  return new ApiError(code, error.message, error.issues.length > 0 ? error.issues : undefined);
}

function attempt<T>(change: () => T): T {
  try {
    return change();
  } catch (error) {
    throw apiErrorOf(error);
  }
}

export function registerAlertSettingsRoutes(
  parent: FastifyInstance,
  alerting: () => AlertingApi,
  auth: AuthService,
): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const audit = async (
    request: { principal: { username: string } | null; ip: string },
    action: AuditAction,
    target: string,
    detail: Record<string, string | number | boolean | null> = {},
  ): Promise<void> =>
    auth.audit({ name: request.principal?.username ?? 'unknown', ip: request.ip }, action, target, true, detail);
  const actor = (request: { principal: { username: string } | null }): string =>
    request.principal?.username ?? 'unknown';

  app.get(
    '/alerts/settings',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alert channels and routing rules',
        description:
          'Channels and routes of the configuration file (`source: config`, read-only) followed by those added at runtime (`source: runtime`, editable by admins). Secrets are masked.',
        response: responses(
          { 200: z.object({ channels: z.array(channelSettingsSchema), routes: z.array(routeSettingsSchema) }) },
          [503],
        ),
      },
    },
    async () => {
      const { settings } = alerting();
      return { channels: settings.channelViews().map(channelOut), routes: settings.routeViews().map(routeOut) };
    },
  );

  app.post(
    '/alerts/settings/channels',
    {
      config: ADMIN,
      schema: {
        tags: ['alerts'],
        summary: 'Add an alert channel',
        description:
          'Adds a channel at runtime; it is used at once (routes with `*` include it). The name must not be taken by a configured or runtime channel (409).',
        body: z.strictObject({
          name: alertChannelNameSchema,
          channel: alertChannelSchema.describe('settings as under alerts.channels in the configuration file'),
        }),
        response: responses({ 201: channelSettingsSchema }, [400, 409, 503]),
      },
    },
    async (request, reply) => {
      const { name, channel } = request.body;
      const view = attempt(() => alerting().settings.createChannel(name, channel, actor(request)));
      await audit(request, 'alert.channel_create', name, { type: view.type });
      return reply.status(201).send(channelOut(view));
    },
  );

  app.put(
    '/alerts/settings/channels/:name',
    {
      config: ADMIN,
      schema: {
        tags: ['alerts'],
        summary: 'Change a runtime alert channel',
        description:
          'Replaces the settings of a runtime channel (404 if none; 409 for a channel of the configuration file). Deliveries already queued for it use the new settings.',
        params: nameParams,
        body: channelUpdateSchema,
        response: responses({ 200: channelSettingsSchema }, [400, 404, 409, 503]),
      },
    },
    async (request) => {
      const { name } = request.params;
      const view = attempt(() => alerting().settings.updateChannel(name, request.body, actor(request)));
      await audit(request, 'alert.channel_update', name, { type: view.type });
      return channelOut(view);
    },
  );

  app.delete(
    '/alerts/settings/channels/:name',
    {
      config: ADMIN,
      schema: {
        tags: ['alerts'],
        summary: 'Delete a runtime alert channel',
        description:
          '409 while a runtime route names it (change the route first) or for a channel of the configuration file. Deliveries still queued for it fail with "not configured any more".',
        params: nameParams,
        response: responses({ 204: noContent }, [400, 404, 409, 503]),
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      attempt(() => alerting().settings.deleteChannel(name));
      await audit(request, 'alert.channel_delete', name);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/alerts/settings/routes',
    {
      config: ADMIN,
      schema: {
        tags: ['alerts'],
        summary: 'Add a routing rule',
        description:
          'Adds a route after those of the configuration file; every matching route sends the alert to its channels (a channel gets an alert once). Unknown channel names are refused (400).',
        body: alertRouteSchema,
        response: responses({ 201: routeSettingsSchema }, [400, 503]),
      },
    },
    async (request, reply) => {
      const view = attempt(() => alerting().settings.createRoute(request.body, actor(request)));
      await audit(request, 'alert.route_create', String(view.id), { channels: view.channels.join(',') });
      return reply.status(201).send(routeOut(view));
    },
  );

  app.put(
    '/alerts/settings/routes/:id',
    {
      config: ADMIN,
      schema: {
        tags: ['alerts'],
        summary: 'Change a runtime routing rule',
        description: 'Replaces the rule (all fields; absent filters match everything).',
        params: idParams,
        body: alertRouteSchema,
        response: responses({ 200: routeSettingsSchema }, [400, 404, 503]),
      },
    },
    async (request) => {
      const { id } = request.params;
      const view = attempt(() => alerting().settings.updateRoute(id, request.body, actor(request)));
      await audit(request, 'alert.route_update', String(id), { channels: view.channels.join(',') });
      return routeOut(view);
    },
  );

  app.delete(
    '/alerts/settings/routes/:id',
    {
      config: ADMIN,
      schema: {
        tags: ['alerts'],
        summary: 'Delete a runtime routing rule',
        params: idParams,
        response: responses({ 204: noContent }, [400, 404, 503]),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      attempt(() => alerting().settings.deleteRoute(id));
      await audit(request, 'alert.route_delete', String(id));
      return reply.status(204).send(null);
    },
  );
}

/**
 * Alert channels and routes from two places, merged:
 *
 * - the configuration file (`alerts.channels`, `alerts.routes`): read-only here, first in order;
 * - runtime settings an admin adds through the API, kept in SQLite (settings-table.ts) and
 *   applied at once, without a restart.
 *
 * A runtime channel may not take a configured channel's name. Runtime routes may name any channel
 * (or `*`, which, like in the file, means every channel, runtime ones included). A runtime channel
 * that a runtime route names cannot be deleted until the route is changed. A stored row that no
 * longer validates, or whose name the configuration file took since, is kept but not used, and is
 * shown with its problem (nothing is dropped silently).
 *
 * Every change calls `onChange` with the channels it replaced or removed, so the owner can rebuild
 * the router and the dispatcher and close those channels.
 */
import type { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Micros } from '../../core/events.js';
import type { AlertChannel } from '../channels/channel.js';
import { createChannel, type ChannelDependencies } from '../channels/create-channel.js';
import {
  alertChannelNameSchema,
  alertChannelSchema,
  alertRouteSchema,
  type AlertChannelConfig,
  type AlertRouteConfig,
} from '../config.js';
import type { AlertRoute } from '../routing.js';
import { maskChannel, MASK, maskUrl, SECRET_FIELDS } from './mask.js';
import type { AlertSettingsTable } from './settings-table.js';

export type AlertSettingsErrorCode = 'invalid' | 'not_found' | 'conflict';

/** An expected refusal (bad input, unknown name, a conflict); the message says what to do. */
export class AlertSettingsError extends Error {
  constructor(
    readonly code: AlertSettingsErrorCode,
    message: string,
    readonly issues: readonly { where: string; problem: string }[] = [],
  ) {
    super(message);
    this.name = 'AlertSettingsError';
  }
}

export type SettingsSource = 'config' | 'runtime';

export interface ChannelView {
  readonly name: string;
  readonly type: string;
  readonly source: SettingsSource;
  /** The channel's settings with secrets masked; null for channels built in code. */
  readonly settings: Record<string, unknown> | null;
  readonly updatedAt: Micros | null;
  readonly updatedBy: string | null;
  /** Why a stored channel is not in use, or null. */
  readonly problem: string | null;
}

export interface RouteView extends AlertRouteConfig {
  /** Runtime routes' id; null for routes of the configuration file. */
  readonly id: number | null;
  readonly source: SettingsSource;
  readonly updatedAt: Micros | null;
  readonly updatedBy: string | null;
  readonly problem: string | null;
}

interface RuntimeChannel {
  readonly name: string;
  readonly config: AlertChannelConfig | null;
  readonly raw: unknown;
  readonly channel: AlertChannel | null;
  readonly updatedAt: Micros;
  readonly updatedBy: string;
  readonly problem: string | null;
}

interface RuntimeRoute {
  readonly id: number;
  readonly route: AlertRouteConfig | null;
  readonly raw: unknown;
  readonly updatedAt: Micros;
  readonly updatedBy: string;
}

export interface AlertSettingsOptions {
  readonly table: AlertSettingsTable;
  /** Channels of the configuration file (or built in code), in order. */
  readonly configChannels: readonly AlertChannel[];
  /** Their settings by name, for display; absent for channels built in code. */
  readonly configSettings: Readonly<Record<string, AlertChannelConfig>>;
  readonly configRoutes: readonly AlertRouteConfig[];
  readonly clock: Clock;
  readonly channelDependencies?: ChannelDependencies;
  /** Called after every change with the channels that are no longer used. */
  readonly onChange: (retired: readonly AlertChannel[]) => void;
}

function issuesOf(error: z.ZodError, prefix: string): { where: string; problem: string }[] {
  return error.issues.map((issue) => ({
    where: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    problem: issue.message,
  }));
}

function invalid(what: string, error: z.ZodError, prefix: string): AlertSettingsError {
  const issues = issuesOf(error, prefix);
  const summary = issues.map((issue) => `${issue.where || what}: ${issue.problem}`).join('; ');
  return new AlertSettingsError('invalid', `invalid ${what} — ${summary}`, issues);
}

/** A value the API showed masked, sent back unchanged. */
function isMasked(value: unknown, stored: unknown): boolean {
  if (value === MASK) return true;
  if (typeof value === 'string' && typeof stored === 'string' && value === maskUrl(stored)) return true;
  if (typeof value === 'object' && value !== null && typeof stored === 'object' && stored !== null) {
    const entries = Object.entries(value);
    return (
      entries.length === Object.keys(stored).length &&
      entries.every(([key, item]) => item === MASK && Object.hasOwn(stored, key))
    );
  }
  return false;
}

export class AlertSettings {
  private readonly runtimeChannels = new Map<string, RuntimeChannel>();
  private readonly runtimeRoutes = new Map<number, RuntimeRoute>();
  private readonly configNames: ReadonlySet<string>;

  constructor(private readonly options: AlertSettingsOptions) {
    this.configNames = new Set(options.configChannels.map((channel) => channel.name));
    for (const row of options.table.channels()) {
      this.runtimeChannels.set(row.name, this.runtimeChannel(row.name, row.settings, row.updatedAt, row.updatedBy));
    }
    for (const row of options.table.routes()) {
      const parsed = alertRouteSchema.safeParse(row.route);
      this.runtimeRoutes.set(row.id, {
        id: row.id,
        route: parsed.success ? parsed.data : null,
        raw: row.route,
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy,
      });
    }
  }

  /** Every channel in use: the configured ones, then runtime ones in the order they were added. */
  channels(): AlertChannel[] {
    const runtime = [...this.runtimeChannels.values()].flatMap((entry) => (entry.channel ? [entry.channel] : []));
    return [...this.options.configChannels, ...runtime];
  }

  /** Every route in use; a runtime route naming a channel not in use is left out (and shown with its problem). */
  routes(): AlertRoute[] {
    const names = new Set(this.channels().map((channel) => channel.name));
    const runtime = [...this.runtimeRoutes.values()].flatMap((entry) =>
      entry.route !== null && this.routeProblem(entry.route, names) === null ? [entry.route] : [],
    );
    return [...this.options.configRoutes, ...runtime];
  }

  channelViews(): ChannelView[] {
    const configured = this.options.configChannels.map((channel): ChannelView => ({
      name: channel.name,
      type: channel.type,
      source: 'config',
      settings: this.options.configSettings[channel.name]
        ? maskChannel(this.options.configSettings[channel.name]!)
        : null,
      updatedAt: null,
      updatedBy: null,
      problem: null,
    }));
    const runtime = [...this.runtimeChannels.values()].map((entry): ChannelView => ({
      name: entry.name,
      type: entry.config?.type ?? String((entry.raw as { type?: unknown } | null)?.type ?? 'unknown'),
      source: 'runtime',
      settings: entry.config === null ? null : maskChannel(entry.config),
      updatedAt: entry.updatedAt,
      updatedBy: entry.updatedBy,
      problem: entry.problem,
    }));
    return [...configured, ...runtime];
  }

  routeViews(): RouteView[] {
    const names = new Set(this.channels().map((channel) => channel.name));
    const configured = this.options.configRoutes.map((route): RouteView => ({
      ...route,
      id: null,
      source: 'config',
      updatedAt: null,
      updatedBy: null,
      problem: null,
    }));
    const runtime = [...this.runtimeRoutes.values()].map((entry): RouteView => ({
      ...(entry.route ?? { channels: [] }),
      id: entry.id,
      source: 'runtime',
      updatedAt: entry.updatedAt,
      updatedBy: entry.updatedBy,
      problem:
        entry.route === null
          ? `the stored route no longer validates (${JSON.stringify(entry.raw)}): replace or delete it`
          : this.routeProblem(entry.route, names),
    }));
    return [...configured, ...runtime];
  }

  channelView(name: string): ChannelView {
    const view = this.channelViews().find((channel) => channel.name === name && channel.source === 'runtime');
    if (view === undefined) throw this.unknownChannel(name);
    return view;
  }

  routeView(id: number): RouteView {
    const view = this.routeViews().find((route) => route.id === id);
    if (view === undefined) throw this.unknownRoute(id);
    return view;
  }

  createChannel(name: string, input: unknown, actor: string): ChannelView {
    const checkedName = alertChannelNameSchema.safeParse(name);
    if (!checkedName.success) throw invalid('channel name', checkedName.error, 'name');
    if (this.configNames.has(name)) {
      throw new AlertSettingsError(
        'conflict',
        `channel "${name}" is defined in the configuration file (alerts.channels): choose another name`,
      );
    }
    if (this.runtimeChannels.has(name)) {
      throw new AlertSettingsError(
        'conflict',
        `channel "${name}" exists already: change it with PUT /api/v1/alerts/settings/channels/${name}, or choose another name`,
      );
    }
    const config = this.parseChannel(input);
    const channel = this.build(name, config);
    const now = this.options.clock.now();
    this.options.table.insertChannel(name, config, now, actor);
    this.runtimeChannels.set(name, {
      name,
      config,
      raw: config,
      channel,
      updatedAt: now,
      updatedBy: actor,
      problem: null,
    });
    this.options.onChange([]);
    return this.channelView(name);
  }

  /**
   * Replaces a runtime channel's settings. With the same type, secret fields left out (or sent
   * back masked, as GET shows them) keep their stored values.
   */
  updateChannel(name: string, input: unknown, actor: string): ChannelView {
    const existing = this.editableChannel(name);
    if (this.configNames.has(name)) {
      throw new AlertSettingsError(
        'conflict',
        `the configuration file defines a channel "${name}" too, and it is the one in use: delete this runtime channel`,
      );
    }
    let merged = input;
    const stored = existing.config;
    if (
      stored !== null &&
      typeof input === 'object' &&
      input !== null &&
      (input as { type?: unknown }).type === stored.type
    ) {
      const body = { ...(input as Record<string, unknown>) };
      for (const field of SECRET_FIELDS[stored.type]) {
        const storedValue = (stored as Record<string, unknown>)[field];
        if (storedValue !== undefined && (body[field] === undefined || isMasked(body[field], storedValue))) {
          body[field] = storedValue;
        }
      }
      merged = body;
    }
    const config = this.parseChannel(merged);
    const channel = this.build(name, config);
    const now = this.options.clock.now();
    this.options.table.updateChannel(name, config, now, actor);
    this.runtimeChannels.set(name, {
      name,
      config,
      raw: config,
      channel,
      updatedAt: now,
      updatedBy: actor,
      problem: null,
    });
    this.options.onChange(existing.channel ? [existing.channel] : []);
    return this.channelView(name);
  }

  deleteChannel(name: string): void {
    const existing = this.editableChannel(name);
    const users = [...this.runtimeRoutes.values()].filter((entry) => entry.route?.channels.includes(name));
    if (users.length > 0) {
      throw new AlertSettingsError(
        'conflict',
        `channel "${name}" is used by route ${users.map((entry) => entry.id).join(', ')}: change or delete ${users.length === 1 ? 'that route' : 'those routes'} first`,
      );
    }
    this.options.table.deleteChannel(name);
    this.runtimeChannels.delete(name);
    this.options.onChange(existing.channel ? [existing.channel] : []);
  }

  createRoute(input: unknown, actor: string): RouteView {
    const route = this.parseRoute(input);
    const now = this.options.clock.now();
    const id = this.options.table.insertRoute(route, now, actor);
    this.runtimeRoutes.set(id, { id, route, raw: route, updatedAt: now, updatedBy: actor });
    this.options.onChange([]);
    return this.routeView(id);
  }

  updateRoute(id: number, input: unknown, actor: string): RouteView {
    if (!this.runtimeRoutes.has(id)) throw this.unknownRoute(id);
    const route = this.parseRoute(input);
    const now = this.options.clock.now();
    this.options.table.updateRoute(id, route, now, actor);
    this.runtimeRoutes.set(id, { id, route, raw: route, updatedAt: now, updatedBy: actor });
    this.options.onChange([]);
    return this.routeView(id);
  }

  deleteRoute(id: number): void {
    if (!this.runtimeRoutes.has(id)) throw this.unknownRoute(id);
    this.options.table.deleteRoute(id);
    this.runtimeRoutes.delete(id);
    this.options.onChange([]);
  }

  private runtimeChannel(name: string, raw: unknown, updatedAt: Micros, updatedBy: string): RuntimeChannel {
    const base = { name, raw, updatedAt, updatedBy };
    const parsed = alertChannelSchema.safeParse(raw);
    if (!parsed.success) {
      const problem = `the stored settings no longer validate (${issuesOf(parsed.error, '')
        .map((issue) => `${issue.where}: ${issue.problem}`)
        .join('; ')}): replace or delete the channel`;
      return { ...base, config: null, channel: null, problem };
    }
    if (this.configNames.has(name)) {
      const problem = `the configuration file now defines a channel "${name}", which is used instead: delete this one`;
      return { ...base, config: parsed.data, channel: null, problem };
    }
    try {
      return { ...base, config: parsed.data, channel: this.build(name, parsed.data), problem: null };
    } catch (error) {
      return { ...base, config: parsed.data, channel: null, problem: (error as Error).message };
    }
  }

  private parseChannel(input: unknown): AlertChannelConfig {
    const parsed = alertChannelSchema.safeParse(input);
    if (!parsed.success) throw invalid('channel settings', parsed.error, 'channel');
    return parsed.data;
  }

  private parseRoute(input: unknown): AlertRouteConfig {
    const parsed = alertRouteSchema.safeParse(input);
    if (!parsed.success) throw invalid('route', parsed.error, 'route');
    const problem = this.routeProblem(parsed.data, new Set(this.channels().map((channel) => channel.name)));
    if (problem !== null) throw new AlertSettingsError('invalid', problem, [{ where: 'route.channels', problem }]);
    return parsed.data;
  }

  private routeProblem(route: AlertRouteConfig, names: ReadonlySet<string>): string | null {
    const missing = route.channels.filter((name) => name !== '*' && !names.has(name));
    if (missing.length === 0) return null;
    return `unknown channel ${missing.join(', ')}: channels are ${[...names].join(', ') || 'none'} (or * for all)`;
  }

  private build(name: string, config: AlertChannelConfig): AlertChannel {
    try {
      return createChannel(name, config, this.options.channelDependencies);
    } catch (error) {
      throw new AlertSettingsError('invalid', `channel "${name}" cannot be set up: ${(error as Error).message}`);
    }
  }

  private editableChannel(name: string): RuntimeChannel {
    const existing = this.runtimeChannels.get(name);
    if (existing !== undefined) return existing;
    if (this.configNames.has(name)) {
      throw new AlertSettingsError(
        'conflict',
        `channel "${name}" is defined in the configuration file: change it there (alerts.channels) and restart`,
      );
    }
    throw this.unknownChannel(name);
  }

  private unknownChannel(name: string): AlertSettingsError {
    return new AlertSettingsError(
      'not_found',
      `no runtime alert channel "${name}": list them with GET /api/v1/alerts/settings`,
    );
  }

  private unknownRoute(id: number): AlertSettingsError {
    return new AlertSettingsError(
      'not_found',
      `no runtime alert route ${id}: list them with GET /api/v1/alerts/settings (routes of the configuration file cannot be changed here)`,
    );
  }
}

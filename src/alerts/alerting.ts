/**
 * Alerting as the run loop sees it: anomalies in, deliveries out.
 *
 *   anomaly ─▶ AlertPolicy (group, cooldown) ─▶ AlertRouter (severity, kind, symbol)
 *           ─▶ AlertOutbox (SQLite, one row per channel) ─▶ OutboxDispatcher ─▶ channels
 *
 * The run loop calls `observe(event)` for every pipeline event and `onTime(clock.now())` each
 * turn (incidents are raised when their grouping window ends), `start()` once and `stop()` at
 * shutdown.
 *
 * Channels and routes come from the configuration file and from runtime settings an admin edits
 * through the API (`settings`, kept in the same database); a change rebuilds the router and the
 * dispatcher's channels at once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../core/clock.js';
import type { Micros, PipelineEvent } from '../core/events.js';
import { MICROS_PER_DAY } from '../core/time.js';
import { LiveClock } from '../runtime/live-clock.js';
import { runMigrations } from '../store/sqlite/migrate.js';
import { testAlert, type Alert } from './alert.js';
import type { AlertChannel } from './channels/channel.js';
import { createChannel, type ChannelDependencies } from './channels/create-channel.js';
import type { AlertsConfig } from './config.js';
import { OutboxDispatcher, type DeliveryObserver, type DispatcherLogger } from './outbox/dispatcher.js';
import { AlertOutbox } from './outbox/outbox.js';
import { AlertPolicy } from './policy.js';
import { AlertRouter } from './routing.js';
import { AlertSettings } from './settings/alert-settings.js';
import { AlertSettingsTable } from './settings/settings-table.js';

export interface AlertingOptions {
  readonly config: AlertsConfig;
  /** The main tickwatch database: a file path (the outbox opens its own connection) or an open connection. */
  readonly database: string | BetterSqlite3.Database;
  /** The pipeline's clock: grouping windows and cooldowns run on it, so replays behave alike. */
  readonly clock: Clock;
  /** The clock of delivery attempts and outbox rows. Default: the system clock. */
  readonly wallClock?: Clock;
  /** Told of each delivery attempt, e.g. the Prometheus `Metrics`. */
  readonly observer?: DeliveryObserver;
  readonly logger?: DispatcherLogger;
  /** Channels to use instead of building them from the configuration (tests, custom channels). */
  readonly channels?: readonly AlertChannel[];
  readonly channelDependencies?: ChannelDependencies;
}

export interface AlertingStats {
  readonly anomaliesSeen: number;
  readonly alertsRaised: number;
  /** Alerts no route sent anywhere. */
  readonly alertsUnrouted: number;
}

const PRUNE_INTERVAL_MS = 3_600_000;

/** An open connection brought up to the store's schema (runtime settings live in migration 6); a no-op when current. */
function migrated(db: BetterSqlite3.Database): BetterSqlite3.Database {
  runMigrations(db, db.name);
  return db;
}

export class Alerting {
  readonly outbox: AlertOutbox;
  readonly policy: AlertPolicy;
  /** Channels and routes of the configuration file and of runtime settings. */
  readonly settings: AlertSettings;
  private router: AlertRouter;
  private readonly dispatcher: OutboxDispatcher;
  private channels: readonly AlertChannel[];
  private readonly wallClock: Clock;
  private pruneTimer: NodeJS.Timeout | null = null;
  private anomaliesSeen = 0;
  private alertsRaised = 0;
  private alertsUnrouted = 0;

  constructor(private readonly options: AlertingOptions) {
    const config = options.config;
    this.wallClock = options.wallClock ?? new LiveClock();
    const configChannels =
      options.channels ??
      Object.entries(config.channels).map(([name, channel]) =>
        createChannel(name, channel, options.channelDependencies),
      );
    this.outbox =
      typeof options.database === 'string'
        ? AlertOutbox.open(options.database, this.wallClock)
        : new AlertOutbox(migrated(options.database), this.wallClock);
    this.settings = new AlertSettings({
      table: new AlertSettingsTable(this.outbox.db),
      configChannels,
      configSettings: options.channels === undefined ? config.channels : {},
      configRoutes: config.routes,
      clock: this.wallClock,
      ...(options.channelDependencies ? { channelDependencies: options.channelDependencies } : {}),
      onChange: (retired) => this.applySettings(retired),
    });
    this.channels = this.settings.channels();
    this.router = new AlertRouter(
      this.settings.routes(),
      this.channels.map((c) => c.name),
    );
    this.policy = new AlertPolicy(
      {
        minSeverity: config.minSeverity,
        cooldownMs: config.cooldownMs,
        cooldownByKindMs: config.cooldownByKindMs,
        groupWindowMs: config.groupWindowMs,
      },
      options.clock,
    );
    this.dispatcher = new OutboxDispatcher({
      outbox: this.outbox,
      channels: this.channels,
      retry: config.delivery,
      pollIntervalMs: config.delivery.pollIntervalMs,
      clock: this.wallClock,
      observer: options.observer,
      logger: options.logger,
    });
  }

  /** Feeds one pipeline event; only anomalies matter. */
  observe(event: PipelineEvent): void {
    if (event.type !== 'anomaly' || !this.options.config.enabled) return;
    this.anomaliesSeen++;
    this.policy.next(event, this.onAlert);
  }

  /** Raises the incidents whose grouping window has ended by `now` (the pipeline clock's time). */
  onTime(now: Micros): void {
    this.policy.onTime(now, this.onAlert);
  }

  /** Queues a test alert for the named channels (default: all) and returns it with its channels. */
  sendTest(channelNames?: readonly string[]): { alert: Alert; channels: string[] } {
    const known = this.channels.map((c) => c.name);
    const unknown = (channelNames ?? []).filter((name) => !known.includes(name));
    if (unknown.length > 0)
      throw new Error(`unknown alert channel ${unknown.join(', ')}: configured channels are ${known.join(', ')}`);
    const channels = channelNames === undefined ? known : known.filter((name) => channelNames.includes(name));
    const alert = testAlert(this.wallClock.now());
    this.outbox.enqueue(alert, channels);
    this.dispatcher.wake();
    return { alert, channels };
  }

  /** Configured channels: name and type. */
  channelList(): { name: string; type: string }[] {
    return this.channels.map((c) => ({ name: c.name, type: c.type }));
  }

  stats(): AlertingStats {
    return { anomaliesSeen: this.anomaliesSeen, alertsRaised: this.alertsRaised, alertsUnrouted: this.alertsUnrouted };
  }

  /** Starts delivering (pending rows from before a restart first) and pruning delivered rows. */
  start(): void {
    this.dispatcher.start();
    const retentionDays = this.options.config.delivery.retentionDays;
    if (retentionDays > 0) {
      const prune = () => this.outbox.prune(this.wallClock.now() - retentionDays * MICROS_PER_DAY);
      prune();
      this.pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
      this.pruneTimer.unref();
    }
  }

  /** Raises open incidents, waits for attempts in flight, and releases the channels and the outbox. */
  async stop(): Promise<void> {
    this.policy.flush(this.onAlert);
    if (this.pruneTimer !== null) clearInterval(this.pruneTimer);
    await this.dispatcher.stop();
    for (const channel of this.channels) channel.close?.();
    this.outbox.close();
  }

  /** Runtime settings changed: route and deliver with the new channels; close the retired ones when idle. */
  private applySettings(retired: readonly AlertChannel[]): void {
    const channels = this.settings.channels();
    this.router = new AlertRouter(
      this.settings.routes(),
      channels.map((c) => c.name),
    );
    this.channels = channels;
    this.dispatcher.setChannels(channels);
    if (retired.length > 0) {
      void this.dispatcher.idle().then(() => {
        for (const channel of retired) channel.close?.();
      });
    }
  }

  private readonly onAlert = (alert: Alert): void => {
    this.alertsRaised++;
    const channels = this.router.channelsFor(alert);
    if (channels.length === 0) {
      this.alertsUnrouted++;
      return;
    }
    this.outbox.enqueue(alert, channels);
    this.dispatcher.wake();
  };
}

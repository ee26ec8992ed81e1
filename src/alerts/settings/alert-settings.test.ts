/**
 * AlertSettings on a real SQLite file: masking, rows that stopped validating or whose name the
 * configuration file took are kept and shown with their problem (not used, not dropped), and
 * routes follow channel changes.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../../core/clock.js';
import { runMigrations } from '../../store/sqlite/migrate.js';
import type { AlertChannel } from '../channels/channel.js';
import { createChannel } from '../channels/create-channel.js';
import { AlertSettings, AlertSettingsError } from './alert-settings.js';
import { MASK, maskUrl } from './mask.js';
import { AlertSettingsTable } from './settings-table.js';

function setup(db = new Database(':memory:')) {
  runMigrations(db, ':memory:');
  const table = new AlertSettingsTable(db);
  const retired: string[] = [];
  const changes: number[] = [];
  const settings = new AlertSettings({
    table,
    configChannels: [createChannel('console', { type: 'console' })],
    configSettings: { console: { type: 'console' } },
    configRoutes: [{ channels: ['*'] }],
    clock: new ReplayClock(1_000),
    onChange: (channels: readonly AlertChannel[]) => {
      changes.push(1);
      retired.push(...channels.map((c) => c.name));
    },
  });
  return { db, table, settings, retired, changes };
}

describe('AlertSettings', () => {
  it('masks URL paths, secrets and tokens but keeps scheme and host', () => {
    expect(maskUrl('https://user:pw@hooks.slack.com/services/T0/B0/xyz?x=1')).toBe(`https://hooks.slack.com/${MASK}`);
    expect(maskUrl('http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    const { settings } = setup();
    const view = settings.createChannel(
      'phone',
      { type: 'telegram', botToken: '123456:ABCdef', chatId: -100 },
      'admin',
    );
    expect(view.settings).toMatchObject({ botToken: MASK, chatId: -100 });
    expect(JSON.stringify(view)).not.toContain('ABCdef');
  });

  it('adds, replaces and removes channels and routes, telling the owner which channels retired', () => {
    const { settings, retired, changes } = setup();
    settings.createChannel('hook', { type: 'webhook', url: 'https://example.com/a' }, 'admin');
    expect(settings.channels().map((c) => c.name)).toEqual(['console', 'hook']);
    const route = settings.createRoute({ channels: ['hook'], kinds: ['price_*'] }, 'admin');
    expect(settings.routes()).toEqual([{ channels: ['*'] }, { channels: ['hook'], kinds: ['price_*'] }]);
    settings.updateChannel('hook', { type: 'webhook', timeoutMs: 5 }, 'admin'); // the url is kept
    expect(retired).toEqual(['hook']);
    expect(() => settings.deleteChannel('hook')).toThrow(/used by route/);
    settings.deleteRoute(route.id!);
    settings.deleteChannel('hook');
    expect(retired).toEqual(['hook', 'hook']);
    expect(settings.channels().map((c) => c.name)).toEqual(['console']);
    expect(changes).toHaveLength(5);
    expect(() => settings.deleteRoute(route.id!)).toThrow(AlertSettingsError);
  });

  it('keeps rows that no longer validate or that the configuration took, shown with their problem', () => {
    const db = new Database(':memory:');
    runMigrations(db, ':memory:');
    const table = new AlertSettingsTable(db);
    table.insertChannel('old', { type: 'webhook', url: 'not a url' }, 1, 'admin');
    table.insertChannel('console', { type: 'console' }, 1, 'admin');
    table.insertRoute({ channels: ['old'] }, 1, 'admin');
    const { settings } = setup(db);
    expect(settings.channels().map((c) => c.name)).toEqual(['console']);
    const views = settings.channelViews();
    expect(views.find((v) => v.name === 'old')?.problem).toMatch(/no longer validate.*url/);
    expect(views.find((v) => v.name === 'console' && v.source === 'runtime')?.problem).toMatch(/configuration file/);
    expect(settings.routes()).toEqual([{ channels: ['*'] }]);
    expect(settings.routeViews()[1]?.problem).toMatch(/unknown channel old/);
    expect(() => settings.updateChannel('console', { type: 'console' }, 'admin')).toThrow(/delete this runtime/);
    settings.deleteChannel('console'); // the runtime duplicate goes; the configured one stays
    expect(settings.channelViews().filter((v) => v.name === 'console')).toHaveLength(1);
  });
});

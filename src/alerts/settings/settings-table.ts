/**
 * The SQLite rows behind runtime alert settings (migration 006: `alert_channels`,
 * `alert_routes`), on the connection the outbox uses. Rows hold JSON as the API accepted it;
 * `AlertSettings` validates it again when it loads, so a row is never used unchecked.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Micros } from '../../core/events.js';

export interface StoredChannelRow {
  readonly name: string;
  readonly settings: unknown;
  readonly createdAt: Micros;
  readonly updatedAt: Micros;
  readonly updatedBy: string;
}

export interface StoredRouteRow {
  readonly id: number;
  readonly route: unknown;
  readonly createdAt: Micros;
  readonly updatedAt: Micros;
  readonly updatedBy: string;
}

interface ChannelRecord {
  name: string;
  settings: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

interface RouteRecord {
  id: number;
  route: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export class AlertSettingsTable {
  private readonly statements;

  constructor(db: BetterSqlite3.Database) {
    this.statements = {
      channels: db.prepare<[], ChannelRecord>('SELECT * FROM alert_channels ORDER BY created_at, name'),
      insertChannel: db.prepare(
        'INSERT INTO alert_channels (name, settings, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)',
      ),
      updateChannel: db.prepare(
        'UPDATE alert_channels SET settings = ?, updated_at = ?, updated_by = ? WHERE name = ?',
      ),
      deleteChannel: db.prepare('DELETE FROM alert_channels WHERE name = ?'),
      routes: db.prepare<[], RouteRecord>('SELECT * FROM alert_routes ORDER BY id'),
      insertRoute: db.prepare(
        'INSERT INTO alert_routes (route, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?) RETURNING id',
      ),
      updateRoute: db.prepare('UPDATE alert_routes SET route = ?, updated_at = ?, updated_by = ? WHERE id = ?'),
      deleteRoute: db.prepare('DELETE FROM alert_routes WHERE id = ?'),
    };
  }

  channels(): StoredChannelRow[] {
    return this.statements.channels.all().map((row) => ({
      name: row.name,
      settings: JSON.parse(row.settings) as unknown,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }));
  }

  routes(): StoredRouteRow[] {
    return this.statements.routes.all().map((row) => ({
      id: row.id,
      route: JSON.parse(row.route) as unknown,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }));
  }

  insertChannel(name: string, settings: unknown, now: Micros, actor: string): void {
    this.statements.insertChannel.run(name, JSON.stringify(settings), now, now, actor);
  }

  updateChannel(name: string, settings: unknown, now: Micros, actor: string): boolean {
    return this.statements.updateChannel.run(JSON.stringify(settings), now, actor, name).changes > 0;
  }

  deleteChannel(name: string): boolean {
    return this.statements.deleteChannel.run(name).changes > 0;
  }

  /** Returns the new route's id. */
  insertRoute(route: unknown, now: Micros, actor: string): number {
    const row = this.statements.insertRoute.get(JSON.stringify(route), now, now, actor) as { id: number };
    return row.id;
  }

  updateRoute(id: number, route: unknown, now: Micros, actor: string): boolean {
    return this.statements.updateRoute.run(JSON.stringify(route), now, actor, id).changes > 0;
  }

  deleteRoute(id: number): boolean {
    return this.statements.deleteRoute.run(id).changes > 0;
  }
}

/**
 * Maps the repeated text of the tick tables (symbols, sources) to small integer ids stored in a
 * dictionary table. Both directions are cached: there are few names and they never change id.
 *
 * The cache may run ahead of the database inside a write transaction; `forget()` after a
 * rollback drops ids that were never committed. A miss always asks the database, so a reader
 * connection also sees names added later by the writer.
 */
import type BetterSqlite3 from 'better-sqlite3';

export class NameDictionary {
  private readonly idByName = new Map<string, number>();
  private readonly nameById = new Map<number, string>();
  private readonly selectId: BetterSqlite3.Statement<[string], number>;
  private readonly selectName: BetterSqlite3.Statement<[number], string>;
  private readonly insert: BetterSqlite3.Statement<[string]> | undefined;

  /** `table` has columns (id INTEGER PRIMARY KEY, `column` TEXT UNIQUE); both are trusted identifiers. */
  constructor(
    db: BetterSqlite3.Database,
    private readonly table: string,
    column: string,
  ) {
    this.selectId = db.prepare<[string], number>(`SELECT id FROM ${table} WHERE ${column} = ?`).pluck();
    this.selectName = db.prepare<[number], string>(`SELECT ${column} FROM ${table} WHERE id = ?`).pluck();
    this.insert = db.readonly ? undefined : db.prepare<[string]>(`INSERT INTO ${table} (${column}) VALUES (?)`);
  }

  /** The id of `name`, adding it if new. Call inside the write transaction. */
  idFor(name: string): number {
    const cached = this.idByName.get(name);
    if (cached !== undefined) return cached;
    let id = this.selectId.get(name);
    if (id === undefined) {
      if (this.insert === undefined) throw new Error(`cannot add "${name}" to ${this.table}: the store is read-only`);
      id = Number(this.insert.run(name).lastInsertRowid);
    }
    this.remember(name, id);
    return id;
  }

  /** The id of `name` if it has one; never adds. Unknown names are not cached (the writer may add them). */
  lookup(name: string): number | undefined {
    const cached = this.idByName.get(name);
    if (cached !== undefined) return cached;
    const id = this.selectId.get(name);
    if (id !== undefined) this.remember(name, id);
    return id;
  }

  nameOf(id: number): string {
    const cached = this.nameById.get(id);
    if (cached !== undefined) return cached;
    const name = this.selectName.get(id);
    if (name === undefined) throw new Error(`${this.table} has no id ${id}: the store is inconsistent`);
    this.remember(name, id);
    return name;
  }

  /** Drops the cache; call after a rolled-back transaction. */
  forget(): void {
    this.idByName.clear();
    this.nameById.clear();
  }

  private remember(name: string, id: number): void {
    this.idByName.set(name, id);
    this.nameById.set(id, name);
  }
}

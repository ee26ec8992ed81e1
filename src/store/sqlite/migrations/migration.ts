/** One step of the SQLite schema. Versions start at 1 and increase by 1; a step never changes once released. */
export interface Migration {
  readonly version: number;
  /** Short kebab-case description, recorded in schema_migrations. */
  readonly name: string;
  /** DDL run inside the migration's transaction. */
  readonly sql: string;
}

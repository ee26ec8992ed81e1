/**
 * Builds the SELECT of a filtered, ordered, limited query. Only the filters that are present
 * appear in the SQL, so each combination is its own (cached) statement with its own plan.
 */
import type { Micros } from '../../core/events.js';
import type { RangeOptions, SortOrder } from '../store.js';

export interface BuiltQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export function assertRangeOptions(options: RangeOptions): void {
  const { limit, order } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new RangeError(`limit must be an integer ≥ 0, got ${String(limit)}`);
  }
  if (order !== undefined && order !== 'asc' && order !== 'desc') {
    throw new RangeError(`order must be "asc" or "desc", got "${String(order)}"`);
  }
}

export class SelectBuilder {
  private readonly conditions: string[] = [];
  private readonly params: unknown[] = [];

  /** `head` is the trusted `SELECT … FROM …` part. */
  constructor(private readonly head: string) {}

  where(condition: string, ...params: unknown[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }

  /** Adds `column = ?` when `value` is defined. */
  equals(column: string, value: unknown): this {
    return value === undefined ? this : this.where(`${column} = ?`, value);
  }

  /** from ≤ column < to, each bound only if given. */
  between(column: string, from: Micros | undefined, to: Micros | undefined): this {
    if (from !== undefined) this.where(`${column} >= ?`, from);
    if (to !== undefined) this.where(`${column} < ?`, to);
    return this;
  }

  build(orderBy: readonly string[], options: RangeOptions): BuiltQuery {
    assertRangeOptions(options);
    const direction = directionOf(options.order);
    let sql = this.head;
    if (this.conditions.length > 0) sql += ` WHERE ${this.conditions.join(' AND ')}`;
    sql += ` ORDER BY ${orderBy.map((column) => `${column} ${direction}`).join(', ')}`;
    const params = [...this.params];
    if (options.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(options.limit);
    }
    return { sql, params };
  }
}

function directionOf(order: SortOrder | undefined): 'ASC' | 'DESC' {
  return order === 'desc' ? 'DESC' : 'ASC';
}

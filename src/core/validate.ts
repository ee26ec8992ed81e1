/**
 * The Validator: the gate between the outside world (feeds, replay files) and the pure pipeline.
 *
 * Input is `unknown`: a file or a socket can contain anything. A valid Trade or Quote is passed on
 * unchanged (the same object; the happy path allocates nothing). Anything else becomes a
 * `Quarantined` event with a stable reason code, a detail naming the field, the value and the
 * limit, and a JSON-safe copy of the payload. Nothing here throws, whatever the input.
 *
 * Per symbol it remembers the newest event time (to reject trades and quotes that are later than
 * the allowed lateness, exactly the lateness the bar builders use to retain closed bars) and the
 * most recent trade ids (a Set for O(1) lookup plus a ring for bounded, FIFO eviction).
 */
import type { Clock } from './clock.js';
import type { MarketEvent, Micros, Quarantined, QuarantineReason } from './events.js';
import { QUARANTINE_REASONS } from './events.js';
import type { Emit, Operator } from './operator.js';

export interface ValidatorConfig {
  /** Known symbols; any other symbol is quarantined as `unknown_symbol`. */
  readonly symbols: readonly string[];
  /** tsEvent > clock.now() + maxFutureSkew → `future_timestamp`. */
  readonly maxFutureSkew: Micros;
  /** tsEvent < clock.now() - maxPastAge → `stale_timestamp` (Infinity disables the check). */
  readonly maxPastAge: Micros;
  /** tsEvent < (newest tsEvent seen for the symbol) - allowedLateness → `late`. */
  readonly allowedLateness: Micros;
  /**
   * At most this many recent trade ids per symbol are remembered for `duplicate_trade` (0 disables
   * it). Ids are also forgotten once their trade is older than the lateness allows: a copy of such a
   * trade is quarantined as `late`.
   */
  readonly duplicateWindow: number;
}

export interface ValidatorSymbolState {
  readonly symbol: string;
  /** Newest tsEvent of a passed trade, or null before the first one. */
  readonly maxTradeTsEvent: Micros | null;
  /** Newest tsEvent of a passed quote, or null before the first one. */
  readonly maxQuoteTsEvent: Micros | null;
  /** Remembered trade ids, oldest first (at most `duplicateWindow`). */
  readonly recentTradeIds: readonly string[];
  /** Their event times (absent in checkpoints written before times were kept). */
  readonly recentTradeTimes?: readonly number[];
}

export interface ValidatorState {
  readonly symbols: readonly ValidatorSymbolState[];
  readonly counts: Readonly<Record<QuarantineReason, number>>;
  /** Number of events passed on. */
  readonly passed: number;
}

const SIDES: ReadonlySet<unknown> = new Set(['buy', 'sell', 'unknown']);

/**
 * Per-symbol memory: newest event times and a bounded set of recent trade ids.
 *
 * Ids are remembered only while a copy of their trade could still pass the lateness check:
 * once the newest trade time has moved more than `allowedLateness` past a trade, a duplicate of
 * it is quarantined as `late` anyway. That keeps the set small (the last seconds of trades, at
 * most `capacity`), which matters: a large Set of strings cost ~250 ns per trade in cache misses.
 */
class SymbolTrack {
  maxTradeTsEvent = Number.NEGATIVE_INFINITY;
  maxQuoteTsEvent = Number.NEGATIVE_INFINITY;
  private readonly ids = new Set<string>();
  /** FIFO of the ids in `ids` and their event times, in arrival order (a ring from `head`). */
  private readonly ring: string[] = [];
  private readonly times: number[] = [];
  private head = 0;
  private size = 0;

  constructor(
    private readonly capacity: number,
    private readonly horizon: Micros,
  ) {}

  hasTradeId(id: string): boolean {
    return this.size > 0 && this.ids.has(id);
  }

  /** Call after `maxTradeTsEvent` is updated for this trade. */
  rememberTradeId(id: string, tsEvent: Micros): void {
    if (this.capacity === 0) return;
    if (this.size === this.capacity) this.dropOldest();
    const slot = (this.head + this.size) % this.capacity;
    this.ring[slot] = id;
    this.times[slot] = tsEvent;
    this.size++;
    this.ids.add(id);
    const oldestUseful = this.maxTradeTsEvent - this.horizon;
    while (this.size > 1 && (this.times[this.head] as number) < oldestUseful) this.dropOldest();
  }

  private dropOldest(): void {
    this.ids.delete(this.ring[this.head] as string);
    this.ring[this.head] = '';
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }

  /** Remembered ids and their event times, oldest first. */
  recent(): { ids: string[]; times: number[] } {
    const ids: string[] = [];
    const times: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const slot = (this.head + i) % this.capacity;
      ids.push(this.ring[slot] as string);
      times.push(this.times[slot] as number);
    }
    return { ids, times };
  }

  snapshot(symbol: string): ValidatorSymbolState {
    const recent = this.recent();
    return {
      symbol,
      maxTradeTsEvent: Number.isFinite(this.maxTradeTsEvent) ? this.maxTradeTsEvent : null,
      maxQuoteTsEvent: Number.isFinite(this.maxQuoteTsEvent) ? this.maxQuoteTsEvent : null,
      recentTradeIds: recent.ids,
      recentTradeTimes: recent.times,
    };
  }

  restore(state: ValidatorSymbolState): void {
    this.maxTradeTsEvent = state.maxTradeTsEvent ?? Number.NEGATIVE_INFINITY;
    this.maxQuoteTsEvent = state.maxQuoteTsEvent ?? Number.NEGATIVE_INFINITY;
    this.ids.clear();
    this.ring.length = 0;
    this.times.length = 0;
    this.head = 0;
    this.size = 0;
    const ids = state.recentTradeIds;
    const times = state.recentTradeTimes;
    for (let i = Math.max(0, ids.length - this.capacity); i < ids.length; i++) {
      this.rememberTradeId(ids[i] as string, times?.[i] ?? this.maxTradeTsEvent);
    }
  }
}

export class Validator implements Operator<unknown, MarketEvent | Quarantined, ValidatorState> {
  private tracks = new Map<string, SymbolTrack>();
  private reasonCounts = zeroCounts();
  private passedCount = 0;
  /** Detail of the last failed check; only written on the rejection path. */
  private failure = '';

  constructor(
    private readonly config: ValidatorConfig,
    private readonly clock: Clock,
  ) {
    for (const [name, value] of [
      ['maxFutureSkew', config.maxFutureSkew],
      ['maxPastAge', config.maxPastAge],
      ['allowedLateness', config.allowedLateness],
    ] as const) {
      if (!(value >= 0)) throw new Error(`validator: ${name} must be >= 0 microseconds, got ${value}`);
    }
    if (!Number.isSafeInteger(config.duplicateWindow) || config.duplicateWindow < 0) {
      throw new Error(`validator: duplicateWindow must be a non-negative integer, got ${config.duplicateWindow}`);
    }
    this.reset();
  }

  next(input: unknown, emit: Emit<MarketEvent | Quarantined>): void {
    let reason: QuarantineReason | null;
    try {
      reason = this.check(input);
    } catch (error) {
      // A hostile object (throwing getter, revoked proxy) lands here.
      reason = 'malformed';
      this.failure = `the input could not be read: ${errorMessage(error)}`;
    }
    if (reason === null) {
      this.passedCount++;
      emit(input as MarketEvent);
      return;
    }
    this.reasonCounts[reason]++;
    emit({
      type: 'quarantine',
      reason,
      detail: this.failure,
      symbol: readSymbol(input),
      ts: this.clock.now(),
      payload: toJsonSafe(input),
    });
  }

  /** The validator has no timers: time only matters through the clock it reads. */
  onTime(): void {}

  /** Rejections so far, per reason (a copy). */
  counts(): Record<QuarantineReason, number> {
    return { ...this.reasonCounts };
  }

  /** Number of events passed on so far. */
  get passed(): number {
    return this.passedCount;
  }

  snapshot(): ValidatorState {
    const symbols: ValidatorSymbolState[] = [];
    for (const [symbol, track] of this.tracks) symbols.push(track.snapshot(symbol));
    return { symbols, counts: this.counts(), passed: this.passedCount };
  }

  restore(state: ValidatorState): void {
    this.reset();
    for (const symbolState of state.symbols) this.tracks.get(symbolState.symbol)?.restore(symbolState);
    for (const reason of QUARANTINE_REASONS) this.reasonCounts[reason] = state.counts[reason] ?? 0;
    this.passedCount = state.passed;
  }

  reset(): void {
    this.tracks = new Map(
      this.config.symbols.map((symbol) => [
        symbol,
        new SymbolTrack(this.config.duplicateWindow, this.config.allowedLateness),
      ]),
    );
    this.reasonCounts = zeroCounts();
    this.passedCount = 0;
    this.failure = '';
  }

  /** Returns null for a valid event (and records it), else the reason, with the detail in `failure`. */
  private check(input: unknown): QuarantineReason | null {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return this.fail('malformed', `expected an event object, got ${describe(input)}`);
    }
    const event = input as Record<string, unknown>;
    const type = event.type;
    if (type !== 'trade' && type !== 'quote') {
      if (typeof type !== 'string') return this.fail('malformed', `type must be a string, got ${describe(type)}`);
      return this.fail('unknown_type', `type ${describe(type)} is not one of "trade", "quote"`);
    }
    const symbol = event.symbol;
    if (typeof symbol !== 'string') return this.fail('malformed', `symbol must be a string, got ${describe(symbol)}`);
    const track = this.tracks.get(symbol);
    if (track === undefined) {
      return this.fail('unknown_symbol', `symbol ${describe(symbol)} is not among the configured symbols`);
    }
    if (typeof event.source !== 'string') {
      return this.fail('malformed', `source must be a string, got ${describe(event.source)}`);
    }
    const tsEvent = event.tsEvent;
    if (!isTimestamp(tsEvent)) return this.fail('bad_timestamp', timestampDetail('tsEvent', tsEvent));
    if (!isTimestamp(event.tsRecv)) return this.fail('bad_timestamp', timestampDetail('tsRecv', event.tsRecv));

    const reason = type === 'trade' ? this.checkTradeFields(event) : this.checkQuoteFields(event);
    if (reason !== null) return reason;

    const now = this.clock.now();
    if (tsEvent > now + this.config.maxFutureSkew) {
      return this.fail(
        'future_timestamp',
        `tsEvent ${tsEvent} is ${tsEvent - now} µs ahead of the clock (${now}); the limit is maxFutureSkew = ${this.config.maxFutureSkew} µs`,
      );
    }
    if (tsEvent < now - this.config.maxPastAge) {
      return this.fail(
        'stale_timestamp',
        `tsEvent ${tsEvent} is ${now - tsEvent} µs behind the clock (${now}); the limit is maxPastAge = ${this.config.maxPastAge} µs`,
      );
    }

    // Trades and quotes keep separate high-water marks: the two streams often arrive with
    // different latencies, and the bar builders' lateness is measured over trades alone.
    if (type === 'trade') {
      const tradeId = event.tradeId as string;
      if (track.hasTradeId(tradeId)) {
        return this.fail(
          'duplicate_trade',
          `tradeId ${describe(tradeId)} was already seen for ${describe(symbol)} (within the last ${this.config.duplicateWindow} trade ids)`,
        );
      }
      if (tsEvent < track.maxTradeTsEvent - this.config.allowedLateness)
        return this.lateFailure(tsEvent, track.maxTradeTsEvent, 'trade', symbol);
      if (tsEvent > track.maxTradeTsEvent) track.maxTradeTsEvent = tsEvent;
      track.rememberTradeId(tradeId, tsEvent);
    } else {
      if (tsEvent < track.maxQuoteTsEvent - this.config.allowedLateness)
        return this.lateFailure(tsEvent, track.maxQuoteTsEvent, 'quote', symbol);
      if (tsEvent > track.maxQuoteTsEvent) track.maxQuoteTsEvent = tsEvent;
    }
    return null;
  }

  private checkTradeFields(event: Record<string, unknown>): QuarantineReason | null {
    const tradeId = event.tradeId;
    if (typeof tradeId !== 'string' || tradeId.length === 0) {
      return this.fail('malformed', `tradeId must be a non-empty string, got ${describe(tradeId)}`);
    }
    if (!SIDES.has(event.side)) {
      return this.fail('malformed', `side must be "buy", "sell" or "unknown", got ${describe(event.side)}`);
    }
    if (!isPrice(event.price)) return this.fail('bad_price', priceDetail('price', event.price));
    if (!isSize(event.size)) return this.fail('bad_size', sizeDetail('size', event.size));
    return null;
  }

  private checkQuoteFields(event: Record<string, unknown>): QuarantineReason | null {
    const bid = event.bidPrice;
    const ask = event.askPrice;
    if (!isPrice(bid)) return this.fail('bad_price', priceDetail('bidPrice', bid));
    if (!isPrice(ask)) return this.fail('bad_price', priceDetail('askPrice', ask));
    if (!isSize(event.bidSize)) return this.fail('bad_size', sizeDetail('bidSize', event.bidSize));
    if (!isSize(event.askSize)) return this.fail('bad_size', sizeDetail('askSize', event.askSize));
    // A locked quote (bid == ask) happens on real venues; a crossed one is bad data.
    if (bid > ask) return this.fail('crossed_quote', `bidPrice ${bid} is above askPrice ${ask} (crossed quote)`);
    return null;
  }

  private lateFailure(tsEvent: Micros, newest: Micros, kind: string, symbol: string): QuarantineReason {
    return this.fail(
      'late',
      `tsEvent ${tsEvent} is ${newest - tsEvent} µs behind the newest ${kind} of ${describe(symbol)} (${newest}); the limit is allowedLateness = ${this.config.allowedLateness} µs`,
    );
  }

  private fail(reason: QuarantineReason, detail: string): QuarantineReason {
    this.failure = detail;
    return reason;
  }
}

function zeroCounts(): Record<QuarantineReason, number> {
  const counts = {} as Record<QuarantineReason, number>;
  for (const reason of QUARANTINE_REASONS) counts[reason] = 0;
  return counts;
}

function isTimestamp(value: unknown): value is Micros {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function timestampDetail(field: string, value: unknown): string {
  return `${field} must be a non-negative safe integer (microseconds since the epoch), got ${describe(value)}`;
}

function priceDetail(field: string, value: unknown): string {
  return `${field} must be a finite number > 0, got ${describe(value)}`;
}

function sizeDetail(field: string, value: unknown): string {
  return `${field} must be a finite number >= 0, got ${describe(value)}`;
}

/** The symbol of a rejected input if it can be read, else ''. Never throws. */
function readSymbol(input: unknown): string {
  try {
    if (typeof input !== 'object' || input === null) return '';
    const symbol = (input as Record<string, unknown>).symbol;
    return typeof symbol === 'string' ? truncate(symbol, MAX_SYMBOL_LENGTH) : '';
  } catch {
    return '';
  }
}

function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return truncate(String(error.message), MAX_DETAIL_VALUE_LENGTH);
    return describe(error);
  } catch {
    return 'unreadable error';
  }
}

const MAX_SYMBOL_LENGTH = 64;
const MAX_DETAIL_VALUE_LENGTH = 80;

/** A short, safe rendering of a value for a detail message. Never throws. */
export function describe(value: unknown): string {
  try {
    switch (typeof value) {
      case 'undefined':
        return 'undefined (missing)';
      case 'number':
        return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint':
        return `${truncate(value.toString(), MAX_DETAIL_VALUE_LENGTH)}n (a BigInt)`;
      case 'string':
        return JSON.stringify(truncate(value, MAX_DETAIL_VALUE_LENGTH));
      case 'boolean':
        return String(value);
      case 'symbol':
        return 'a Symbol';
      case 'function':
        return 'a function';
      default:
        if (value === null) return 'null';
        return Array.isArray(value) ? 'an array' : 'an object';
    }
  } catch {
    return 'an unreadable value';
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(+${text.length - max} chars)`;
}

/** Bounds of the JSON-safe payload copy: a quarantine row must stay small whatever arrives. */
export const PAYLOAD_LIMITS = {
  maxDepth: 8,
  /** Entries copied per object or array; the rest are summarised. */
  maxEntries: 100,
  /** Characters kept per string (values and keys). */
  maxStringLength: 1_000,
  /** Values copied in total. */
  maxNodes: 2_000,
  /** Characters kept in total across all strings. */
  maxTotalChars: 64_000,
} as const;

/**
 * A copy of `value` that survives JSON.stringify → JSON.parse unchanged: non-finite numbers,
 * BigInt, undefined, functions and symbols become descriptive strings, -0 becomes 0, cycles and
 * unreadable parts become markers, and size is bounded by PAYLOAD_LIMITS. Never throws.
 */
export function toJsonSafe(value: unknown): unknown {
  try {
    return new JsonSafeCopier().copy(value, 0);
  } catch {
    return '[unreadable]';
  }
}

class JsonSafeCopier {
  private nodes = 0;
  private chars = 0;
  /** Objects on the path from the root (cycle detection; at most maxDepth long). */
  private readonly ancestors: object[] = [];

  copy(value: unknown, depth: number): unknown {
    this.nodes++;
    switch (typeof value) {
      case 'string':
        return this.text(value);
      case 'number':
        if (!Number.isFinite(value)) return String(value);
        return value === 0 ? 0 : value; // JSON has no -0
      case 'boolean':
        return value;
      case 'bigint':
        return `${this.text(value.toString())}n`;
      case 'undefined':
        return '[undefined]';
      case 'symbol':
        return '[Symbol]';
      case 'function':
        return '[function]';
    }
    if (value === null) return null;
    const object = value as object;
    if (this.ancestors.includes(object)) return '[circular]';
    if (depth >= PAYLOAD_LIMITS.maxDepth) return '[too deep]';
    if (this.nodes > PAYLOAD_LIMITS.maxNodes) return '[truncated]';
    this.ancestors.push(object);
    try {
      return this.copyObject(object, depth);
    } catch {
      return '[unreadable]';
    } finally {
      this.ancestors.pop();
    }
  }

  private copyObject(object: object, depth: number): unknown {
    if (object instanceof Date) {
      return Number.isFinite(object.getTime()) ? object.toISOString() : '[invalid Date]';
    }
    if (object instanceof Number || object instanceof String || object instanceof Boolean) {
      return this.copy(object.valueOf(), depth);
    }
    if (object instanceof Map || object instanceof Set) return `[${object.constructor.name}(${object.size})]`;
    if (ArrayBuffer.isView(object)) return `[${object.constructor.name}(${object.byteLength} bytes)]`;
    if (object instanceof ArrayBuffer) return `[ArrayBuffer(${object.byteLength} bytes)]`;
    if (Array.isArray(object)) {
      const length = object.length;
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) {
        if (i >= PAYLOAD_LIMITS.maxEntries || this.exhausted()) {
          out.push(`[${length - i} more items]`);
          break;
        }
        out.push(this.copyEntry(object, i, depth));
      }
      return out;
    }
    const keys = Object.keys(object);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      if (i >= PAYLOAD_LIMITS.maxEntries || this.exhausted()) {
        setOwn(out, '[truncated]', `${keys.length - i} more keys`);
        break;
      }
      const key = keys[i] as string;
      setOwn(out, this.text(key), this.copyEntry(object, key, depth));
    }
    return out;
  }

  /** One property, read defensively: a throwing getter spoils only its own entry. */
  private copyEntry(object: object, key: string | number, depth: number): unknown {
    try {
      return this.copy((object as Record<string | number, unknown>)[key], depth + 1);
    } catch {
      return '[unreadable]';
    }
  }

  private exhausted(): boolean {
    return this.nodes > PAYLOAD_LIMITS.maxNodes || this.chars >= PAYLOAD_LIMITS.maxTotalChars;
  }

  private text(value: string): string {
    const room = Math.max(0, Math.min(PAYLOAD_LIMITS.maxStringLength, PAYLOAD_LIMITS.maxTotalChars - this.chars));
    const kept = truncate(value, room);
    this.chars += Math.min(value.length, room);
    return kept;
  }
}

/** Assigns even the key `__proto__` as an own data property (plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The client → server messages of the WebSocket API, parsed with errors that tell the client
 * what to send instead. Described for users in docs/websocket.md.
 */
import { compileWildcard, patternProblem, type WildcardPattern } from '../../alerts/wildcard.js';
import { CHANNELS, DEFAULT_CHANNELS, isChannel, type Channel } from './channels.js';

/** Stable error codes sent as `{type:'error', code, message}`. */
export type ProtocolErrorCode =
  | 'invalid_json'
  | 'invalid_message'
  | 'unknown_type'
  | 'unknown_channel'
  | 'invalid_symbol'
  | 'too_many_subscriptions'
  | 'message_too_large'
  | 'binary_not_supported'
  | 'rate_limited'
  | 'slow_consumer';

/** A request id the client may attach; echoed in the reply. */
export type RequestId = string | number;

export interface SubscribeMessage {
  readonly type: 'subscribe';
  readonly id: RequestId | undefined;
  readonly channels: readonly Channel[];
  readonly patterns: readonly WildcardPattern[];
  /** Conflated ticks and quotes while behind; undefined leaves the client's mode unchanged. */
  readonly conflate: boolean | undefined;
  readonly snapshot: boolean;
}

export interface UnsubscribeMessage {
  readonly type: 'unsubscribe';
  readonly id: RequestId | undefined;
  readonly channels: readonly Channel[];
  /** Patterns as written; null removes all. */
  readonly symbols: readonly string[] | null;
}

export interface PingMessage {
  readonly type: 'ping';
  readonly id: RequestId | undefined;
}

export type ClientMessage = SubscribeMessage | UnsubscribeMessage | PingMessage;

export interface ProtocolError {
  readonly code: ProtocolErrorCode;
  readonly message: string;
  readonly id: RequestId | undefined;
}

export type ParseResult =
  { readonly ok: true; readonly message: ClientMessage } | { readonly ok: false; readonly error: ProtocolError };

const MAX_SYMBOLS_PER_MESSAGE = 1_000;

function fail(code: ProtocolErrorCode, message: string, id?: RequestId): ParseResult {
  return { ok: false, error: { code, message, id } };
}

function requestIdOf(value: unknown): RequestId | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.length <= 64) return value;
  return undefined;
}

function parseChannels(
  value: unknown,
  fallback: readonly Channel[],
  id: RequestId | undefined,
): readonly Channel[] | ParseResult {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0) {
    return fail(
      'invalid_message',
      `"channels" must be a non-empty array of channel names (${CHANNELS.join(', ')})`,
      id,
    );
  }
  const channels: Channel[] = [];
  for (const name of value as unknown[]) {
    if (typeof name !== 'string' || !isChannel(name)) {
      return fail(
        'unknown_channel',
        `unknown channel ${JSON.stringify(name)}: channels are ${CHANNELS.join(', ')}`,
        id,
      );
    }
    if (!channels.includes(name)) channels.push(name);
  }
  return channels;
}

function parseSymbols(value: unknown, id: RequestId | undefined): readonly string[] | ParseResult {
  if (!Array.isArray(value) || value.length === 0) {
    return fail('invalid_message', '"symbols" must be a non-empty array such as ["AAPL", "BTC-*"] ("*" for all)', id);
  }
  if (value.length > MAX_SYMBOLS_PER_MESSAGE) {
    return fail(
      'too_many_subscriptions',
      `at most ${MAX_SYMBOLS_PER_MESSAGE} symbols per message; use wildcards such as "BTC-*"`,
      id,
    );
  }
  const symbols: string[] = [];
  for (const symbol of value as unknown[]) {
    if (typeof symbol !== 'string')
      return fail('invalid_symbol', `symbols are strings, got ${JSON.stringify(symbol)}`, id);
    const problem = patternProblem(symbol);
    if (problem !== null) return fail('invalid_symbol', `invalid symbol ${JSON.stringify(symbol)}: ${problem}`, id);
    if (!symbols.includes(symbol)) symbols.push(symbol);
  }
  return symbols;
}

function isFailure(value: unknown): value is ParseResult {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

/** Parses one text message from a client. Never throws. */
export function parseClientMessage(text: string): ParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('invalid_json', 'messages are JSON objects such as {"type":"subscribe","symbols":["AAPL"]}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('invalid_message', 'messages are JSON objects such as {"type":"subscribe","symbols":["AAPL"]}');
  }
  const body = parsed as Record<string, unknown>;
  const id = requestIdOf(body['id']);
  switch (body['type']) {
    case 'subscribe': {
      const channels = parseChannels(body['channels'], DEFAULT_CHANNELS, id);
      if (isFailure(channels)) return channels;
      const symbols = body['symbols'] === undefined ? ['*'] : parseSymbols(body['symbols'], id);
      if (isFailure(symbols)) return symbols;
      const conflate = body['conflate'];
      if (conflate !== undefined && typeof conflate !== 'boolean') {
        return fail('invalid_message', '"conflate" is true or false', id);
      }
      const snapshot = body['snapshot'];
      if (snapshot !== undefined && typeof snapshot !== 'boolean') {
        return fail('invalid_message', '"snapshot" is true or false', id);
      }
      return {
        ok: true,
        message: {
          type: 'subscribe',
          id,
          channels,
          patterns: symbols.map(compileWildcard),
          conflate,
          snapshot: snapshot ?? true,
        },
      };
    }
    case 'unsubscribe': {
      const channels = parseChannels(body['channels'], CHANNELS, id);
      if (isFailure(channels)) return channels;
      const symbols = body['symbols'] === undefined ? null : parseSymbols(body['symbols'], id);
      if (isFailure(symbols)) return symbols;
      return { ok: true, message: { type: 'unsubscribe', id, channels, symbols } };
    }
    case 'ping':
      return { ok: true, message: { type: 'ping', id } };
    default:
      return fail(
        'unknown_type',
        `unknown message type ${JSON.stringify(body['type'])}: send "subscribe", "unsubscribe" or "ping"`,
        id,
      );
  }
}

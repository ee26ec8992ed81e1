/**
 * A local server speaking the Binance Spot stream protocol: combined streams from the URL
 * (`/stream?streams=a/b`), live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS answered with
 * `{result,id}`, and Binance's inbound limit (more than `maxMessagesPerSecond` client messages
 * within one second → the connection is dropped, as Binance does).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { json, type Route } from './http-server.js';
import { LocalWebSocketServer, type ClientConnection } from './ws-server.js';

const root = fileURLToPath(new URL('../../test-data/', import.meta.url));

/** The frames of a recorded test-data file (`{frames:[…]}`), each serialised as sent. */
export function recordedFramesOf(provider: string, file: string): string[] {
  const data = JSON.parse(readFileSync(`${root}${provider}/${file}`, 'utf8')) as { frames: unknown[] };
  return data.frames.map((frame) => JSON.stringify(frame));
}

/** A recorded REST body, as text. */
export function recordedBody(provider: string, file: string): string {
  return readFileSync(`${root}${provider}/${file}`, 'utf8');
}

export interface BinanceServerOptions {
  readonly maxMessagesPerSecond?: number;
}

/** The streams a connection has (from its URL plus live SUBSCRIBE messages). */
export function streamsOf(client: ClientConnection): Set<string> {
  return client.state.streams as Set<string>;
}

export async function startBinanceServer(options: BinanceServerOptions = {}): Promise<LocalWebSocketServer> {
  const limit = options.maxMessagesPerSecond ?? 5;
  return LocalWebSocketServer.start(
    (client) => {
      const url = new URL(client.request.url ?? '/', 'ws://localhost');
      const streams = new Set((url.searchParams.get('streams') ?? '').split('/').filter((s) => s.length > 0));
      client.state.streams = streams;
      client.state.messageTimes = [] as number[];
    },
    (client, message) => {
      const times = client.state.messageTimes as number[];
      const now = Date.now();
      times.push(now);
      while (times.length > 0 && (times[0] as number) <= now - 1_000) times.shift();
      if (times.length > limit) {
        client.state.rateLimited = true;
        client.socket.close(1008, 'too many messages');
        return;
      }
      if (typeof message !== 'object' || message === null) {
        client.socket.send(JSON.stringify({ code: 3, msg: 'Invalid JSON' }));
        return;
      }
      const body = message as { method?: unknown; params?: unknown; id?: unknown };
      const params = Array.isArray(body.params) ? (body.params as string[]) : [];
      const streams = streamsOf(client);
      if (body.method === 'SUBSCRIBE') for (const p of params) streams.add(p);
      else if (body.method === 'UNSUBSCRIBE') for (const p of params) streams.delete(p);
      else if (body.method === 'LIST_SUBSCRIPTIONS') {
        client.socket.send(JSON.stringify({ result: [...streams], id: body.id }));
        return;
      } else {
        client.socket.send(JSON.stringify({ code: 2, msg: 'Invalid request: unknown method', id: body.id }));
        return;
      }
      client.socket.send(JSON.stringify({ result: null, id: body.id }));
    },
  );
}

/**
 * `GET /api/v3/klines` over recorded rows: filters by startTime/endTime (open time, ms) and
 * returns at most `limit` rows, as Binance does.
 */
export function binanceKlinesRoute(rows: readonly (readonly unknown[])[]): Route {
  return (_request, response, url) => {
    const start = Number(url.searchParams.get('startTime') ?? 0);
    const end = Number(url.searchParams.get('endTime') ?? Number.MAX_SAFE_INTEGER);
    const limit = Number(url.searchParams.get('limit') ?? 500);
    if (!url.searchParams.get('symbol') || !url.searchParams.get('interval')) {
      json(response, 400, { code: -1102, msg: "Mandatory parameter 'symbol' was not sent" });
      return;
    }
    const page = rows.filter((row) => (row[0] as number) >= start && (row[0] as number) <= end).slice(0, limit);
    json(response, 200, page, { 'x-mbx-used-weight-1m': '2' });
  };
}

/** The recorded kline rows of both pages. */
export function recordedKlines(): unknown[][] {
  return [
    ...(JSON.parse(recordedBody('binance', 'klines-page1.json')) as unknown[][]),
    ...(JSON.parse(recordedBody('binance', 'klines-page2.json')) as unknown[][]),
  ];
}

/** `count` consecutive 1m kline rows from `fromMs`, deterministic prices (for multi-page tests). */
export function syntheticKlines(fromMs: number, count: number): unknown[][] {
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const open = 40_000 + (i % 97);
    const close = 40_000 + ((i + 1) % 97);
    rows.push([
      fromMs + i * 60_000,
      open.toFixed(8),
      (Math.max(open, close) + 1).toFixed(8),
      (Math.min(open, close) - 1).toFixed(8),
      close.toFixed(8),
      '1.50000000',
      fromMs + i * 60_000 + 59_999,
      ((1.5 * (open + close)) / 2).toFixed(8),
      10 + (i % 7),
      '0.75000000',
      (0.75 * open).toFixed(8),
      '0',
    ]);
  }
  return rows;
}

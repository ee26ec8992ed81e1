/**
 * A local server speaking the Coinbase Exchange feed protocol: a client must subscribe within
 * `subscribeTimeoutMs` (Coinbase: 5 s) or is disconnected; a subscribe is answered with the
 * `subscriptions` message listing channels × products. `GET /products/{id}/candles` serves
 * recorded rows, newest first, rejecting requests for more than 300 candles as Coinbase does.
 */
import { json, type Route } from './http-server.js';
import { recordedBody } from './binance-server.js';
import { LocalWebSocketServer } from './ws-server.js';

export interface CoinbaseServerOptions {
  readonly subscribeTimeoutMs?: number;
  /** Frames sent after the `subscriptions` reply. */
  readonly dataAfterSubscribe?: () => string[];
}

export async function startCoinbaseServer(options: CoinbaseServerOptions = {}): Promise<LocalWebSocketServer> {
  return LocalWebSocketServer.start(
    (client) => {
      const timer = setTimeout(() => {
        if (client.state.subscribed !== true) client.socket.close(1008, 'subscribe timeout');
      }, options.subscribeTimeoutMs ?? 5_000);
      client.socket.on('close', () => clearTimeout(timer));
    },
    (client, message) => {
      const body = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
      if (body.type !== 'subscribe' || !Array.isArray(body.product_ids) || !Array.isArray(body.channels)) {
        client.socket.send(
          JSON.stringify({ type: 'error', message: 'Failed to subscribe', reason: 'malformed subscribe' }),
        );
        return;
      }
      client.state.subscribed = true;
      const channels = (body.channels as string[]).map((name) => ({ name, product_ids: body.product_ids }));
      client.socket.send(JSON.stringify({ type: 'subscriptions', channels }));
      for (const frame of options.dataAfterSubscribe?.() ?? []) client.socket.send(frame);
    },
  );
}

/** Candle rows of both recorded windows. */
export function recordedCandles(): number[][] {
  return [
    ...(JSON.parse(recordedBody('coinbase', 'candles-window1.json')) as number[][]),
    ...(JSON.parse(recordedBody('coinbase', 'candles-window2.json')) as number[][]),
  ];
}

export function coinbaseCandlesRoute(rows: readonly (readonly number[])[]): Route {
  return (_request, response, url) => {
    const granularity = Number(url.searchParams.get('granularity'));
    const start = Date.parse(url.searchParams.get('start') ?? '') / 1000;
    const end = Date.parse(url.searchParams.get('end') ?? '') / 1000;
    if (![60, 300, 900, 3600, 21600, 86400].includes(granularity)) {
      json(response, 400, { message: 'Unsupported granularity' });
      return;
    }
    if ((end - start) / granularity + 1 > 300) {
      json(response, 400, { message: 'granularity too small for the requested time range' });
      return;
    }
    const page = rows
      .filter((row) => (row[0] as number) >= start && (row[0] as number) <= end)
      .sort((a, b) => (b[0] as number) - (a[0] as number));
    json(response, 200, page);
  };
}

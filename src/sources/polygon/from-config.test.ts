import { afterEach, describe, expect, it } from 'vitest';
import { CollectingSink } from '../../../test/sources/collecting-sink.js';
import { startPolygonServer } from '../../../test/sources/polygon-server.js';
import { waitFor, type LocalWebSocketServer } from '../../../test/sources/ws-server.js';
import type { Source } from '../common/source.js';
import { PolygonAggregatesPoller } from './aggregates-poller.js';
import { createPolygonRuntime } from './from-config.js';
import { PolygonSource } from './polygon-source.js';

const KEY = 'PolygonEnvKey00000000001';
let server: LocalWebSocketServer | null = null;
const started: Source[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  await server?.stop();
  server = null;
});

describe('createPolygonRuntime', () => {
  it('builds a WebSocket source for streamed classes and a poller for REST-only ones, key from the environment', async () => {
    server = await startPolygonServer({ validKey: KEY });
    const runtime = createPolygonRuntime(
      {
        assets: [
          { cluster: 'stocks', symbols: ['AAPL'], plan: 'developer' },
          { cluster: 'indices', symbols: ['I:SPX'], plan: 'basic' },
        ],
        hosts: { delayed: server.url },
      },
      { environment: { POLYGON_API_KEY: KEY } },
    );
    expect(runtime.sources.map((s) => s.constructor)).toEqual([PolygonSource, PolygonAggregatesPoller]);
    const socket = runtime.sources[0] as PolygonSource;
    started.push(socket);
    socket.start(new CollectingSink());
    await waitFor(() => server?.connections[0]?.received.length === 2, 'auth and subscribe at the server');
    expect(server.connections[0]?.request.url).toBe('/stocks'); // delayed host, stocks cluster
    expect(server.connections[0]?.received[1]).toEqual({ action: 'subscribe', params: 'T.AAPL,Q.AAPL' });
    expect(() => createPolygonRuntime({ assets: [] }, { environment: {} })).toThrow(
      /POLYGON_API_KEY or MASSIVE_API_KEY/,
    );
  });
});

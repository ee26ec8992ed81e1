import { afterEach, describe, expect, it } from 'vitest';
import { startAlpacaServer } from '../../../test/sources/alpaca-server.js';
import { CollectingSink } from '../../../test/sources/collecting-sink.js';
import { waitFor, type LocalWebSocketServer } from '../../../test/sources/ws-server.js';
import { createAlpacaRuntime, type AlpacaRuntime } from './from-config.js';

const KEY_ID = 'PKENVKEYID0000000042';
const SECRET = 'envSecret000000000000000000000042';
let server: LocalWebSocketServer | null = null;
let runtime: AlpacaRuntime | null = null;

afterEach(async () => {
  await runtime?.source.stop();
  await server?.stop();
  server = null;
});

describe('createAlpacaRuntime', () => {
  it('reads keys from the environment and connects the configured stream', async () => {
    server = await startAlpacaServer({ keyId: KEY_ID, secretKey: SECRET });
    runtime = createAlpacaRuntime(
      { stream: { kind: 'stocks', feed: 'sip' }, subscriptions: { bars: ['*'] }, streamBaseUrl: server.url },
      { environment: { APCA_API_KEY_ID: KEY_ID, ALPACA_API_SECRET_KEY: SECRET } },
    );
    const source = runtime.source;
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connected');
    expect(server.connections[0]?.request.url).toBe('/v2/sip');
    expect(() =>
      createAlpacaRuntime({ stream: { kind: 'crypto', location: 'us' }, subscriptions: {} }, { environment: {} }),
    ).toThrow(/ALPACA_API_KEY_ID or APCA_API_KEY_ID/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from './load.js';
import { runsSimulator, withMaskedKeys } from './source-schema.js';

/** The problem lines of a configuration that must be refused. */
function problems(source: unknown): string[] {
  try {
    validateConfig({ source }, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('source configuration', () => {
  it('runs the simulator by default, and a live run once a provider is enabled', () => {
    expect(runsSimulator(validateConfig({}, 'test').source)).toBe(true);
    const live = validateConfig({ source: { binance: { enabled: true } } }, 'test').source;
    expect(runsSimulator(live)).toBe(false);
    // Zero set-up crypto: the Binance and Coinbase defaults name real pairs and the public hosts.
    expect(live.binance.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(live.binance.streamBaseUrl).toBe('wss://stream.binance.com:9443');
  });

  it('keeps the old source.simulator fields working', () => {
    const config = validateConfig({ source: { simulator: { seed: 7, symbols: ['AAPL'] } } }, 't');
    expect(config.source.simulator.seed).toBe(7);
    expect(config.source.simulator.symbols).toEqual(['AAPL']);
    expect(config.source.simulator.enabled).toBe('auto');
  });

  it('refuses the simulator beside live sources, naming the field and the fix', () => {
    const [line] = problems({ simulator: { enabled: true }, coinbase: { enabled: true } });
    expect(line).toMatch(/^source\.simulator\.enabled: .*cannot share a run with live sources \(coinbase\)/);
    expect(line).toMatch(/fix: set source\.simulator\.enabled to auto or false/);
    expect(line).not.toMatch(/fix:.*fix:/);
  });

  it('refuses a run with no source at all', () => {
    expect(problems({ simulator: { enabled: false } })).toEqual([
      expect.stringMatching(
        /^source\.simulator\.enabled: no source is enabled — fix: .*source\.binance\.enabled: true/,
      ),
    ]);
  });

  it('refuses a symbol read from two providers', () => {
    const lines = problems({
      coinbase: { enabled: true, productIds: ['BTC-USD'] },
      polygon: { enabled: true, apiKey: 'k', assets: [{ cluster: 'crypto', symbols: ['BTC-USD'] }] },
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^source\.coinbase: symbol BTC-USD is configured in both source\.polygon and source\.coinbase — fix: read it from one of them/,
      ),
    ]);
  });

  it('refuses empty symbol lists of enabled providers', () => {
    expect(problems({ binance: { enabled: true, symbols: [] } })).toEqual([
      expect.stringMatching(/^source\.binance\.symbols: no symbols to read — fix: list at least one/),
    ]);
    expect(problems({ alpaca: { enabled: true } })).toEqual([
      expect.stringMatching(/^source\.alpaca\.symbols: no symbols to read — fix: list some, e\.g\. \[AAPL, MSFT\]/),
    ]);
    expect(problems({ polygon: { enabled: true } })).toEqual([
      expect.stringMatching(/^source\.polygon\.assets: no asset classes to read — fix: add at least one/),
    ]);
  });

  it('names bad URLs, channels and Polygon plans with the fix', () => {
    expect(problems({ binance: { streamBaseUrl: 'https://stream.binance.com' } })).toEqual([
      expect.stringMatching(
        /^source\.binance\.streamBaseUrl: not a wss: or ws: URL — fix: use a wss\/ws URL such as wss:/,
      ),
    ]);
    expect(problems({ binance: { channels: ['trade', 'aggTrade'] } })).toEqual([
      expect.stringMatching(/^source\.binance\.channels: trade and aggTrade carry the same trades twice — fix: use/),
    ]);
    expect(problems({ binance: { channels: ['depth'] } })).toEqual([
      expect.stringMatching(
        /^source\.binance\.channels\.0: not a Binance stream type — fix: use a Binance stream type/,
      ),
    ]);
    expect(
      problems({
        polygon: { enabled: true, assets: [{ cluster: 'crypto', symbols: ['BTC-USD'], access: 'delayed' }] },
      }),
    ).toEqual([expect.stringMatching(/^source\.polygon\.assets: crypto has no delayed feed; set access/)]);
    expect(problems({ coinbase: { channels: ['ticker'] } })).toEqual([
      expect.stringMatching(
        /^source\.coinbase\.channels: without matches there are no trades — fix: use feed channels/,
      ),
    ]);
  });

  it('masks keys for printing', () => {
    const config = validateConfig(
      {
        source: {
          polygon: { apiKey: 'pk_live_1234567890abcdef' },
          alpaca: { keyId: 'AKID', secretKey: 'x'.repeat(40) },
        },
      },
      't',
    );
    const masked = withMaskedKeys(config);
    expect(masked.source.polygon.apiKey).toBe('pk_l…cdef');
    expect(masked.source.alpaca.keyId).toBe('****');
    expect(masked.source.alpaca.secretKey).toBe('xxxx…xxxx');
    expect(JSON.stringify(masked)).not.toContain('1234567890');
    expect(config.source.polygon.apiKey).toBe('pk_live_1234567890abcdef'); // the original is untouched
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { defaultUniverse } from '../sources/simulator/index.js';
import { defaultPairs, withDefaultPairs } from './default-pairs.js';

describe('defaultPairs', () => {
  it('pairs each stock with SPY and each crypto pair with BTC-USD, from the instruments alone', () => {
    expect(defaultPairs(defaultUniverse(10))).toEqual([
      ['AAPL', 'SPY'],
      ['MSFT', 'SPY'],
      ['NVDA', 'SPY'],
      ['ETH-USD', 'BTC-USD'],
      ['AMZN', 'SPY'],
      ['GOOGL', 'SPY'],
      ['JPM', 'SPY'],
      ['XOM', 'SPY'],
    ]);
  });

  it('pairs nothing against a reference the dataset lacks', () => {
    expect(defaultPairs(defaultUniverse(5))).toEqual([['ETH-USD', 'BTC-USD']]);
  });
});

describe('withDefaultPairs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickwatch-default-pairs-'));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ instruments: defaultUniverse(10) }));
  const pairsOf = (config: ReturnType<typeof validateConfig>): unknown =>
    config.pipeline.detectors.correlationBreak.pairs;

  it("fills in the dataset's pairs only when the configuration names none and the detector is on", () => {
    try {
      expect(pairsOf(withDefaultPairs(validateConfig({}, 'test'), dir))).toHaveLength(8);
      const own = validateConfig(
        { pipeline: { detectors: { correlationBreak: { pairs: [['AAPL', 'MSFT']] } } } },
        'test',
      );
      expect(pairsOf(withDefaultPairs(own, dir))).toEqual([['AAPL', 'MSFT']]);
      const off = validateConfig({ pipeline: { detectors: { correlationBreak: { enabled: false } } } }, 'test');
      expect(pairsOf(withDefaultPairs(off, dir))).toEqual([]);
      expect(pairsOf(withDefaultPairs(validateConfig({}, 'test'), join(dir, 'missing')))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

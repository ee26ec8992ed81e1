import { describe, expect, it } from 'vitest';
import { makeBar } from '../../../test/helpers/bars.js';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { RSI } from '../../indicators/momentum/rsi.js';
import { RSIExtremesDetector } from './rsi-extremes.js';

describe('RSIExtremesDetector', () => {
  it('reports the RSI the indicator computes (independent RSI instance as oracle) and flags the extremes', () => {
    const detector = new RSIExtremesDetector();
    const oracle = new RSI(14);
    const closes = Array.from({ length: 40 }, (_, i) => 100 + (i < 20 ? Math.sin(i) : i - 20));
    closes.forEach((close, i) => {
      const bar = makeBar(i, { close });
      const result = detector.score(bar);
      const expected = oracle.next(close);
      if (expected === null) expect(result).toBeNull();
      else {
        expect(result?.raw).toBe(expected);
        expect(result?.triggered).toBe(expected >= 80 || expected <= 20);
      }
      detector.learn(bar);
    });
    // 20 straight rises: RSI near 100, overbought and critical.
    const last = detector.score(makeBar(40, { close: 130 }));
    expect(last?.triggered).toBe(true);
    expect(last?.severity).toBe('critical');
    expect(last?.message).toMatch(/overbought/);
  });

  it('rejects thresholds on the wrong side of 50', () => {
    expect(() => new RSIExtremesDetector({ period: 14, overbought: 40, oversold: 20, criticalMargin: 5 })).toThrow(
      /oversold/,
    );
  });
});

const simulated = simulateStream({ seed: 'rsi', kinds: ['price_jump'], days: 5, anomaliesPerSymbolDay: 2 });
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('rsi_extremes on simulated AAPL 1m bars (price jumps)', {
  minAuc: 0.8,
  create: () => new RSIExtremesDetector(),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});

import { describe, expect, it } from 'vitest';
import type { Bar } from '../core/events.js';
import { ConfigError, validateConfig } from '../config/load.js';
import { scoreThenLearn } from '../detectors/index.js';
import { detectorSetups } from '../runtime/pipeline-options.js';
import { DETECTOR_CATALOG, DETECTOR_NAMES, createBarDetector, parameterProblems } from './detector-catalog.js';

const bar = (i: number, close: number, volume: number): Bar => ({
  type: 'bar',
  symbol: 'X',
  timeframe: '1m',
  start: i * 60e6,
  end: (i + 1) * 60e6,
  open: close,
  high: close * 1.001,
  low: close * 0.999,
  close,
  volume,
  vwap: close,
  trades: 10,
  buyVolume: volume / 2,
  sellVolume: volume / 2,
  revision: 0,
  tsEvent: (i + 1) * 60e6 - 1,
  tsRecv: (i + 1) * 60e6,
});

function messages(raw: unknown): string {
  try {
    validateConfig(raw, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('detector catalog', () => {
  it('builds every detector on bars with its defaults, and they score a bar stream', () => {
    for (const name of DETECTOR_NAMES) {
      const detector = createBarDetector({ detector: name, params: {} });
      expect(detector.name).toBe(name);
      let scored = 0;
      for (let i = 0; i < 1100; i++) {
        const result = scoreThenLearn(detector, bar(i, 100 + Math.sin(i / 7), 1000 + 100 * Math.cos(i / 3)));
        if (result !== null) scored++;
      }
      expect(scored, name).toBeGreaterThan(0);
    }
  });

  it('passes parameters through and wraps in calibration when asked', () => {
    const strict = createBarDetector({ detector: 'volume_spike', params: { threshold: 1.5, lookback: 5 } });
    for (let i = 0; i < 5; i++) scoreThenLearn(strict, bar(i, 100, 1000));
    expect(strict.score(bar(5, 100, 1600))?.triggered).toBe(true); // 1.6× ≥ 1.5× (default 3× would not)
    const calibrated = createBarDetector({
      detector: 'volume_spike',
      params: {},
      calibration: { window: 100, minSamples: 10, tailProbability: 0.01 },
    });
    expect(calibrated.warmUp).toBe(20 + 10);
  });

  it('reports unknown parameters and wrong types', () => {
    expect(parameterProblems('volume_spike', { lookbak: 3 })[0]).toContain(
      'volume_spike has no parameter "lookbak"; its parameters are lookback, threshold, criticalMultiple',
    );
    expect(parameterProblems('cusum', { h: 'five' })[0]).toBe('cusum.h must be a number, e.g. 5');
    expect(parameterProblems('half_space_trees', { seed: 7 })).toEqual([]);
    expect(Object.keys(DETECTOR_CATALOG.garch.defaults)).toContain('fitWindow');
  });
});

describe('pipeline.detectors configuration', () => {
  it('defaults to the two spike rules and the ensemble on 1m', () => {
    const setups = detectorSetups(validateConfig({}, 'defaults'));
    expect(setups.map((s) => [s.timeframe, s.create().name])).toEqual([
      ['1m', 'volume_spike'],
      ['1m', 'price_spike'],
      ['1m', 'ensemble'],
    ]);
  });

  it('adds custom detectors per timeframe with protect mode', () => {
    const config = validateConfig(
      {
        pipeline: {
          detectors: {
            ensemble: { enabled: false },
            custom: [{ detector: 'garch', timeframes: ['1m', '5m'], params: { threshold: 5 }, protect: true }],
          },
        },
      },
      'test',
    );
    const setups = detectorSetups(config).slice(2);
    expect(setups.map((s) => [s.timeframe, s.create().name, s.protect])).toEqual([
      ['1m', 'garch', true],
      ['5m', 'garch', true],
    ]);
  });

  it.each([
    [{ custom: [{ detector: 'nope' }] }, 'a detector name: volume_spike'],
    [{ custom: [{ detector: 'cusum', params: { hh: 1 } }] }, 'cusum has no parameter "hh"'],
    [{ custom: [{ detector: 'cusum', timeframes: ['4h'] }] }, 'custom.0.timeframes: 4h is not built'],
    [{ ensemble: { tailProbability: 0.0001 } }, 'can never trigger with 6 members and calibrationWindow 5000'],
    [{ ensemble: { members: [{ detector: 'cusum' }, { detector: 'cusum' }] } }, 'each detector may be a member once'],
    [
      { custom: [{ detector: 'gap', calibration: { window: 10, minSamples: 20 } }] },
      'minSamples must be at most window',
    ],
  ])('rejects %j with a hint', (detectors, hint) => {
    expect(messages({ pipeline: { detectors } })).toContain(hint);
  });
});

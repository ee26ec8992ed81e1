import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import { stream } from '../../../test/indicators/ttr-fixture.js';
import type { HighLowVolume } from './high-low-volume.js';
import { VolumeProfile, type VolumeProfileValue } from './volume-profile.js';

const bars = randomBars(400, 'profile');

indicatorContract('volume_profile_50_24_0.7', { create: () => new VolumeProfile(), inputs: bars });
indicatorContract('volume_profile_5_6_0.7', { create: () => new VolumeProfile(5, 6), inputs: bars });

/**
 * Independent batch recomputation. Bin volumes come from cumulative distribution functions —
 * the volume of bars at or below a price, assuming each bar's volume uniform on [low, high] —
 * rather than from per-bar overlaps, so a bookkeeping slip in either would show.
 */
function batchProfile(window: readonly HighLowVolume[], bins: number, share: number): VolumeProfileValue {
  const low = Math.min(...window.map((b) => b.low));
  const high = Math.max(...window.map((b) => b.high));
  if (low === high) return { poc: low, valueAreaHigh: high, valueAreaLow: low };
  const width = (high - low) / bins;
  const below = (price: number, inclusive: boolean): number =>
    window.reduce((sum, b) => {
      if (b.high === b.low) return sum + (b.low < price || (inclusive && b.low <= price) ? b.volume : 0);
      return sum + b.volume * Math.min(1, Math.max(0, (price - b.low) / (b.high - b.low)));
    }, 0);
  const volumes = Array.from({ length: bins }, (_, k) => {
    const top = k === bins - 1 ? high : low + (k + 1) * width;
    return below(top, k === bins - 1) - below(low + k * width, false);
  });
  const total = window.reduce((s, b) => s + b.volume, 0);
  if (total === 0) return { poc: (low + high) / 2, valueAreaHigh: high, valueAreaLow: low };
  const poc = volumes.indexOf(Math.max(...volumes));
  let [bottom, top, area] = [poc, poc, volumes[poc] as number];
  while (area < share * total && (bottom > 0 || top < bins - 1)) {
    const above = volumes[top + 1] ?? -1;
    const under = volumes[bottom - 1] ?? -1;
    if (above >= under) area += volumes[++top] as number;
    if (under >= above) area += volumes[--bottom] as number;
  }
  return {
    poc: low + (poc + 0.5) * width,
    valueAreaHigh: top === bins - 1 ? high : low + (top + 1) * width,
    valueAreaLow: low + bottom * width,
  };
}

describe('VolumeProfile', () => {
  it('matches a batch recomputation from cumulative volume distributions', () => {
    const out = stream(new VolumeProfile(30, 12), bars);
    out.forEach((value, i) => {
      if (i < 29) return expect(value).toBeNull();
      const expected = batchProfile(bars.slice(i - 29, i + 1), 12, 0.7);
      expect(value?.poc).toBeCloseTo(expected.poc, 9);
      expect(value?.valueAreaHigh).toBeCloseTo(expected.valueAreaHigh, 9);
      expect(value?.valueAreaLow).toBeCloseTo(expected.valueAreaLow, 9);
    });
  });

  it('puts the point of control where the volume concentrates, inside the value area', () => {
    const window: HighLowVolume[] = [
      { high: 101, low: 100, volume: 10 },
      { high: 100.3, low: 100.2, volume: 1000 },
      { high: 100.9, low: 100.1, volume: 20 },
      { high: 100.5, low: 100.5, volume: 5 },
    ];
    const value = stream(new VolumeProfile(4, 10), window).at(-1) as VolumeProfileValue;
    expect(value.poc).toBeCloseTo(100.25, 12); // bin [100.2, 100.3)
    expect(value.valueAreaLow).toBeLessThanOrEqual(value.poc);
    expect(value.valueAreaHigh).toBeGreaterThanOrEqual(value.poc);
    expect(value.valueAreaHigh - value.valueAreaLow).toBeLessThan(0.5);
  });

  it('degenerates sensibly: one price, or no volume', () => {
    const flat = { high: 7, low: 7, volume: 3 };
    expect(stream(new VolumeProfile(2, 4), [flat, flat]).at(-1)).toEqual({ poc: 7, valueAreaHigh: 7, valueAreaLow: 7 });
    const quiet = [
      { high: 8, low: 6, volume: 0 },
      { high: 9, low: 7, volume: 0 },
    ];
    expect(stream(new VolumeProfile(2, 4), quiet).at(-1)).toEqual({ poc: 7.5, valueAreaHigh: 9, valueAreaLow: 6 });
  });
});

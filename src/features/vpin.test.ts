import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VPIN } from './vpin.js';

/** Reference: bucket b is the cumulative volume [bV, (b+1)V); each trade's volume keeps its buy share. */
function batchVPIN(
  trades: ReadonlyArray<readonly [size: number, sign: number]>,
  volume: number,
  buckets: number,
): number {
  const total = trades.reduce((a, [size]) => a + size, 0);
  const complete = Math.floor(total / volume);
  if (complete < buckets) return Number.NaN;
  let sum = 0;
  for (let b = complete - buckets; b < complete; b++) {
    let buy = 0;
    let sell = 0;
    let cumulative = 0;
    for (const [size, sign] of trades) {
      const overlap = Math.max(0, Math.min((b + 1) * volume, cumulative + size) - Math.max(b * volume, cumulative));
      const share = sign > 0 ? 1 : sign < 0 ? 0 : 0.5;
      buy += overlap * share;
      sell += overlap * (1 - share);
      cumulative += size;
    }
    sum += Math.abs(buy - sell);
  }
  return sum / (buckets * volume);
}

describe('VPIN', () => {
  it('splits a trade across the buckets it fills', () => {
    const vpin = new VPIN({ bucketVolume: 10, buckets: 2 });
    vpin.addTrade(25, 1); // two full buy buckets, 5 left over
    expect(vpin.value).toBe(1);
    vpin.addTrade(5, -1); // completes a bucket of 5 buy + 5 sell
    expect(vpin.value).toBeCloseTo((10 + 0) / 20, 15);
  });

  it('splits the completing part of a trade in proportion, and counts unsigned volume half each', () => {
    const vpin = new VPIN({ bucketVolume: 10, buckets: 1 });
    vpin.addTrade(6, 1);
    vpin.addTrade(10, -1); // 4 of it complete the bucket: |6 − 4| = 2
    expect(vpin.value).toBeCloseTo(0.2, 15);
    vpin.addTrade(4, 0); // the next bucket: 6 sell + 2 buy + 2 sell
    expect(vpin.value).toBeCloseTo(0.6, 15);
  });

  it('is NaN until `buckets` buckets are complete', () => {
    const vpin = new VPIN({ bucketVolume: 10, buckets: 3 });
    vpin.addTrade(29, 1);
    expect(vpin.value).toBeNaN();
    vpin.addTrade(1, 1);
    expect(vpin.value).toBe(1);
  });

  it('calibrates an automatic bucket on the mean volume of the first bars, ignoring trades before', () => {
    const vpin = new VPIN({ buckets: 1, calibrationBars: 2 });
    vpin.addTrade(100, 1);
    vpin.observeBar(30);
    vpin.observeBar(50);
    expect(vpin.volumePerBucket).toBe(40);
    expect(vpin.value).toBeNaN();
    vpin.addTrade(40, -1);
    expect(vpin.value).toBe(1);
    vpin.observeBar(1_000); // V never changes once set
    expect(vpin.volumePerBucket).toBe(40);
  });

  it('equals the cumulative-volume batch definition on random trades', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(-1, 0, 1)), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 5, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (trades, volume, buckets) => {
          const vpin = new VPIN({ bucketVolume: volume, buckets });
          for (const [size, sign] of trades) vpin.addTrade(size, sign);
          const want = batchVPIN(trades, volume, buckets);
          if (Number.isNaN(want)) expect(vpin.value).toBeNaN();
          else expect(vpin.value).toBeCloseTo(want, 12);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('snapshot → JSON → restore continues identically; bad options throw', () => {
    const a = new VPIN({ bucketVolume: 7, buckets: 3 });
    for (let i = 0; i < 20; i++) a.addTrade(1 + (i % 5), i % 3 === 0 ? -1 : 1);
    const b = new VPIN({ bucketVolume: 7, buckets: 3 });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<VPIN['snapshot']>);
    for (let i = 0; i < 20; i++) {
      a.addTrade(2 + (i % 4), i % 2 === 0 ? -1 : 1);
      b.addTrade(2 + (i % 4), i % 2 === 0 ? -1 : 1);
      expect(b.value).toBe(a.value);
    }
    expect(() => new VPIN({ bucketVolume: 0 })).toThrow(/bucketVolume/);
    expect(() => new VPIN({ buckets: 1.5 })).toThrow(/buckets/);
  });
});

/** The dashboard's auto-refine rule (web/src/lib/refine.ts) on hand-built bars with known departures. */
import { describe, expect, it } from 'vitest';
import { median, refineRange, type RefineBar } from '../../../web/src/lib/refine.js';

const MINUTE = 60_000_000;

/** Flat bars with a small alternating wiggle; `spikes` maps bar index → volume or close override. */
function bars(count: number, spikes: Record<number, { volume?: number; close?: number }> = {}): RefineBar[] {
  return Array.from({ length: count }, (_, i) => ({
    start: i * MINUTE,
    end: (i + 1) * MINUTE,
    close: spikes[i]?.close ?? 100 + (i % 2 === 0 ? 0.05 : -0.05),
    volume: spikes[i]?.volume ?? 1000 + (i % 3) * 20,
  }));
}

describe('refineRange', () => {
  it('tightens a loose selection to the bars whose volume departs from the baseline', () => {
    const data = bars(100, { 62: { volume: 9000 }, 63: { volume: 12000 }, 64: { volume: 8000 } });
    const result = refineRange(data, 55 * MINUTE, 75 * MINUTE);
    expect(result).toEqual({ start: 62 * MINUTE, end: 65 * MINUTE, changed: true, departing: 3 });
  });

  it('finds price departures (absolute log return) as well as volume', () => {
    // A jump at bar 70 (and the return back at 71) with ordinary volume.
    const data = bars(100, { 70: { close: 103 } });
    const result = refineRange(data, 60 * MINUTE, 80 * MINUTE);
    expect(result.start).toBe(70 * MINUTE);
    expect(result.end).toBe(72 * MINUTE);
    expect(result.departing).toBe(2);
  });

  it('leaves the selection alone when nothing departs', () => {
    const data = bars(100);
    expect(refineRange(data, 50 * MINUTE, 60 * MINUTE)).toEqual({
      start: 50 * MINUTE,
      end: 60 * MINUTE,
      changed: false,
      departing: 0,
    });
  });

  it('learns normal from outside the selection when there is too little before it', () => {
    const data = bars(40, { 3: { volume: 20000 } });
    const result = refineRange(data, 0, 8 * MINUTE);
    expect(result).toMatchObject({ start: 3 * MINUTE, end: 4 * MINUTE, changed: true, departing: 1 });
  });

  it('does not call a bar departing below the threshold', () => {
    // Baseline volume MAD is ~20 (× 1.4826 ≈ 30); 1040 + 3 × 30 is well under 3.5 robust sigmas away.
    const data = bars(100, { 70: { volume: 1100 } });
    expect(refineRange(data, 60 * MINUTE, 80 * MINUTE).changed).toBe(false);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

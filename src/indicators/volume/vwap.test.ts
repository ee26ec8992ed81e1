import { describe, expect, it } from 'vitest';
import { nyseRegularSessions } from '../../bars/sessions.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE } from '../../core/time.js';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import { loadBars, stream } from '../../../test/indicators/ttr-fixture.js';
import { sessionAnchor, utcDayAnchor } from './session-anchor.js';
import { VWAP, type VWAPInput } from './vwap.js';

// Five-minute bars over three days, so sessions change inside the series.
const bars = randomBars(3 * 288, 'vwap', { step: 5 * MICROS_PER_MINUTE, start: 1_704_153_600_000_000 });

indicatorContract('vwap', { create: () => new VWAP(), inputs: bars });
indicatorContract('vwap (NYSE sessions)', {
  create: () => new VWAP(sessionAnchor(nyseRegularSessions())),
  inputs: bars,
});

// Independent batch recomputation: group by anchor, then cumulative sums within each group.
function batchVWAP(input: readonly VWAPInput[], anchor: (ts: number) => number): number[] {
  return input.map((bar, i) => {
    let pv = 0;
    let v = 0;
    for (let j = 0; j <= i; j++) {
      const b = input[j] as VWAPInput;
      if (anchor(b.start) !== anchor(bar.start)) continue;
      pv += ((b.high + b.low + b.close) / 3) * b.volume;
      v += b.volume;
    }
    return v > 0 ? pv / v : (bar.high + bar.low + bar.close) / 3;
  });
}

describe('VWAP', () => {
  it('matches a batch recomputation per UTC day', () => {
    expectSeriesClose(stream(new VWAP(), bars), batchVWAP(bars, utcDayAnchor), { relative: 1e-12 });
  });

  it('matches a batch recomputation per NYSE session (extended hours join the next session)', () => {
    const anchor = sessionAnchor(nyseRegularSessions());
    expectSeriesClose(stream(new VWAP(anchor), bars), batchVWAP(bars, anchor), { relative: 1e-12 });
  });

  it('restarts at each session of the simulated intraday fixture (390 one-minute bars a day)', () => {
    const input = loadBars('sim');
    const anchor = sessionAnchor(nyseRegularSessions());
    const out = stream(new VWAP(anchor), input);
    const first = input[390] as VWAPInput; // the second session's first bar
    expect(out[390]).toBeCloseTo((first.high + first.low + first.close) / 3, 12);
    expectSeriesClose(out, batchVWAP(input, anchor), { relative: 1e-12 });
  });

  it('anchors pre-market bars to the coming session and after-hours bars to the next one', () => {
    const anchor = sessionAnchor(nyseRegularSessions());
    const tuesdayOpen = Date.UTC(2024, 0, 2, 14, 30) * 1000; // 09:30 New York (EST)
    expect(anchor(tuesdayOpen + MICROS_PER_HOUR)).toBe(tuesdayOpen);
    expect(anchor(tuesdayOpen - MICROS_PER_HOUR)).toBe(tuesdayOpen);
    expect(anchor(tuesdayOpen + 7 * MICROS_PER_HOUR)).toBe(tuesdayOpen + MICROS_PER_DAY);
  });

  it('is the typical price until the session trades', () => {
    const vwap = new VWAP();
    expect(vwap.next({ start: 0, high: 11, low: 9, close: 10, volume: 0 })).toBe(10);
    expect(vwap.next({ start: 60_000_000, high: 13, low: 11, close: 12, volume: 5 })).toBe(12);
  });
});

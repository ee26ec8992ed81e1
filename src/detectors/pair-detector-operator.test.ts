import { describe, expect, it } from 'vitest';
import { makeBar } from '../../test/helpers/bars.js';
import type { Anomaly, Bar } from '../core/events.js';
import type { DetectorScore, VectorDetector, VectorPoint } from './detector.js';
import { severityOf } from './detector.js';
import { PairDetectorOperator } from './pair-detector-operator.js';

/** Scores the first column's log return in basis points: ≥ 1 bp triggers, ≥ 5 bp is critical. */
class ScriptedDetector implements VectorDetector<null> {
  readonly name = 'scripted';
  readonly kind = 'scripted';
  readonly warmUp = 0;
  score(point: VectorPoint): DetectorScore {
    const size = Math.abs((point.values[0] as number) * 10_000);
    return {
      raw: size,
      score: Math.min(1, size / 10),
      triggered: size >= 0.99,
      severity: severityOf(size, 0.99, 4.99),
      message: `${size.toFixed(1)} bp`,
      explanation: [{ feature: 'move', value: size, contribution: 1 }],
      context: {},
    };
  }
  learn(): void {}
  snapshot(): null {
    return null;
  }
  restore(): void {}
  reset(): void {}
}

/** Closes of the first symbol minute by minute; the second stays flat. */
function bars(closes: readonly number[]): Bar[] {
  return closes.flatMap((close, i) => [
    makeBar(i, { symbol: 'AAA', close }),
    makeBar(i, { symbol: 'BBB', close: 100 }),
  ]);
}

describe('PairDetectorOperator', () => {
  it('reports a run of triggered pairs once, again when it turns critical, and re-arms when it ends', () => {
    // Moves in bp: 0, 2, 2, 2 (one run: one warning), 8 (critical once), 8, 0 (ends), 2 (a new run).
    const closes = [100, 100, 100.02, 100.04, 100.06, 100.14, 100.22, 100.22, 100.24];
    const operator = new PairDetectorOperator(new ScriptedDetector(), 'AAA', 'BBB', '1m');
    const out: Anomaly[] = [];
    for (const bar of bars(closes)) operator.next(bar, (a) => out.push(a));
    expect(out.map((a) => [a.severity, Math.round(a.rawScore)])).toEqual([
      ['warning', 2],
      ['critical', 8],
      ['warning', 2],
    ]);
    expect(out.map((a) => a.ts)).toEqual([3, 6, 9].map((i) => makeBar(i - 1).end));
    expect(out[0]?.context).toMatchObject({ pair: 'AAA/BBB', first: 'AAA', second: 'BBB' });
    expect(out[0]?.explanation[0]?.feature).toBe('AAA/BBB move');
  });

  it('keeps what it reported across snapshot and restore', () => {
    const input = bars([100, 100, 100.02, 100.04, 100.06]);
    const original = new PairDetectorOperator(new ScriptedDetector(), 'AAA', 'BBB', '1m');
    for (const bar of input.slice(0, 6)) original.next(bar, () => undefined); // the run has been reported
    const copy = new PairDetectorOperator(new ScriptedDetector(), 'AAA', 'BBB', '1m');
    copy.restore(JSON.parse(JSON.stringify(original.snapshot())) as ReturnType<typeof original.snapshot>);
    const out: Anomaly[] = [];
    for (const bar of input.slice(6)) copy.next(bar, (a) => out.push(a));
    expect(out).toEqual([]);
  });
});

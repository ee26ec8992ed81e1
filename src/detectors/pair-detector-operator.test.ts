import { describe, expect, it } from 'vitest';
import { makeBar } from '../../test/helpers/bars.js';
import type { Anomaly, Bar } from '../core/events.js';
import type { DetectorScore, VectorDetector, VectorPoint } from './detector.js';
import { severityOf } from './detector.js';
import { PairDetectorOperator, ReferenceGroup } from './pair-detector-operator.js';

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

/** Minute-by-minute closes of watched symbols against a flat reference RRR. */
function market(closes: Readonly<Record<string, readonly number[]>>): Bar[] {
  const minutes = Math.max(...Object.values(closes).map((c) => c.length));
  const out: Bar[] = [];
  for (let i = 0; i < minutes; i++) {
    for (const [symbol, series] of Object.entries(closes)) out.push(makeBar(i, { symbol, close: series[i] ?? 100 }));
    out.push(makeBar(i, { symbol: 'RRR', close: 100 }));
  }
  return out;
}

function runGroup(
  input: readonly Bar[],
  watched: readonly string[],
): { out: Anomaly[]; operators: PairDetectorOperator<null>[] } {
  const group = new ReferenceGroup(2, 2);
  const operators = watched.map((s) => new PairDetectorOperator(new ScriptedDetector(), s, 'RRR', '1m', { group }));
  const out: Anomaly[] = [];
  for (const bar of input) for (const operator of operators) operator.next(bar, (a) => out.push(a));
  return { out, operators };
}

describe('ReferenceGroup', () => {
  const flat = [100, 100, 100, 100, 100, 100, 100, 100];
  const moving = [100, 100, 100.02, 100.02, 100.02, 100.02, 100.02, 100.02]; // one 2 bp move at minute 2

  it('reports a break of one pair on its first symbol, `minutes` later', () => {
    const { out } = runGroup(market({ AAA: moving, CCC: flat, DDD: flat }), ['AAA', 'CCC', 'DDD']);
    expect(out.map((a) => [a.symbol, a.ts, a.context['blamed']])).toEqual([['AAA', makeBar(4).end, 'first']]);
  });

  it('blames the reference once when a quorum of its pairs break together', () => {
    const later = [100, 100, 100, 100.02, 100.02, 100.02, 100.02, 100.02]; // a minute after AAA
    const { out } = runGroup(market({ AAA: moving, CCC: later, DDD: moving }), ['AAA', 'CCC', 'DDD']);
    expect(out.map((a) => [a.symbol, a.context['blamed'], a.context['pairsBroken']])).toEqual([
      ['RRR', 'reference', 3],
    ]);
    expect(out[0]?.message).toMatch(/^RRR broke from its pairs: 3 pairs against it broke within 2 min/);
  });

  it('keeps a held report across snapshot and restore', () => {
    const input = market({ AAA: moving, CCC: flat, DDD: flat });
    const cut = 4 * 3; // minutes 0–2 of all four symbols: AAA's run is held, not yet reported
    const first = runGroup(input.slice(0, cut), ['AAA', 'CCC', 'DDD']);
    expect(first.out).toEqual([]);
    const group = new ReferenceGroup(2, 2);
    const copies = ['AAA', 'CCC', 'DDD'].map(
      (s) => new PairDetectorOperator(new ScriptedDetector(), s, 'RRR', '1m', { group }),
    );
    copies.forEach((c, i) =>
      c.restore(JSON.parse(JSON.stringify(first.operators[i]?.snapshot())) as ReturnType<typeof c.snapshot>),
    );
    const out: Anomaly[] = [];
    for (const bar of input.slice(cut)) for (const c of copies) c.next(bar, (a) => out.push(a));
    expect(out.map((a) => [a.symbol, a.ts])).toEqual([['AAA', makeBar(4).end]]);
  });

  it('rejects a bad quorum or span with the field named', () => {
    expect(() => new ReferenceGroup(0, 10)).toThrow(/quorum/);
    expect(() => new ReferenceGroup(2, 0)).toThrow(/minutes/);
  });
});

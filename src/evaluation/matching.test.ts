import { describe, expect, it } from 'vitest';
import { matchDetections, type Detection, type GroundTruth } from './matching.js';

const S = 1_000_000;
const label = (symbol: string, kind: string, start: number, end: number): GroundTruth => ({
  symbol,
  kind,
  start: start * S,
  end: end * S,
});
const hit = (detector: string, symbol: string, ts: number): Detection => ({ detector, symbol, ts: ts * S });

describe('matchDetections (expected values worked out by hand from the window rule)', () => {
  const labels = [
    label('A', 'volume_spike', 1000, 1100),
    label('A', 'price_jump', 5000, 5060),
    label('B', 'volume_spike', 1000, 1100),
  ];
  const options = { before: 60 * S, after: 300 * S, symbolDays: 2 };

  it('counts a label once, takes the first hit for the time to detect, and flags detections outside windows', () => {
    const detections = [
      hit('d', 'A', 1030), // hits A volume_spike after 30 s
      hit('d', 'A', 1010), // earlier hit of the same label: time to detect 10 s, still one label
      hit('d', 'A', 1390), // inside the after tolerance (1100 + 300): no false alarm, no new label
      hit('d', 'A', 1401), // outside every window: false alarm
      hit('d', 'B', 5000), // B has no label there: false alarm (labels are per symbol)
      hit('d', 'A', 4950), // within the 60 s before tolerance of the price jump: time to detect 0
    ];
    const [report] = matchDetections(labels, detections, { ...options, negatives: { d: 100 } });
    expect(report?.detections).toBe(6);
    expect(report?.falseAlarms).toBe(2);
    expect(report?.falseAlarmsPerSymbolDay).toBe(1);
    expect(report?.falsePositiveRate).toBe(0.02);
    // Overall: 2 of 3 labels hit, 2 false alarms → precision 2/4, recall 2/3, F1 = 2·(1/2)(2/3)/(1/2 + 2/3) = 4/7.
    expect(report?.overall.hits).toBe(2);
    expect(report?.overall.precision).toBeCloseTo(0.5, 12);
    expect(report?.overall.recall).toBeCloseTo(2 / 3, 12);
    expect(report?.overall.f1).toBeCloseTo(4 / 7, 12);
    expect(report?.overall.meanSecondsToDetect).toBeCloseTo((10 + 0) / 2, 12);
    // Per kind: volume spikes 1 of 2 hit, precision 1 / (1 + 2); price jumps 1 of 1, precision 1 / 3.
    expect(report?.byKind['volume_spike']).toMatchObject({ labels: 2, hits: 1, falseAlarms: 2 });
    expect(report?.byKind['volume_spike']?.precision).toBeCloseTo(1 / 3, 12);
    expect(report?.byKind['volume_spike']?.meanSecondsToDetect).toBeCloseTo(10, 12);
    expect(report?.byKind['price_jump']?.recall).toBe(1);
    expect(report?.byKind['price_jump']?.meanSecondsToDetect).toBe(0);
  });

  it('reports a named detector without detections as all misses, and keeps detectors apart', () => {
    const reports = matchDetections(labels, [hit('x', 'B', 1050)], options, ['silent', 'x']);
    expect(reports.map((r) => r.detector)).toEqual(['silent', 'x']);
    expect(reports[0]?.overall).toMatchObject({ hits: 0, falseAlarms: 0, precision: 0, recall: 0, f1: 0 });
    expect(reports[0]?.overall.meanSecondsToDetect).toBeNull();
    expect(reports[0]?.falsePositiveRate).toBeNull();
    expect(reports[1]?.overall).toMatchObject({ hits: 1, falseAlarms: 0, precision: 1 });
    expect(reports[1]?.byKind['volume_spike']?.recall).toBe(0.5);
  });

  it('leaves a burn-in out: its detections are ignored, labels starting in it are not scored, and detections in their windows are neither hits nor false alarms', () => {
    // A's burn-in ends at 2000 s: its volume spike (1000–1100) is not scored, its price jump (5000) is; B has none.
    const scoredFrom = new Map([['A', 2000 * S]]);
    const detections = [
      hit('d', 'A', 500), // before the burn-in ends: ignored, though outside every window
      hit('d', 'A', 1050), // inside the window of an unscored label, before the end: ignored
      hit('d', 'A', 2000), // after the burn-in, outside every window: a false alarm
      hit('d', 'A', 5010), // hits the price jump after 10 s
      hit('d', 'B', 1050), // B has no burn-in: hits its volume spike
    ];
    const [report] = matchDetections(labels, detections, { ...options, scoredFrom });
    expect(report?.detections).toBe(3);
    expect(report?.falseAlarms).toBe(1);
    expect(report?.overall).toMatchObject({ labels: 2, hits: 2, falseAlarms: 1 });
    expect(report?.byKind['volume_spike']).toMatchObject({ labels: 1, hits: 1 });
    expect(report?.byKind['price_jump']?.meanSecondsToDetect).toBe(10);
    // A burn-in ending inside an unscored label's window: a detection after it, still in the window, is neither.
    const late = matchDetections(labels, [hit('d', 'A', 1200)], { ...options, scoredFrom: new Map([['A', 1150 * S]]) });
    expect(late[0]).toMatchObject({ detections: 1, falseAlarms: 0 });
    expect(late[0]?.overall).toMatchObject({ labels: 2, hits: 0 });
  });
});

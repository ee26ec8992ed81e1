import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { parseCsvSeries } from './csv-series.js';
import { scoreSeries, seriesDetector } from './detect-series.js';

/** A noisy daily-cycle metric sampled irregularly, with spikes at known rows. */
function metricCsv(rows: number, spikes: ReadonlySet<number>, seed = 3): string {
  const random = new Random(seed);
  const lines = ['timestamp,value'];
  let t = 1_700_000_000;
  for (let i = 0; i < rows; i++) {
    t += 30 + Math.floor(random.uniform() * 60); // irregular sampling
    const base = 100 + 10 * Math.sin((2 * Math.PI * i) / 500) + random.normal() * 2;
    lines.push(`${t},${(spikes.has(i) ? base + 40 : base).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('scoreSeries', () => {
  const spikes = new Set([900, 1300, 1700, 2100, 2500]);
  const text = metricCsv(3000, spikes);

  it.each(['ensemble', 'robust_zscore', 'ewma_chart', 'half_space_trees', 'isolation_forest'])(
    '%s is causal: changing later rows leaves earlier scores unchanged',
    (name) => {
      const series = parseCsvSeries(text, { timeColumn: 'timestamp' });
      const altered = parseCsvSeries(text, { timeColumn: 'timestamp' });
      const cut = 1500;
      for (let i = cut; i < altered.values.length; i++) altered.values[i] = (altered.values[i] as number) * 3 + 7;
      const a = scoreSeries(series, seriesDetector(name));
      const b = scoreSeries(altered, seriesDetector(name));
      expect([...a.slice(0, cut)]).toEqual([...b.slice(0, cut)]);
      expect(a.slice(cut).some((x, i) => x !== b[cut + i])).toBe(true);
      for (const score of a) expect(score >= 0 && score <= 1).toBe(true);
    },
  );

  it('ranks the injected spikes at the top and scores warm-up rows 0', () => {
    const series = parseCsvSeries(text, { timeColumn: 'timestamp' });
    const detector = seriesDetector('ensemble');
    const scores = scoreSeries(series, detector);
    expect([...scores.slice(0, detector.warmUp)].every((s) => s === 0)).toBe(true);
    const others = [...scores.slice(detector.warmUp)].filter((_, i) => !spikes.has(i + detector.warmUp));
    const spikeScores = [...spikes].map((i) => scores[i] as number);
    // Each spike scores above 99% of the ordinary rows.
    for (const score of spikeScores) expect(others.filter((s) => s >= score).length / others.length).toBeLessThan(0.01);
  });

  it('rejects rule detectors that need bars, naming the usable ones', () => {
    expect(() => seriesDetector('volume_spike')).toThrow('reads market bars');
    expect(() => seriesDetector('nope')).toThrow('unknown detector "nope"');
  });
});

import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  field,
  loadBars,
  loadReference,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { MACD, PPO, macdSpec } from './macd.js';

indicatorContract('macd_12_26_9', { create: () => new MACD(12, 26, 9), inputs: walkCloses(80) });
indicatorContract('ppo_5_10_4', { create: () => new PPO(5, 10, 4), inputs: walkCloses(40) });

describe('MACD against TTR::MACD', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((bar) => bar.close);
    for (const percent of [false, true]) {
      const file = percent ? 'macd_12_26_9_percent.csv' : 'macd_12_26_9.csv';
      it(`${dataset}: MACD(12, 26, 9, percent = ${String(percent).toUpperCase()})`, () => {
        const ttr = loadReference(dataset, file);
        const out = stream(percent ? new PPO(12, 26, 9) : new MACD(12, 26, 9), closes);
        const ttrLine = ttr.macd ?? [];
        const ttrSignal = ttr.signal ?? [];
        // TTR's line starts at input 25, its signal (and tickwatch's three outputs) at 33.
        expectMatchesTtr(field(out, 'line'), ttrLine, {
          label: `${dataset} ${percent ? 'ppo' : 'macd'} line`,
          warmUpOffset: 8,
        });
        expectMatchesTtr(field(out, 'signal'), ttrSignal, { label: `${dataset} ${percent ? 'ppo' : 'macd'} signal` });
        const ttrHistogram = ttrLine.map((line, i) =>
          line === null || ttrSignal[i] === null ? null : line - (ttrSignal[i] as number),
        );
        const report = expectMatchesTtr(field(out, 'histogram'), ttrHistogram, {
          label: `${dataset} ${percent ? 'ppo' : 'macd'} histogram`,
        });
        expect(report.firstActual).toBe(33);
      });
    }
  }
});

describe('MACD in the catalog', () => {
  it('names its columns macd_12_26_9_line/signal/histogram', async () => {
    const { columnNames } = await import('../types.js');
    expect(columnNames(macdSpec, [12, 26, 9])).toEqual([
      'macd_12_26_9_line',
      'macd_12_26_9_signal',
      'macd_12_26_9_histogram',
    ]);
  });
});

/**
 * The System page's reading of /metrics (web/src/lib/prometheus.ts), checked against the real
 * exposition of prom-client: quantiles from histogram buckets follow PromQL's histogram_quantile.
 */
import { Histogram, Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  bucketDelta,
  buckets,
  byLabel,
  histogramQuantile,
  parseMetrics,
  total,
} from '../../../web/src/lib/prometheus.js';

describe('parseMetrics', () => {
  it('reads prom-client output: counters by label, histogram buckets', async () => {
    const registry = new Registry();
    const ticks = new Counter({ name: 'ticks_total', help: 'h', labelNames: ['symbol'], registers: [registry] });
    ticks.inc({ symbol: 'AAPL' }, 5);
    ticks.inc({ symbol: 'BTC-USD' }, 7);
    const latency = new Histogram({
      name: 'latency_seconds',
      help: 'h',
      buckets: [0.1, 0.2, 0.4],
      registers: [registry],
    });
    for (const value of [0.05, 0.15, 0.15, 0.3]) latency.observe(value);
    const samples = parseMetrics(await registry.metrics());
    expect(total(samples, 'ticks_total')).toBe(12);
    expect(total(samples, 'ticks_total', { symbol: 'AAPL' })).toBe(5);
    expect(byLabel(samples, 'ticks_total', 'symbol')).toEqual(
      new Map([
        ['AAPL', 5],
        ['BTC-USD', 7],
      ]),
    );
    expect(buckets(samples, 'latency_seconds')).toEqual([
      { le: 0.1, count: 1 },
      { le: 0.2, count: 3 },
      { le: 0.4, count: 4 },
      { le: Infinity, count: 4 },
    ]);
  });

  it('unescapes label values', () => {
    const [sample] = parseMetrics('m{path="a\\"b\\\\c"} 3\n');
    expect(sample).toEqual({ name: 'm', labels: { path: 'a"b\\c' }, value: 3 });
  });
});

describe('histogramQuantile', () => {
  const cumulative = [
    { le: 0.1, count: 1 },
    { le: 0.2, count: 3 },
    { le: 0.4, count: 4 },
    { le: Infinity, count: 4 },
  ];

  it('interpolates inside the bucket like PromQL', () => {
    // rank 2 of 4 falls in (0.1, 0.2] holding ranks 1..3: 0.1 + 0.1 × (2 − 1) / 2 = 0.15.
    expect(histogramQuantile(0.5, cumulative)).toBeCloseTo(0.15, 12);
    // rank 3.96 falls in (0.2, 0.4] holding rank 3..4: 0.2 + 0.2 × 0.96 = 0.392.
    expect(histogramQuantile(0.99, cumulative)).toBeCloseTo(0.392, 12);
  });

  it('answers the highest finite bound for the +Inf bucket and null without observations', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 1 },
        { le: Infinity, count: 10 },
      ]),
    ).toBe(1);
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ]),
    ).toBeNull();
  });

  it('works on the difference of two scrapes', () => {
    const earlier = [
      { le: 0.1, count: 1 },
      { le: 0.2, count: 1 },
      { le: 0.4, count: 1 },
      { le: Infinity, count: 1 },
    ];
    // Between the scrapes: two observations in (0.1, 0.2], one in (0.2, 0.4].
    const interval = bucketDelta(cumulative, earlier);
    expect(interval.map((b) => b.count)).toEqual([0, 2, 3, 3]);
    expect(histogramQuantile(0.5, interval)).toBeCloseTo(0.175, 12);
  });
});

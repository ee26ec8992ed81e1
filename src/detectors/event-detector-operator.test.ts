import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../core/events.js';
import { operatorContract } from '../../test/contract/operator-contract.js';
import { simulateStream } from '../../test/contract/detector-contract.js';
import { EventDetectorOperator } from './event-detector-operator.js';
import { PairDetectorOperator } from './pair-detector-operator.js';
import { ProcessingLatencyDetector } from './rules/processing-latency.js';
import { SpreadBlowoutDetector } from './rules/spread-blowout.js';
import { CorrelationBreakDetector } from './statistical/correlation-break.js';

const simulated = simulateStream({
  seed: 'operators',
  symbols: ['SPY', 'QQQ'],
  kinds: ['liquidity_drought', 'correlation_break'],
  days: 2,
  anomaliesPerSymbolDay: 2,
});
const quotes = [...(simulated.quotes.get('SPY') ?? []), ...(simulated.quotes.get('QQQ') ?? [])]
  .filter((_, i) => i % 25 === 0)
  .sort((a, b) => a.tsEvent - b.tsEvent);
const bars = [...(simulated.bars.get('SPY') ?? []), ...(simulated.bars.get('QQQ') ?? [])].sort((a, b) => a.end - b.end);

describe('EventDetectorOperator', () => {
  it('keeps one detector per symbol and gives unique ids to anomalies at equal event times', () => {
    const operator = new EventDetectorOperator(() => new ProcessingLatencyDetector(), 'trade');
    const out: Anomaly[] = [];
    const event = (symbol: string, ts: number, latency: number) => ({ symbol, tsEvent: ts, tsRecv: ts + latency });
    operator.next(event('A', 10, 1_000_000), (a) => out.push(a));
    operator.next(event('A', 10, 2_000_000), (a) => out.push(a));
    operator.next(event('B', 10, 500_000), (a) => out.push(a));
    operator.next(event('A', 11, 100), (a) => out.push(a));
    expect(out.map((a) => a.id)).toEqual([
      'processing_latency:A:trade:10:0',
      'processing_latency:A:trade:10:1',
      'processing_latency:B:trade:10:0',
    ]);
    expect(out[1]?.severity).toBe('critical');
  });
});

operatorContract('EventDetectorOperator(spread_blowout) on simulated quotes', {
  create: () => new EventDetectorOperator(() => new SpreadBlowoutDetector(), 'quote'),
  inputs: quotes,
  minOutputs: 3,
});

operatorContract('PairDetectorOperator(correlation_break) on simulated SPY/QQQ bars', {
  create: () =>
    new PairDetectorOperator(
      new CorrelationBreakDetector({ shortWindow: 20, longWindow: 200, threshold: 3, criticalThreshold: 5 }),
      'SPY',
      'QQQ',
      '1m',
    ),
  inputs: bars,
  minOutputs: 3,
});

describe('EventDetectorOperator episodes', () => {
  const second = 1_000_000;
  const late = (symbol: string, ts: number, latencyMs: number) => ({
    symbol,
    tsEvent: ts,
    tsRecv: ts + latencyMs * 1000,
  });

  it('reports a run of triggered inputs once, again when it turns critical, and anew after a quiet gap', () => {
    const operator = new EventDetectorOperator(() => new ProcessingLatencyDetector(), 'trade', {
      episodeGap: 60 * second,
    });
    const out: Anomaly[] = [];
    const push = (a: Anomaly): number => out.push(a);
    for (let i = 0; i < 30; i++) operator.next(late('A', i * second, 300), push); // warning run
    operator.next(late('A', 30 * second, 3_000), push); // turns critical: reported
    operator.next(late('A', 31 * second, 3_000), push); // still critical: not
    operator.next(late('B', 31 * second, 400), push); // another symbol: its own episode
    operator.next(late('A', 40 * second, 5), push); // normal input: no anomaly, episode still open
    operator.next(late('A', 80 * second, 300), push); // 49 s after the last triggered one: same episode
    operator.next(late('A', 200 * second, 300), push); // 120 s later: a new episode
    expect(out.map((a) => [a.symbol, a.ts / second, a.severity])).toEqual([
      ['A', 0, 'warning'],
      ['A', 30, 'critical'],
      ['B', 31, 'warning'],
      ['A', 200, 'warning'],
    ]);
  });

  it('restores an open episode from a snapshot', () => {
    const options = { episodeGap: 60 * second };
    const first = new EventDetectorOperator(() => new ProcessingLatencyDetector(), 'trade', options);
    const out: Anomaly[] = [];
    first.next(late('A', 0, 300), (a) => out.push(a));
    const restored = new EventDetectorOperator(() => new ProcessingLatencyDetector(), 'trade', options);
    restored.restore(JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<typeof first.snapshot>);
    restored.next(late('A', 10 * second, 300), (a) => out.push(a));
    restored.next(late('A', 100 * second, 300), (a) => out.push(a));
    expect(out.map((a) => a.ts / second)).toEqual([0, 100]);
  });
});

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

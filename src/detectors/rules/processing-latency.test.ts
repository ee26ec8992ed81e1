import { describe, expect, it } from 'vitest';
import { detectorContract } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { ProcessingLatencyDetector, type TimedEvent } from './processing-latency.js';

describe('ProcessingLatencyDetector', () => {
  it('reports tsRecv − tsEvent in milliseconds against the threshold', () => {
    const detector = new ProcessingLatencyDetector();
    const slow = detector.score({ tsEvent: 1_000_000, tsRecv: 1_300_000 });
    expect(slow.raw).toBe(300);
    expect(slow.triggered).toBe(true);
    expect(slow.severity).toBe('warning');
    expect(detector.score({ tsEvent: 0, tsRecv: 3_000_000 }).severity).toBe('critical');
    expect(detector.score({ tsEvent: 0, tsRecv: 2_000 }).triggered).toBe(false);
  });
});

// Synthetic stream: exponential network latency (mean 3 ms); 3% of events delayed by 0.1–3 s.
const random = new Random('latency');
const stream: TimedEvent[] = [];
const labels: boolean[] = [];
for (let i = 0; i < 3000; i++) {
  const tsEvent = 1_700_000_000_000_000 + i * 100_000;
  const delayed = random.uniform() < 0.03;
  const latency =
    Math.round(random.exponential(1 / 3_000)) + (delayed ? Math.round(100_000 + 2_900_000 * random.uniform()) : 0);
  stream.push({ tsEvent, tsRecv: tsEvent + latency });
  labels.push(delayed);
}
detectorContract('processing_latency on synthetic delays', {
  create: () => new ProcessingLatencyDetector(),
  stream,
  labels,
  minAuc: 0.9,
});

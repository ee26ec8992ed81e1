/**
 * Receive times for simulated events. One feed delivers every symbol in order, like a single
 * socket: tsRecv = max(previous tsRecv, tsEvent + latency) with exponential latency, so receive
 * times never go backwards and tsRecv − tsEvent is at least 1 µs.
 */
import type { Micros } from '../../core/events.js';
import { Random } from '../../core/random.js';
import type { RandomState } from '../../core/random.js';

export interface FeedLatencyState {
  readonly random: RandomState;
  readonly lastReceive: Micros;
}

export class FeedLatency {
  private readonly random: Random;
  private readonly meanExtra: number;
  private lastReceive = 0;

  constructor(seed: string, meanLatency: Micros) {
    this.random = new Random(seed);
    this.meanExtra = Math.max(meanLatency - 1, 1e-9);
  }

  receiveTime(tsEvent: Micros): Micros {
    const latency = 1 + Math.floor(-Math.log(this.random.uniformOpen()) * this.meanExtra + 0.5);
    const received = tsEvent + latency;
    if (received > this.lastReceive) this.lastReceive = received;
    return this.lastReceive;
  }

  snapshot(): FeedLatencyState {
    return { random: this.random.snapshot(), lastReceive: this.lastReceive };
  }

  restore(state: FeedLatencyState): void {
    this.random.restore(state.random);
    this.lastReceive = state.lastReceive;
  }
}

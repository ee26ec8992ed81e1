import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the last `capacity` values, oldest first, and returns what it evicts', () => {
    const ring = new RingBuffer(3);
    expect(Number.isNaN(ring.push(1))).toBe(true);
    ring.push(2);
    expect(ring.isFull).toBe(false);
    ring.push(3);
    expect(ring.isFull).toBe(true);
    expect(ring.evictable).toBe(1);
    expect(ring.push(4)).toBe(1);
    expect(ring.toArray()).toEqual([2, 3, 4]);
    expect([ring.at(0), ring.fromNewest(0), ring.fromNewest(2)]).toEqual([2, 4, 2]);
  });

  it('fill restores a snapshot; clear empties; bad capacities are refused', () => {
    const ring = new RingBuffer(4);
    ring.fill([7, 8]);
    ring.push(9);
    expect(ring.toArray()).toEqual([7, 8, 9]);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(() => ring.fill([1, 2, 3, 4, 5])).toThrow(/capacity 4/);
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});

/**
 * The operator contract suite. Every operator in tickwatch runs it:
 *
 *   operatorContract('bar builder 1m', { create, inputs, times? })   // Operator (next/onTime)
 *   indicatorContract('sma_20', { create, inputs })                  // Indicator (next/peek)
 *
 * Checks: determinism (two fresh instances give identical outputs), snapshot round-trip
 * (snapshot mid-stream → JSON → restore into a fresh instance → same remaining outputs),
 * reset equals fresh, inputs are not mutated (they are deep-frozen), warm-up length, and for
 * indicators that peek equals next and does not change state.
 */
import { describe, expect, it } from 'vitest';
import type { Micros } from '../../src/core/events.js';
import type { Indicator, Operator } from '../../src/core/operator.js';

export interface OperatorCase<I, O, S> {
  create: () => Operator<I, O, S>;
  inputs: readonly I[];
  /** Processing-time ticks: after input i (index), call onTime(time). */
  timers?: ReadonlyArray<{ readonly afterInput: number; readonly now: Micros }>;
  /** Minimum number of outputs the run must produce (guards against a vacuous pass). */
  minOutputs?: number;
}

export interface IndicatorCase<I, O, S> {
  create: () => Indicator<I, O, S>;
  inputs: readonly I[];
  /** Expected warm-up; defaults to the indicator's own `warmUp`, checked against its outputs. */
  warmUp?: number;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function runOperator<I, O, S>(op: Operator<I, O, S>, c: OperatorCase<I, O, S>, from = 0, to = c.inputs.length): O[] {
  const out: O[] = [];
  const emit = (o: O): void => {
    out.push(structuredClone(o));
  };
  for (let i = from; i < to; i++) {
    op.next(c.inputs[i] as I, emit);
    for (const t of c.timers ?? []) if (t.afterInput === i) op.onTime(t.now, emit);
  }
  return out;
}

export function operatorContract<I, O, S>(name: string, c: OperatorCase<I, O, S>): void {
  describe(`operator contract: ${name}`, () => {
    const inputs = c.inputs.map((x) => deepFreeze(structuredClone(x)));
    const frozen: OperatorCase<I, O, S> = { ...c, inputs };

    it('produces output (the case is not vacuous)', () => {
      expect(runOperator(c.create(), frozen).length).toBeGreaterThanOrEqual(c.minOutputs ?? 1);
    });

    it('is deterministic: two fresh instances give identical outputs', () => {
      expect(runOperator(c.create(), frozen)).toEqual(runOperator(c.create(), frozen));
    });

    it('does not mutate its inputs (they are deep-frozen; a write throws)', () => {
      expect(() => runOperator(c.create(), frozen)).not.toThrow();
    });

    it('snapshot → JSON → restore into a fresh instance continues identically', () => {
      const whole = runOperator(c.create(), frozen);
      for (const cut of [1, Math.floor(inputs.length / 3), Math.floor(inputs.length / 2), inputs.length - 1]) {
        if (cut <= 0 || cut >= inputs.length) continue;
        const first = c.create();
        const head = runOperator(first, frozen, 0, cut);
        const snap = JSON.parse(JSON.stringify(first.snapshot())) as S;
        const second = c.create();
        second.restore(snap);
        const tail = runOperator(second, frozen, cut);
        expect([...head, ...tail]).toEqual(whole);
      }
    });

    it('snapshot is a copy: later updates do not change it', () => {
      const op = c.create();
      runOperator(op, frozen, 0, Math.floor(inputs.length / 2));
      const snap = op.snapshot();
      const before = JSON.stringify(snap);
      runOperator(op, frozen, Math.floor(inputs.length / 2));
      expect(JSON.stringify(snap)).toBe(before);
    });

    it('reset equals fresh', () => {
      const op = c.create();
      runOperator(op, frozen);
      op.reset();
      expect(runOperator(op, frozen)).toEqual(runOperator(c.create(), frozen));
    });
  });
}

function runIndicator<I, O, S>(
  ind: Indicator<I, O, S>,
  inputs: readonly I[],
  from = 0,
  to = inputs.length,
): Array<O | null> {
  const out: Array<O | null> = [];
  for (let i = from; i < to; i++) out.push(structuredClone(ind.next(inputs[i] as I)));
  return out;
}

export function indicatorContract<I, O, S>(name: string, c: IndicatorCase<I, O, S>): void {
  describe(`indicator contract: ${name}`, () => {
    const inputs = c.inputs.map((x) => deepFreeze(structuredClone(x)));

    it('warms up for exactly `warmUp` inputs, then always has a value', () => {
      const ind = c.create();
      const out = runIndicator(ind, inputs);
      const warmUp = c.warmUp ?? ind.warmUp;
      expect(ind.warmUp).toBe(warmUp);
      expect(out.length).toBeGreaterThan(warmUp);
      out.forEach((v, i) => {
        if (i < warmUp) expect(v, `input ${i} is inside warm-up`).toBeNull();
        else expect(v, `input ${i} is after warm-up`).not.toBeNull();
      });
    });

    it('is deterministic', () => {
      expect(runIndicator(c.create(), inputs)).toEqual(runIndicator(c.create(), inputs));
    });

    it('does not mutate its inputs', () => {
      expect(() => runIndicator(c.create(), inputs)).not.toThrow();
    });

    it('peek(x) equals next(x) and does not change state', () => {
      const peeking = c.create();
      const plain = c.create();
      for (const x of inputs) {
        const peeked = structuredClone(peeking.peek(x));
        peeking.peek(x); // a second peek must not compound
        expect(peeked).toEqual(structuredClone(peeking.next(x)));
        plain.next(x);
        // peek + next must leave exactly the state next alone leaves
        expect(JSON.stringify(peeking.snapshot())).toBe(JSON.stringify(plain.snapshot()));
      }
    });

    it('snapshot → JSON → restore continues identically', () => {
      const whole = runIndicator(c.create(), inputs);
      for (const cut of [1, Math.floor(inputs.length / 2), inputs.length - 1]) {
        if (cut <= 0 || cut >= inputs.length) continue;
        const first = c.create();
        const head = runIndicator(first, inputs, 0, cut);
        const second = c.create();
        second.restore(JSON.parse(JSON.stringify(first.snapshot())) as S);
        expect([...head, ...runIndicator(second, inputs, cut)]).toEqual(whole);
      }
    });

    it('reset equals fresh', () => {
      const ind = c.create();
      runIndicator(ind, inputs);
      ind.reset();
      expect(runIndicator(ind, inputs)).toEqual(runIndicator(c.create(), inputs));
    });
  });
}

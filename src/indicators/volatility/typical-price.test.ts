import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typicalPrice } from './typical-price.js';

/** A finite double as an exact dyadic rational mantissa × 2^exponent (BigInt arithmetic). */
function exact(x: number): { mantissa: bigint; exponent: number } {
  if (x === 0) return { mantissa: 0n, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  return { mantissa: sign * mantissa, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/** |3t − (a + b + c)| scaled to a common exponent, exactly. */
function distance(t: number, values: readonly number[]): bigint {
  const terms = [exact(t), ...values.map(exact)];
  const base = Math.min(...terms.map((v) => v.exponent));
  const scaled = terms.map((v) => v.mantissa << BigInt(v.exponent - base));
  const [three, ...rest] = scaled as [bigint, ...bigint[]];
  const d = 3n * three - rest.reduce((a, b) => a + b, 0n);
  return d < 0n ? -d : d;
}

function neighbour(x: number, direction: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, bits + BigInt(x > 0 ? direction : -direction));
  return view.getFloat64(0);
}

describe('typicalPrice', () => {
  it('is the double nearest to (high + low + close) / 3 (checked in exact rational arithmetic)', () => {
    const cents = fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100);
    fc.assert(
      fc.property(cents, cents, cents, (high, low, close) => {
        const t = typicalPrice({ high, low, close });
        const d = distance(t, [high, low, close]);
        expect(d <= distance(neighbour(t, 1), [high, low, close])).toBe(true);
        expect(d <= distance(neighbour(t, -1), [high, low, close])).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives bars with the same H+L+C the same typical price, where (h + l + c) / 3 may not', () => {
    // From TTR's ttrc data: both sums are 10.49 in decimal.
    const a = typicalPrice({ high: 3.52, low: 3.48, close: 3.49 });
    const b = typicalPrice({ high: 3.51, low: 3.47, close: 3.51 });
    expect(a).toBe(b);
  });
});

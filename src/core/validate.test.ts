import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operatorContract } from '../../test/contract/operator-contract.js';
import { ReplayClock } from './clock.js';
import type { MarketEvent, Quarantined, QuarantineReason, Quote, Trade } from './events.js';
import { QUARANTINE_REASONS } from './events.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND } from './time.js';
import { PAYLOAD_LIMITS, toJsonSafe, Validator } from './validate.js';
import type { ValidatorConfig } from './validate.js';

const NOW = 1_700_000_000_000_000; // 2023-11-14T22:13:20Z
const CONFIG: ValidatorConfig = {
  symbols: ['AAPL', 'BTC-USD'],
  maxFutureSkew: 5 * MICROS_PER_SECOND,
  maxPastAge: 10 * MICROS_PER_MINUTE,
  allowedLateness: 2 * MICROS_PER_SECOND,
  duplicateWindow: 4,
};

function trade(overrides: Partial<Record<keyof Trade, unknown>> = {}): Trade {
  return {
    type: 'trade',
    symbol: 'AAPL',
    tsEvent: NOW - 1_000,
    tsRecv: NOW,
    price: 189.5,
    size: 100,
    side: 'buy',
    tradeId: 't1',
    source: 'test',
    ...overrides,
  } as Trade;
}

function quote(overrides: Partial<Record<keyof Quote, unknown>> = {}): Quote {
  return {
    type: 'quote',
    symbol: 'AAPL',
    tsEvent: NOW - 1_000,
    tsRecv: NOW,
    bidPrice: 189.4,
    bidSize: 300,
    askPrice: 189.6,
    askSize: 200,
    source: 'test',
    ...overrides,
  } as Quote;
}

/** Runs inputs through a validator and returns everything it emitted. */
function run(validator: Validator, ...inputs: unknown[]): Array<MarketEvent | Quarantined> {
  const out: Array<MarketEvent | Quarantined> = [];
  for (const input of inputs) validator.next(input, (event) => out.push(event));
  return out;
}

function single(input: unknown, validator = new Validator(CONFIG, new ReplayClock(NOW))): MarketEvent | Quarantined {
  const out = run(validator, input);
  expect(out).toHaveLength(1);
  return out[0] as MarketEvent | Quarantined;
}

function rejected(input: unknown, validator?: Validator): Quarantined {
  const event = single(input, validator);
  expect(event.type).toBe('quarantine');
  return event as Quarantined;
}

/** The copy must be unchanged by a JSON round trip (that is what "JSON-safe" means). */
function expectJsonStable(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

describe('Validator: the happy path', () => {
  it('passes a valid trade and a valid quote on as the very same objects', () => {
    const t = trade();
    const q = quote();
    expect(single(t)).toBe(t);
    expect(single(q)).toBe(q);
  });

  it('accepts a locked quote (bid == ask) and zero sizes', () => {
    const q = quote({ bidPrice: 100, askPrice: 100, bidSize: 0 });
    expect(single(q)).toBe(q);
    const t = trade({ size: 0 });
    expect(single(t)).toBe(t);
  });

  it('counts passed events and nothing else', () => {
    const validator = new Validator(CONFIG, new ReplayClock(NOW));
    run(validator, trade(), quote(), trade({ tradeId: 't2' }));
    expect(validator.passed).toBe(3);
    expect(Object.values(validator.counts()).every((count) => count === 0)).toBe(true);
  });
});

describe('Validator: each rule has its reason, and the detail names field, value and limit', () => {
  const cases: Array<[string, unknown, QuarantineReason, RegExp]> = [
    ['a number', 42, 'malformed', /expected an event object, got 42/],
    ['null', null, 'malformed', /got null/],
    ['an array', [trade()], 'malformed', /got an array/],
    ['no type', { ...trade(), type: undefined }, 'malformed', /type must be a string, got undefined/],
    ['an unknown type', trade({ type: 'bar' }), 'unknown_type', /type "bar" is not one of/],
    ['a numeric symbol', trade({ symbol: 7 }), 'malformed', /symbol must be a string, got 7/],
    ['an unknown symbol', trade({ symbol: 'MSFT' }), 'unknown_symbol', /symbol "MSFT" is not among/],
    ['a missing source', trade({ source: undefined }), 'malformed', /source must be a string/],
    ['an empty tradeId', trade({ tradeId: '' }), 'malformed', /tradeId must be a non-empty string, got ""/],
    ['a bad side', trade({ side: 'long' }), 'malformed', /side must be "buy", "sell" or "unknown", got "long"/],
    ['a NaN price', trade({ price: Number.NaN }), 'bad_price', /price must be a finite number > 0, got NaN/],
    ['a zero price', trade({ price: 0 }), 'bad_price', /price must be .* got 0/],
    ['a -0 price', trade({ price: -0 }), 'bad_price', /got -0/],
    ['a string price', trade({ price: '189.5' }), 'bad_price', /got "189.5"/],
    ['a BigInt price', trade({ price: 189n }), 'bad_price', /got 189n \(a BigInt\)/],
    ['an infinite size', trade({ size: Infinity }), 'bad_size', /size must be a finite number >= 0, got Infinity/],
    ['a negative size', trade({ size: -1 }), 'bad_size', /got -1/],
    [
      'a fractional tsEvent',
      trade({ tsEvent: NOW + 0.5 }),
      'bad_timestamp',
      /tsEvent must be a non-negative safe integer/,
    ],
    ['a negative tsRecv', trade({ tsRecv: -1 }), 'bad_timestamp', /tsRecv must be .* got -1/],
    ['an unsafe tsEvent', trade({ tsEvent: 2 ** 53 }), 'bad_timestamp', /got 9007199254740992/],
    ['a bad bid', quote({ bidPrice: -3 }), 'bad_price', /bidPrice must be a finite number > 0, got -3/],
    ['a bad ask size', quote({ askSize: Number.NaN }), 'bad_size', /askSize must be a finite number >= 0, got NaN/],
    ['a crossed quote', quote({ bidPrice: 190, askPrice: 189 }), 'crossed_quote', /bidPrice 190 is above askPrice 189/],
    [
      'a future tsEvent',
      trade({ tsEvent: NOW + 6 * MICROS_PER_SECOND }),
      'future_timestamp',
      /6000000 µs ahead of the clock \(1700000000000000\); the limit is maxFutureSkew = 5000000 µs/,
    ],
    [
      'a stale tsEvent',
      trade({ tsEvent: NOW - 11 * MICROS_PER_MINUTE }),
      'stale_timestamp',
      /660000000 µs behind the clock .* maxPastAge = 600000000 µs/,
    ],
  ];
  for (const [what, input, reason, detail] of cases) {
    it(`${what} → ${reason}`, () => {
      const validator = new Validator(CONFIG, new ReplayClock(NOW));
      const event = rejected(input, validator);
      expect(event.reason).toBe(reason);
      expect(event.detail).toMatch(detail);
      expect(event.ts).toBe(NOW);
      expect(validator.counts()[reason]).toBe(1);
      expect(validator.passed).toBe(0);
    });
  }

  it('a trade id seen within the window → duplicate_trade; ids are per symbol; evicted ids pass again', () => {
    const validator = new Validator(CONFIG, new ReplayClock(NOW));
    expect(single(trade({ tradeId: 'a' }), validator).type).toBe('trade');
    const duplicate = rejected(trade({ tradeId: 'a', price: 1 }), validator);
    expect(duplicate.reason).toBe('duplicate_trade');
    expect(duplicate.detail).toMatch(/tradeId "a" was already seen for "AAPL" \(within the last 4 trade ids\)/);
    expect(single(trade({ tradeId: 'a', symbol: 'BTC-USD' }), validator).type).toBe('trade');
    // Window is 4: after b, c, d, e the id a is forgotten (FIFO), while e is still remembered.
    for (const id of ['b', 'c', 'd', 'e']) expect(single(trade({ tradeId: id }), validator).type).toBe('trade');
    expect(single(trade({ tradeId: 'a' }), validator).type).toBe('trade');
    expect(rejected(trade({ tradeId: 'e' }), validator).reason).toBe('duplicate_trade');
    expect(single(trade({ tradeId: 'b' }), validator).type).toBe('trade'); // b was evicted when a came back
  });

  it('duplicateWindow 0 turns duplicate detection off', () => {
    const validator = new Validator({ ...CONFIG, duplicateWindow: 0 }, new ReplayClock(NOW));
    expect(run(validator, trade(), trade()).map((e) => e.type)).toEqual(['trade', 'trade']);
  });

  it('late: out of order within allowedLateness passes, beyond it is quarantined; trades and quotes are tracked apart', () => {
    const validator = new Validator(CONFIG, new ReplayClock(NOW));
    const newest = NOW - 1_000;
    run(validator, trade({ tsEvent: newest, tradeId: 'x1' }));
    expect(single(trade({ tsEvent: newest - 2 * MICROS_PER_SECOND, tradeId: 'x2' }), validator).type).toBe('trade');
    const late = rejected(trade({ tsEvent: newest - 2 * MICROS_PER_SECOND - 1, tradeId: 'x3' }), validator);
    expect(late.reason).toBe('late');
    expect(late.detail).toMatch(/2000001 µs behind the newest trade of "AAPL" .* allowedLateness = 2000000 µs/);
    // A quote stream lagging the trades by more than the lateness is judged against quotes only.
    expect(single(quote({ tsEvent: newest - 5 * MICROS_PER_SECOND }), validator).type).toBe('quote');
    expect(rejected(quote({ tsEvent: newest - 8 * MICROS_PER_SECOND }), validator).reason).toBe('late');
    // Another symbol has its own high-water mark.
    expect(single(trade({ symbol: 'BTC-USD', tsEvent: newest - 9 * MICROS_PER_SECOND }), validator).type).toBe('trade');
  });

  it('a rejected trade changes no state: its id is not remembered and its time does not advance the mark', () => {
    const validator = new Validator(CONFIG, new ReplayClock(NOW));
    run(validator, trade({ tradeId: 'ok', tsEvent: NOW - MICROS_PER_MINUTE }));
    run(validator, trade({ tradeId: 'bad', price: -1, tsEvent: NOW }));
    // Had the rejected trade moved the high-water mark to NOW, this one would be late.
    expect(single(trade({ tradeId: 'older', tsEvent: NOW - MICROS_PER_MINUTE - 1 }), validator).type).toBe('trade');
    expect(single(trade({ tradeId: 'bad', tsEvent: NOW - MICROS_PER_MINUTE }), validator).type).toBe('trade');
  });

  it('reads the clock: the same event is future at one time and fine later', () => {
    const clock = new ReplayClock(NOW);
    const validator = new Validator(CONFIG, clock);
    const early = trade({ tsEvent: NOW + 10 * MICROS_PER_SECOND });
    expect(rejected(early, validator).reason).toBe('future_timestamp');
    clock.advanceTo(NOW + 6 * MICROS_PER_SECOND);
    expect(single(early, validator)).toBe(early);
  });

  it('the quarantine carries the symbol when readable and a JSON copy of the payload', () => {
    const bad = trade({ price: Number.NaN });
    const event = rejected(bad);
    expect(event.symbol).toBe('AAPL');
    expect(event.payload).toEqual({ ...bad, price: 'NaN' });
    expect(rejected({ symbol: { nested: true } }).symbol).toBe('');
  });

  it('rejects invalid configurations at construction', () => {
    expect(() => new Validator({ ...CONFIG, allowedLateness: -1 }, new ReplayClock())).toThrow(/allowedLateness/);
    expect(() => new Validator({ ...CONFIG, duplicateWindow: 1.5 }, new ReplayClock())).toThrow(/duplicateWindow/);
  });
});

describe('Validator: hostile inputs never make it throw', () => {
  const hostile: Array<[string, () => unknown]> = [
    [
      'a throwing getter on type',
      () =>
        Object.defineProperty({}, 'type', {
          enumerable: true,
          get() {
            throw new Error('boom');
          },
        }),
    ],
    [
      'a throwing getter on price',
      () =>
        Object.defineProperty({ ...trade() }, 'price', {
          enumerable: true,
          get() {
            throw new Error('boom');
          },
        }),
    ],
    [
      'a revoked proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
    [
      'a proxy whose every trap throws a non-Error',
      () =>
        new Proxy(
          {},
          {
            get: () => {
              throw Symbol('nope');
            },
            ownKeys: () => {
              throw { toString: () => ({}) };
            },
            getPrototypeOf: () => {
              throw 1n;
            },
          },
        ),
    ],
    [
      'a cycle, BigInt, functions, symbols, -0 and NaN',
      () => {
        const payload: Record<string, unknown> = { ...trade(), price: -0, size: Number.NaN, big: 10n ** 30n };
        payload.self = payload;
        payload.fn = () => 1;
        payload.sym = Symbol('s');
        payload.list = [payload, undefined, Infinity];
        return payload;
      },
    ],
    ['a 5 MB string field', () => trade({ symbol: 'x'.repeat(5_000_000) })],
    ['a 5 MB string', () => 'y'.repeat(5_000_000)],
    [
      'a deep chain',
      () => {
        let node: Record<string, unknown> = { type: 'trade' };
        for (let i = 0; i < 10_000; i++) node = { child: node };
        return node;
      },
    ],
    [
      'a wide object and a shared-reference DAG',
      () => {
        const wide: Record<string, number> = {};
        for (let i = 0; i < 50_000; i++) wide[`k${i}`] = i;
        let dag: unknown[] = [wide];
        for (let i = 0; i < 40; i++) dag = [dag, dag];
        return { type: 'trade', dag };
      },
    ],
    ['an object with a __proto__ key', () => JSON.parse('{"__proto__": {"polluted": true}, "type": "quote"}')],
    [
      'Map, Set, Date, typed array, boxed values',
      () => [new Map([[1, 2]]), new Set([1]), new Date(Number.NaN), new Uint8Array(3), Object(1n), new String('s')],
    ],
  ];
  for (const [what, make] of hostile) {
    it(`${what}: one quarantine event, bounded JSON-safe payload`, () => {
      const event = rejected(make());
      expectJsonStable(event.payload);
      expect(JSON.stringify(event.payload).length).toBeLessThan(300_000);
      expect(event.detail.length).toBeLessThan(500);
      expect(event.symbol.length).toBeLessThan(200);
    });
  }

  it('keeps the JSON copy faithful where it can: markers for what JSON cannot hold', () => {
    const payload: Record<string, unknown> = { a: -0, b: Number.NaN, c: 1n, d: undefined, e: [1, 'x'], f: new Date(0) };
    payload.g = payload;
    expect(toJsonSafe(payload)).toEqual({
      a: 0,
      b: 'NaN',
      c: '1n',
      d: '[undefined]',
      e: [1, 'x'],
      f: '1970-01-01T00:00:00.000Z',
      g: '[circular]',
    });
    const copy = toJsonSafe(JSON.parse('{"__proto__": 1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });

  it('truncates huge strings and wide objects with a note of what was dropped', () => {
    expect(toJsonSafe('z'.repeat(1_500))).toBe(`${'z'.repeat(PAYLOAD_LIMITS.maxStringLength)}…(+500 chars)`);
    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    const copy = toJsonSafe(wide) as Record<string, unknown>;
    expect(Object.keys(copy)).toHaveLength(PAYLOAD_LIMITS.maxEntries + 1);
    expect(copy['[truncated]']).toBe('50 more keys');
  });

  it('property: any value at all gives exactly one event, which is the input itself or a JSON-stable quarantine', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (input) => {
        const validator = new Validator(CONFIG, new ReplayClock(NOW));
        const out = run(validator, input);
        expect(out).toHaveLength(1);
        const event = out[0] as MarketEvent | Quarantined;
        if (event !== input) {
          expect(event.type).toBe('quarantine');
          expect(QUARANTINE_REASONS).toContain((event as Quarantined).reason);
          expectJsonStable((event as Quarantined).payload);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: plain JSON values are copied exactly (up to -0 → 0)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(toJsonSafe(value)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('property: objects whose fields hold hostile values never make it throw', () => {
    const hostileValue = fc.oneof(
      fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, -1, 2 ** 53, 1e308, '', '0', null, undefined, true, []),
      fc.bigInt(),
      fc.string(),
      fc.double(),
      fc.object(),
      fc.func(fc.integer()),
    );
    const fields = [
      'type',
      'symbol',
      'tsEvent',
      'tsRecv',
      'price',
      'size',
      'side',
      'tradeId',
      'source',
      'bidPrice',
      'askPrice',
      'bidSize',
      'askSize',
    ];
    const base = fc.constantFrom<Record<string, unknown>>({ ...trade() }, { ...quote() }, {});
    fc.assert(
      fc.property(base, fc.dictionary(fc.constantFrom(...fields), hostileValue), (event, overrides) => {
        const out = run(new Validator(CONFIG, new ReplayClock(NOW)), { ...event, ...overrides });
        expect(out).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });
});

/** Arbitrary valid trades and quotes for a clock at NOW (time within the past-age and future-skew limits). */
const validTime = fc.integer({ min: NOW - CONFIG.maxPastAge, max: NOW + CONFIG.maxFutureSkew });
const validTrade = fc.record({
  type: fc.constant('trade' as const),
  symbol: fc.constantFrom(...CONFIG.symbols),
  tsEvent: validTime,
  tsRecv: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  price: fc.double({ min: 1e-8, max: 1e9, noNaN: true }),
  size: fc.double({ min: 0, max: 1e9, noNaN: true }),
  side: fc.constantFrom('buy' as const, 'sell' as const, 'unknown' as const),
  tradeId: fc.string({ minLength: 1 }),
  source: fc.string(),
});
const validQuote = fc
  .record({
    type: fc.constant('quote' as const),
    symbol: fc.constantFrom(...CONFIG.symbols),
    tsEvent: validTime,
    tsRecv: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    bidPrice: fc.double({ min: 1e-8, max: 1e9, noNaN: true }),
    bidSize: fc.double({ min: 0, max: 1e9, noNaN: true }),
    spread: fc.double({ min: 0, max: 1e3, noNaN: true }),
    askSize: fc.double({ min: 0, max: 1e9, noNaN: true }),
    source: fc.string(),
  })
  .map(({ spread, ...q }): Quote => ({ ...q, askPrice: q.bidPrice + spread }));

describe('Validator: properties over random events', () => {
  it('valid events with distinct ids, each symbol in time order, all pass unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validTrade, validQuote), { maxLength: 60 }), (events) => {
        // Make the stream valid as a whole: unique trade ids, and per (symbol, type) non-decreasing time.
        const sorted = events
          .map((e, i) => (e.type === 'trade' ? { ...e, tradeId: `${i}:${e.tradeId}` } : e))
          .sort((a, b) => a.tsEvent - b.tsEvent);
        const validator = new Validator(CONFIG, new ReplayClock(NOW));
        const out = run(validator, ...sorted);
        expect(out).toHaveLength(sorted.length);
        out.forEach((event, i) => expect(event).toBe(sorted[i]));
      }),
      { numRuns: 200 },
    );
  });

  it('a valid event with one field corrupted is quarantined with the reason of that field', () => {
    const badPrice = fc.constantFrom<unknown>(0, -1, -0, Number.NaN, Infinity, -Infinity, '1', null, undefined, 5n);
    const badSize = fc.constantFrom<unknown>(-1, -1e-9, Number.NaN, Infinity, -Infinity, '1', null, undefined, 5n);
    const badTimestamp = fc.constantFrom<unknown>(
      -1,
      0.5,
      NOW + 0.25,
      Number.NaN,
      Infinity,
      2 ** 53,
      '1',
      null,
      undefined,
    );
    const notAString = fc.constantFrom<unknown>(1, null, undefined, {}, [], true, 1n);
    type Corruption = [field: string, value: fc.Arbitrary<unknown>, reason: QuarantineReason];
    const common: Corruption[] = [
      ['tsEvent', badTimestamp, 'bad_timestamp'],
      ['tsRecv', badTimestamp, 'bad_timestamp'],
      [
        'tsEvent',
        fc.integer({ min: NOW + CONFIG.maxFutureSkew + 1, max: Number.MAX_SAFE_INTEGER }),
        'future_timestamp',
      ],
      ['tsEvent', fc.integer({ min: 0, max: NOW - CONFIG.maxPastAge - 1 }), 'stale_timestamp'],
      ['symbol', fc.string().filter((s) => !CONFIG.symbols.includes(s)), 'unknown_symbol'],
      ['symbol', notAString, 'malformed'],
      ['type', fc.string().filter((s) => s !== 'trade' && s !== 'quote'), 'unknown_type'],
      ['type', notAString, 'malformed'],
      ['source', notAString, 'malformed'],
    ];
    const tradeCorruptions: Corruption[] = [
      ...common,
      ['price', badPrice, 'bad_price'],
      ['size', badSize, 'bad_size'],
      ['side', fc.oneof(notAString, fc.constantFrom('BUY', 'long', '')), 'malformed'],
      ['tradeId', fc.oneof(notAString, fc.constant('')), 'malformed'],
    ];
    const quoteCorruptions: Corruption[] = [
      ...common,
      ['bidPrice', badPrice, 'bad_price'],
      ['askPrice', badPrice, 'bad_price'],
      ['bidSize', badSize, 'bad_size'],
      ['askSize', badSize, 'bad_size'],
    ];
    const corrupted = (events: fc.Arbitrary<MarketEvent>, corruptions: Corruption[]) =>
      fc
        .tuple(events, fc.constantFrom(...corruptions))
        .chain(([event, [field, value, reason]]) =>
          value.map((bad) => ({ input: { ...event, [field]: bad } as unknown, reason, field })),
        );
    const crossed = validQuote
      .filter((q) => q.askPrice > q.bidPrice)
      .map((q) => ({
        input: { ...q, bidPrice: q.askPrice, askPrice: q.bidPrice } as unknown,
        reason: 'crossed_quote' as const,
        field: 'bidPrice',
      }));
    fc.assert(
      fc.property(
        fc.oneof(corrupted(validTrade, tradeCorruptions), corrupted(validQuote, quoteCorruptions), crossed),
        ({ input, reason, field }) => {
          const event = rejected(input);
          expect(event.reason).toBe(reason);
          if (reason !== 'unknown_type' && reason !== 'crossed_quote') expect(event.detail).toContain(field);
          expectJsonStable(event.payload);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('Validator: snapshot and restore', () => {
  it('restores remembered ids (in order, window-bounded) and high-water marks into a fresh instance', () => {
    const first = new Validator(CONFIG, new ReplayClock(NOW));
    const ids = ['a', 'b', 'c', 'd', 'e'];
    ids.forEach((id, i) => run(first, trade({ tradeId: id, tsEvent: NOW - 10_000_000 + i })));
    run(first, trade({ price: -1 }));
    const state = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<Validator['snapshot']>;
    expect(state.symbols.find((s) => s.symbol === 'AAPL')?.recentTradeIds).toEqual(['b', 'c', 'd', 'e']);

    const second = new Validator(CONFIG, new ReplayClock(NOW));
    second.restore(state);
    expect(second.counts().bad_price).toBe(1);
    expect(second.passed).toBe(5);
    expect(rejected(trade({ tradeId: 'b' }), second).reason).toBe('duplicate_trade');
    const newest = NOW - 10_000_000 + 4;
    expect(rejected(trade({ tradeId: 'z', tsEvent: newest - 2_000_001 }), second).reason).toBe('late');
    // The ring continues in the original FIFO order: a (evicted before the snapshot) pushes out b, then b pushes out c.
    expect(single(trade({ tradeId: 'a', tsEvent: newest }), second).type).toBe('trade');
    expect(single(trade({ tradeId: 'b', tsEvent: newest }), second).type).toBe('trade');
    expect(rejected(trade({ tradeId: 'd', tsEvent: newest }), second).reason).toBe('duplicate_trade');
    expect(single(trade({ tradeId: 'c', tsEvent: newest }), second).type).toBe('trade');
  });

  it('forgets ids once their trades are older than the lateness allows: a copy is then quarantined as late', () => {
    const validator = new Validator(CONFIG, new ReplayClock(NOW));
    const old = trade({ tradeId: 'old', tsEvent: NOW - 5_000_000 });
    run(validator, old);
    expect(rejected(old, validator).reason).toBe('duplicate_trade'); // still within the lateness
    run(validator, trade({ tradeId: 'new', tsEvent: NOW - 1_000 })); // 4 s later: 'old' is past the 2 s lateness
    expect(validator.snapshot().symbols.find((s) => s.symbol === 'AAPL')?.recentTradeIds).toEqual(['new']);
    expect(rejected(old, validator).reason).toBe('late');
  });

  it('restoring into a smaller duplicate window keeps the newest ids', () => {
    const first = new Validator(CONFIG, new ReplayClock(NOW));
    ['a', 'b', 'c', 'd'].forEach((id) => run(first, trade({ tradeId: id })));
    const second = new Validator({ ...CONFIG, duplicateWindow: 2 }, new ReplayClock(NOW));
    second.restore(first.snapshot());
    expect(second.snapshot().symbols[0]?.recentTradeIds).toEqual(['c', 'd']);
  });
});

// A mixed stream for the contract: valid events, duplicates, late and corrupt ones. The clock is
// fixed (the driver would advance it; the validator only reads it).
const contractInputs: unknown[] = [];
for (let i = 0; i < 60; i++) {
  const tsEvent = NOW - 60 * MICROS_PER_SECOND + i * 700_000;
  const symbol = CONFIG.symbols[i % 2] as string;
  contractInputs.push(trade({ symbol, tsEvent, tradeId: `id${i}` }));
  if (i % 5 === 0) contractInputs.push(quote({ symbol, tsEvent }));
  if (i % 7 === 3) contractInputs.push(trade({ symbol, tsEvent, tradeId: `id${i - 2}` })); // duplicate
  if (i % 9 === 4)
    contractInputs.push(trade({ symbol, tsEvent: tsEvent - 5 * MICROS_PER_SECOND, tradeId: `late${i}` }));
  if (i % 11 === 6) contractInputs.push({ ...trade({ symbol }), price: 'n/a', extra: 12n });
}
contractInputs.push(42, null, 'text', { type: 'order' });

operatorContract('validator', {
  create: () => new Validator(CONFIG, new ReplayClock(NOW)),
  inputs: contractInputs,
  minOutputs: contractInputs.length,
});

/**
 * The built-in market simulator: a deterministic generator of trades, quotes and ground-truth
 * anomaly labels for a universe of stocks (NYSE regular sessions) and crypto (24/7).
 *
 * Event time advances in steps of one second (aligned to whole seconds). In each step the common
 * market factor draws one shock; every symbol that trades draws its own increment and the first
 * arrival of its Poisson process of trades and quotes; a binary heap keyed by (arrival time,
 * symbol index) merges the symbols' arrivals into one stream in non-decreasing tsEvent order.
 * `advance(until)` may stop in the middle of a step and carry on later: the pending arrivals are
 * part of the state, so any split of the time range gives the same events, and a snapshot can be
 * taken anywhere and restored into a fresh simulator.
 */
import { calendarFor } from '../../bars/sessions.js';
import type { Session, SessionCalendar } from '../../bars/sessions.js';
import type { Label, Micros, Quote, Trade } from '../../core/events.js';
import { Random } from '../../core/random.js';
import type { RandomState } from '../../core/random.js';
import { MICROS_PER_SECOND } from '../../core/time.js';
import { cryptoActivity, sessionActivity } from './activity-profile.js';
import { ANOMALY_KINDS, DEFAULT_MARKET_VOLATILITY, validateSimulatorConfig } from './config.js';
import type { SimulatedInstrument, SimulatorConfig } from './config.js';
import { FeedLatency } from './feed-latency.js';
import type { FeedLatencyState } from './feed-latency.js';
import { SymbolSimulator } from './symbol-simulator.js';
import type { SymbolState } from './symbol-simulator.js';
import { GarchVariance, studentT } from './volatility.js';
import type { VarianceState } from './volatility.js';

export type SimulatorEvent = Trade | Quote | Label;

/** Everything needed to continue a run exactly; plain JSON. */
export interface SimulatorState {
  readonly version: 1;
  /** The configured symbols, in order (a state only restores into the same universe). */
  readonly symbols: readonly string[];
  readonly now: Micros;
  readonly stepStart: Micros;
  readonly stepEnd: Micros;
  readonly inStep: boolean;
  /** Indices of the symbols trading in the current step. */
  readonly active: readonly number[];
  readonly market: { readonly random: RandomState; readonly garch: VarianceState };
  readonly feed: FeedLatencyState;
  readonly symbolStates: readonly SymbolState[];
}

const STEP = MICROS_PER_SECOND;

export class MarketSimulator {
  private readonly instrumentList: readonly SimulatedInstrument[];
  private readonly symbols: SymbolSimulator[];
  private readonly marketRandom: Random;
  private readonly marketGarch: GarchVariance;
  private readonly feed: FeedLatency;
  private readonly marketStep = { shock: 0, variance: 1 };
  private current: Micros;
  private stepStart: Micros;
  private stepEnd: Micros;
  private inStep = false;
  private readonly calendar: SessionCalendar;
  /** The NYSE session containing the current step, or else the next one. */
  private session: Session;
  private readonly active: Int32Array;
  private activeCount = 0;
  private readonly heap: Int32Array;
  private heapSize = 0;

  constructor(config: SimulatorConfig) {
    validateSimulatorConfig(config);
    const seed = String(config.seed);
    this.instrumentList = config.instruments.map((instrument) => ({ ...instrument }));
    this.marketRandom = new Random(`${seed}/market`);
    this.marketGarch = new GarchVariance(this.marketRandom);
    this.feed = new FeedLatency(`${seed}/feed`, config.meanLatency);
    const anomalies = { perSymbolDay: config.anomaliesPerSymbolDay, kinds: config.anomalyKinds ?? ANOMALY_KINDS };
    const marketVolatility = config.marketVolatility ?? DEFAULT_MARKET_VOLATILITY;
    this.symbols = this.instrumentList.map(
      (instrument) => new SymbolSimulator(instrument, seed, marketVolatility, anomalies, this.feed),
    );
    this.current = config.start;
    this.stepStart = config.start;
    this.stepEnd = config.start;
    this.calendar = config.nyseCalendar ?? calendarFor('nyse');
    this.session = this.sessionAtOrAfter(config.start);
    this.active = new Int32Array(this.symbols.length);
    this.heap = new Int32Array(this.symbols.length);
  }

  get instruments(): readonly SimulatedInstrument[] {
    return this.instrumentList;
  }

  /** Event time generated so far: every event with tsEvent before it has been emitted. */
  now(): Micros {
    return this.current;
  }

  /**
   * Emits every event with tsEvent < until, in non-decreasing tsEvent order (ties: the order of
   * the configured instruments). A label is emitted at its anomaly's start, before its events.
   */
  advance(until: Micros, emit: (event: SimulatorEvent) => void): void {
    if (!Number.isSafeInteger(until)) throw new Error(`advance: until must be integer microseconds, got ${until}`);
    for (;;) {
      if (!this.inStep) {
        if (this.stepStart >= until) break;
        this.beginStep(emit);
      }
      if (!this.drain(until, emit)) break;
      this.endStep();
    }
    if (until > this.current) this.current = until;
  }

  private sessionAtOrAfter(ts: Micros): Session {
    const session = this.calendar.sessionAt(ts) ?? this.calendar.nextSession(ts);
    if (session === null) throw new Error(`the NYSE calendar has no session within a year of ${ts}`);
    return session;
  }

  private beginStep(emit: (event: Label) => void): void {
    const start = this.stepStart;
    const end = start - (((start % STEP) + STEP) % STEP) + STEP;
    const seconds = (end - start) / MICROS_PER_SECOND;
    this.marketStep.variance = this.marketGarch.currentVariance();
    this.marketStep.shock = this.marketGarch.step(this.marketRandom, seconds);
    if (start >= this.session.end) this.session = this.sessionAtOrAfter(start);
    const session = this.session;
    const inSession = start >= session.start;
    const opening = start === session.start;
    // Drawn at every open, whether or not stocks are configured, so paths do not depend on the universe.
    const marketGap = opening ? studentT(this.marketRandom) : 0;
    const stockActivity = inSession
      ? sessionActivity(((start + end) / 2 - session.start) / (session.end - session.start))
      : 0;
    const coinActivity = cryptoActivity(start);
    this.activeCount = 0;
    this.heapSize = 0;
    for (let index = 0; index < this.symbols.length; index++) {
      const symbol = this.symbols[index]!;
      let hasArrival: boolean;
      if (symbol.isStock) {
        if (!inSession) continue;
        if (opening) symbol.openSession(marketGap);
        hasArrival = symbol.beginStep(start, end, stockActivity, this.marketStep, session.end, emit);
      } else {
        hasArrival = symbol.beginStep(start, end, coinActivity, this.marketStep, Number.POSITIVE_INFINITY, emit);
      }
      this.active[this.activeCount++] = index;
      if (hasArrival) this.push(index);
    }
    this.stepEnd = end;
    this.inStep = true;
  }

  /** Emits the step's arrivals before `until`; true when the step has none left. */
  private drain(until: Micros, emit: (event: Trade | Quote) => void): boolean {
    const heap = this.heap;
    const symbols = this.symbols;
    const end = this.stepEnd;
    while (this.heapSize > 0) {
      const symbol = symbols[heap[0]!]!;
      if (Math.floor(symbol.nextArrival) >= until) return false;
      symbol.emitNext(emit);
      if (symbol.nextArrival >= end) heap[0] = heap[--this.heapSize]!;
      if (this.heapSize > 0) this.siftDown(0);
    }
    return true;
  }

  private endStep(): void {
    for (let i = 0; i < this.activeCount; i++) this.symbols[this.active[i]!]!.endStep();
    this.stepStart = this.stepEnd;
    this.inStep = false;
  }

  private before(a: number, b: number): boolean {
    const arrivalA = this.symbols[a]!.nextArrival;
    const arrivalB = this.symbols[b]!.nextArrival;
    return arrivalA < arrivalB || (arrivalA === arrivalB && a < b);
  }

  private push(index: number): void {
    const heap = this.heap;
    let child = this.heapSize++;
    heap[child] = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(heap[child]!, heap[parent]!)) break;
      const swap = heap[parent]!;
      heap[parent] = heap[child]!;
      heap[child] = swap;
      child = parent;
    }
  }

  private siftDown(position: number): void {
    const heap = this.heap;
    const size = this.heapSize;
    let parent = position;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && this.before(heap[right]!, heap[left]!) ? right : left;
      if (!this.before(heap[child]!, heap[parent]!)) return;
      const swap = heap[parent]!;
      heap[parent] = heap[child]!;
      heap[child] = swap;
      parent = child;
    }
  }

  snapshot(): SimulatorState {
    return {
      version: 1,
      symbols: this.symbols.map((symbol) => symbol.symbol),
      now: this.current,
      stepStart: this.stepStart,
      stepEnd: this.stepEnd,
      inStep: this.inStep,
      active: Array.from(this.active.subarray(0, this.activeCount)),
      market: { random: this.marketRandom.snapshot(), garch: this.marketGarch.snapshot() },
      feed: this.feed.snapshot(),
      symbolStates: this.symbols.map((symbol) => symbol.snapshot()),
    };
  }

  /** Continues from a snapshot of a simulator with the same configuration. */
  restore(state: SimulatorState): void {
    if (state.version !== 1) throw new Error(`cannot restore simulator state version ${String(state.version)}`);
    const symbols = this.symbols.map((symbol) => symbol.symbol);
    if (state.symbols.length !== symbols.length || state.symbols.some((name, i) => name !== symbols[i])) {
      throw new Error(
        `cannot restore simulator state: it was taken with symbols [${state.symbols.join(', ')}], ` +
          `this simulator has [${symbols.join(', ')}]`,
      );
    }
    this.current = state.now;
    this.stepStart = state.stepStart;
    this.stepEnd = state.stepEnd;
    this.inStep = state.inStep;
    this.marketRandom.restore(state.market.random);
    this.marketGarch.restore(state.market.garch);
    this.feed.restore(state.feed);
    state.symbolStates.forEach((symbolState, i) => this.symbols[i]!.restore(symbolState));
    this.session = this.sessionAtOrAfter(this.stepStart);
    this.activeCount = 0;
    this.heapSize = 0;
    for (const index of state.active) {
      this.active[this.activeCount++] = index;
      if (this.inStep && this.symbols[index]!.nextArrival < this.stepEnd) this.push(index);
    }
  }
}

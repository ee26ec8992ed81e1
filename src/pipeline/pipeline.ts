/**
 * The one deterministic pipeline: validate → multi-timeframe bars → detectors.
 *
 * It is itself an Operator: `next(input, emit)` takes any raw input (a feed or a replay file can
 * hold anything) and emits every resulting event in a deterministic order; `onTime(now, emit)`
 * closes bars of quiet feeds. Live runs, replays and backtests drive this same class; only the
 * clock and the source differ. Same input and clock ⇒ identical output events.
 */
import type {
  Bar,
  BarCorrection,
  FeatureSet,
  Instrument,
  Micros,
  PartialBar,
  PipelineEvent,
  Quote,
  Trade,
} from '../core/events.js';
import type { Clock } from '../core/clock.js';
import type { Emit, Operator } from '../core/operator.js';
import { parseTimeframe } from '../core/time.js';
import { Validator, type ValidatorConfig, type ValidatorState } from '../core/validate.js';
import { providerBarProblem } from './provider-bar.js';
import { SymbolBars, calendarFor, type SymbolBarsState } from '../bars/index.js';
import type { BarDetector, Detector, DetectorFeedback, VectorDetector } from '../detectors/detector.js';
import { DetectorOperator } from '../detectors/detector-operator.js';
import { EventDetectorOperator } from '../detectors/event-detector-operator.js';
import { FeatureDetectorOperator } from '../detectors/feature-detector-operator.js';
import { PairDetectorOperator, ReferenceGroup } from '../detectors/pair-detector-operator.js';
import { StaleFeedMonitor, type StaleFeedState } from '../detectors/rules/stale-feed.js';
import type { IndicatorSelection } from '../indicators/catalog.js';
import { IndicatorBank } from './indicator-bank.js';
import {
  CorrelationMatrix,
  FeatureEngine,
  type FeatureEngineState,
  type CorrelationMatrixState,
} from '../features/index.js';

/** Largest universe the cross-asset correlation matrix accepts (it is O(symbols²)). */
export const MAX_CORRELATION_SYMBOLS = 200;

export interface DetectorSetup {
  /** Timeframe whose closed bars the detector scores. */
  readonly timeframe: string;
  /** A fresh detector; called once per symbol. */
  readonly create: () => BarDetector;
  /** Protect mode: bars the detector flags are not learnt (default false). */
  readonly protect?: boolean;
}

/** A detector over the feature vectors of each symbol on one timeframe (e.g. a trained model). */
export interface FeatureDetectorSetup {
  /** Timeframe whose feature vectors it scores; features must be computed there. */
  readonly timeframe: string;
  /** A fresh detector; called once per symbol. */
  readonly create: () => VectorDetector;
  readonly protect?: boolean;
  /** Added to each anomaly's context (e.g. the model version). */
  readonly context?: Readonly<Record<string, number | string>>;
}

/** A detector over each symbol's quotes, or its trades and quotes (spread blow-out, processing latency). */
export interface EventDetectorSetup {
  /** What it scores, also its anomalies' timeframe: `quote` (quotes only) or `feed` (trades and quotes). */
  readonly stream: 'quote' | 'feed';
  /** A fresh detector; called once per symbol. */
  readonly create: () => Detector<Trade | Quote>;
  /** Triggered inputs at most this far apart (µs) are one anomaly (EventDetectorOperator). */
  readonly episodeGap: Micros;
}

/** A detector over the paired bar returns of two symbols (e.g. the correlation break). */
export interface PairDetectorSetup {
  readonly timeframe: string;
  /** The symbol the anomaly is reported on. */
  readonly first: string;
  /** Its reference (e.g. an index ETF). */
  readonly second: string;
  readonly create: () => VectorDetector;
  readonly protect?: boolean;
  /** Blame the reference when `quorum` other pairs against it break within `minutes` (ReferenceGroup); none when absent. */
  readonly reference?: { readonly quorum: number; readonly minutes: number };
}

export interface PipelineOptions {
  readonly instruments: readonly Instrument[];
  readonly timeframes: readonly string[];
  readonly validation: Omit<ValidatorConfig, 'symbols'>;
  readonly bars: {
    readonly closeDelay: Micros;
    readonly partialInterval: Micros | null;
    readonly fillGaps: boolean;
  };
  readonly detectors: readonly DetectorSetup[];
  /** Detectors over feature vectors (trained models); none when absent. */
  readonly featureDetectors?: readonly FeatureDetectorSetup[];
  /** Detectors over two symbols' bars (correlation breaks); none when absent. */
  readonly pairDetectors?: readonly PairDetectorSetup[];
  /** Detectors over each symbol's quotes or trades (spread blow-out, processing latency); none when absent. */
  readonly eventDetectors?: readonly EventDetectorSetup[];
  /** The indicators computed on closed bars of a (symbol, timeframe); none when absent. */
  readonly indicators?: (symbol: string, timeframe: string) => readonly IndicatorSelection[];
  /** Feature vectors per closed bar and cross-asset correlation, on these timeframes; none when absent. */
  readonly features?: {
    readonly timeframes: readonly string[];
    /** Common bar returns per correlation; 0 turns the correlation matrix off. */
    readonly correlationWindow: number;
  };
  /** Stale-feed monitor (no trade or quote during the session for this long); off when absent. */
  readonly staleFeed?: {
    readonly maxSilence: Micros;
    readonly criticalSilence: Micros;
  };
}

/** What `Pipeline.ingestBar` did with a provider bar. */
export type ProviderBarOutcome = 'ingested' | 'has-trades' | 'too-late' | 'rejected';

/** Processing time between stale-feed checks: silence is measured in seconds, not per call. */
const STALE_FEED_CHECK_INTERVAL: Micros = 1_000_000;

export interface PipelineState {
  readonly validator: ValidatorState;
  readonly symbols: Record<
    string,
    {
      bars: SymbolBarsState;
      detectors: unknown[];
      indicators?: Record<string, unknown[]>;
      features?: Record<string, FeatureEngineState>;
      featureDetectors?: unknown[];
      eventDetectors?: unknown[];
    }
  >;
  readonly pairs?: unknown[];
  readonly correlation?: Record<string, CorrelationMatrixState>;
  readonly staleFeed?: StaleFeedState;
}

interface SymbolPipeline {
  /** Position in `instruments` (the stale-feed monitor's index). */
  readonly index: number;
  readonly bars: SymbolBars;
  /** Detectors indexed by timeframe label, in configuration order. */
  readonly detectorsByTimeframe: ReadonlyMap<string, readonly DetectorOperator<unknown>[]>;
  readonly detectors: readonly DetectorOperator<unknown>[];
  /** Indicator banks by timeframe label (only timeframes with indicators). */
  readonly indicators: ReadonlyMap<string, IndicatorBank>;
  /** The latest forming bar by timeframe label, for intrabar indicator values on demand. */
  readonly forming: Map<string, PartialBar>;
  /** Feature engines by timeframe label; also fed every trade and quote of the symbol. */
  readonly features: ReadonlyMap<string, FeatureEngine>;
  readonly featureEngines: readonly FeatureEngine[];
  /** Feature-vector detectors by timeframe label, and all of them in configuration order. */
  readonly featureDetectorsByTimeframe: ReadonlyMap<string, readonly FeatureDetectorOperator<unknown>[]>;
  readonly featureDetectors: readonly FeatureDetectorOperator<unknown>[];
  /** Pair detectors this symbol is part of, by timeframe label (shared with the other symbol). */
  readonly pairsByTimeframe: ReadonlyMap<string, readonly PairDetectorOperator<unknown>[]>;
  /** Event detectors fed every trade, every quote, and all of them in configuration order. */
  readonly tradeDetectors: readonly EventDetectorOperator<Trade | Quote, unknown>[];
  readonly quoteDetectors: readonly EventDetectorOperator<Trade | Quote, unknown>[];
  readonly eventDetectors: readonly EventDetectorOperator<Trade | Quote, unknown>[];
}

export class Pipeline implements Operator<unknown, PipelineEvent, PipelineState> {
  private readonly validator: Validator;
  private readonly symbols = new Map<string, SymbolPipeline>();
  /** No builder has anything for onTime before this processing time (a lower bound). */
  private nextDeadline = Number.NEGATIVE_INFINITY;
  /** Cross-asset correlation by timeframe label. */
  private readonly correlation = new Map<string, CorrelationMatrix>();
  private readonly staleFeed: StaleFeedMonitor | null;
  private readonly pairs: PairDetectorOperator<unknown>[] = [];
  private nextStaleFeedCheck = Number.NEGATIVE_INFINITY;
  /** The emit of the call in progress; set at the top of next/onTime (avoids a closure per event). */
  private emit: Emit<PipelineEvent> = () => undefined;
  /**
   * Whether forming bars are passed on. A catch-up (warm-up history, replay of downtime) has no
   * one watching, so the run loop turns them off there; closed bars and state are unaffected.
   */
  emitPartials = true;

  constructor(
    private readonly options: PipelineOptions,
    private readonly clock: Clock,
  ) {
    this.validator = new Validator({ ...options.validation, symbols: options.instruments.map((i) => i.symbol) }, clock);
    const timeframes = options.timeframes.map(parseTimeframe);
    const pairsOf = this.pairOperators(options);
    for (const [index, instrument] of options.instruments.entries()) {
      const detectors: DetectorOperator<unknown>[] = [];
      const byTimeframe = new Map<string, DetectorOperator<unknown>[]>();
      for (const setup of options.detectors) {
        if (!options.timeframes.includes(setup.timeframe)) {
          throw new Error(
            `detector on timeframe ${setup.timeframe}, which is not built (timeframes: ${options.timeframes.join(', ')})`,
          );
        }
        const operator = new DetectorOperator(setup.create(), { protect: setup.protect === true });
        detectors.push(operator);
        const list = byTimeframe.get(setup.timeframe) ?? [];
        list.push(operator);
        byTimeframe.set(setup.timeframe, list);
      }
      this.symbols.set(instrument.symbol, {
        index,
        bars: new SymbolBars({
          symbol: instrument.symbol,
          timeframes,
          sessions: calendarFor(instrument.calendar),
          allowedLateness: options.validation.allowedLateness,
          closeDelay: options.bars.closeDelay,
          partialInterval: options.bars.partialInterval,
          fillGaps: options.bars.fillGaps,
        }),
        detectorsByTimeframe: byTimeframe,
        detectors,
        indicators: new Map(
          options.timeframes.flatMap((timeframe) => {
            const selections = options.indicators?.(instrument.symbol, timeframe) ?? [];
            return selections.length > 0 ? [[timeframe, new IndicatorBank(selections)] as const] : [];
          }),
        ),
        forming: new Map(),
        ...featureEnginesFor(instrument, options),
        ...featureDetectorsFor(options),
        pairsByTimeframe: pairsOf.get(instrument.symbol) ?? new Map(),
        ...eventDetectorsFor(options),
      });
    }
    this.staleFeed =
      options.staleFeed === undefined
        ? null
        : new StaleFeedMonitor({ instruments: options.instruments, ...options.staleFeed });
    const window = options.features?.correlationWindow ?? 0;
    if (window > 0 && options.instruments.length > MAX_CORRELATION_SYMBOLS) {
      // The matrix holds a rolling correlation per pair: O(symbols²) memory and work per bar time.
      throw new Error(
        `pipeline.features.correlationWindow: a correlation matrix over ${options.instruments.length} symbols would track ` +
          `${(options.instruments.length * (options.instruments.length - 1)) / 2} pairs — fix: set it to 0, or use at most ${MAX_CORRELATION_SYMBOLS} symbols`,
      );
    }
    if (window > 0 && options.instruments.length >= 2) {
      for (const timeframe of options.features?.timeframes ?? []) {
        this.correlation.set(
          timeframe,
          new CorrelationMatrix({ timeframe, symbols: options.instruments.map((i) => i.symbol), window }),
        );
      }
    }
  }

  /** Validates one raw input and pushes it through bars and detectors. */
  next(input: unknown, emit: Emit<PipelineEvent>): void {
    this.emit = emit;
    if (this.staleFeed !== null) {
      // Also on input time, before the input: a run catching up calls onTime only once per simulated
      // step, and a silence that ends with this input must be seen before the input re-arms it.
      const now = this.clock.now();
      if (now >= this.nextStaleFeedCheck) this.checkStaleFeed(now, emit);
    }
    this.validator.next(input, this.onValidated);
  }

  /**
   * Processing time reached `now`: close windows of quiet feeds (and what follows from them).
   * Cheap when nothing is due: the earliest deadline of all builders is kept, lowered by each
   * trade and recomputed after every pass, so most calls return at once.
   */
  onTime(now: Micros, emit: Emit<PipelineEvent>): void {
    if (this.staleFeed !== null && now >= this.nextStaleFeedCheck) this.checkStaleFeed(now, emit);
    if (now < this.nextDeadline) return;
    this.emit = emit;
    let earliest = Number.POSITIVE_INFINITY;
    for (const symbol of this.symbols.values()) {
      symbol.bars.onTime(now, this.onBarEvent);
      const deadline = symbol.bars.nextDeadline();
      if (deadline < earliest) earliest = deadline;
    }
    this.nextDeadline = earliest;
  }

  /**
   * A verdict on an anomaly (from a label or a user's accept/reject, fed by the edge): passed to
   * the bar detector that raised it on that symbol and timeframe, if it takes feedback (the
   * ensemble adapts its member weights). Returns whether a detector took it.
   */
  detectorFeedback(
    anomaly: { symbol: string; timeframe: string; detector: string },
    verdict: DetectorFeedback,
  ): boolean {
    const operators = this.symbols.get(anomaly.symbol)?.detectorsByTimeframe.get(anomaly.timeframe) ?? [];
    for (const operator of operators) if (operator.name === anomaly.detector) return operator.feedback(verdict);
    return false;
  }

  /** A live run restored after downtime: the stale-feed monitor counts silence from `now`, not the checkpoint. */
  resumeWatching(now: Micros): void {
    this.staleFeed?.resumeWatching(now);
  }

  private checkStaleFeed(now: Micros, emit: Emit<PipelineEvent>): void {
    // On a fixed grid of processing time, so a pipeline restored from a checkpoint checks when the original would.
    this.nextStaleFeedCheck = now - (now % STALE_FEED_CHECK_INTERVAL) + STALE_FEED_CHECK_INTERVAL;
    this.staleFeed?.onTime(now, emit);
  }

  /**
   * A closed provider bar (REST history for warm-up, a gap's minutes) for one of the built
   * timeframes, merged into the symbol's bars as if its trades had come (SymbolBars.ingestBar):
   * closed windows it completes flow to indicators, features and detectors like any bar, and
   * wider timeframes are built from it; a window it amends is published as a `bar.correction`.
   * Its own window keeps its trades if it has any ('has-trades'); older than what the bars still
   * hold is 'too-late'. A malformed bar is quarantined ('rejected'). Deterministic: the outcome
   * depends only on the pipeline's state, so a recording that holds the bar replays it alike.
   * Never on the per-trade path.
   */
  ingestBar(bar: Bar, emit: Emit<PipelineEvent>): ProviderBarOutcome {
    this.emit = emit;
    const symbol = this.symbols.get(bar.symbol);
    const problem = providerBarProblem(bar, symbol !== undefined, this.options.timeframes);
    if (problem !== null) {
      emit({
        type: 'quarantine',
        reason: problem.reason,
        detail: problem.detail,
        symbol: typeof bar.symbol === 'string' ? bar.symbol : '',
        ts: this.clock.now(),
        payload: bar,
      });
      return 'rejected';
    }
    const result = (symbol as SymbolPipeline).bars.ingestBar(bar, this.onBarEvent);
    const deadline = (symbol as SymbolPipeline).bars.nextDeadline();
    if (deadline < this.nextDeadline) this.nextDeadline = deadline;
    return result.outcome;
  }

  /** Quarantine counters by reason (never reset by snapshots). */
  quarantineCounts(): Readonly<Record<string, number>> {
    return this.validator.counts();
  }

  private readonly onValidated = (event: PipelineEvent): void => {
    this.emit(event);
    if (event.type === 'trade') {
      const symbol = this.symbols.get(event.symbol);
      if (symbol === undefined) return;
      // Bars first: a trade that closes a window is not part of that window's features.
      symbol.bars.next(event as Trade, this.onBarEvent);
      const deadline = symbol.bars.nextDeadline();
      if (deadline < this.nextDeadline) this.nextDeadline = deadline;
      for (const engine of symbol.featureEngines) engine.next(event as Trade, this.emit);
      for (const detector of symbol.tradeDetectors) detector.next(event as Trade, this.emit);
      this.staleFeed?.heard(symbol.index, event.tsRecv);
    } else if (event.type === 'quote') {
      const symbol = this.symbols.get(event.symbol);
      if (symbol === undefined) return;
      this.staleFeed?.heard(symbol.index, event.tsRecv);
      for (const engine of symbol.featureEngines) engine.next(event as Quote, this.emit);
      for (const detector of symbol.quoteDetectors) detector.next(event as Quote, this.emit);
    }
  };

  private readonly onBarEvent = (event: Bar | PartialBar | BarCorrection): void => {
    const symbol = this.symbols.get(event.symbol);
    if (event.type === 'bar.partial') {
      symbol?.forming.set(event.timeframe, event);
      if (this.emitPartials) this.emit(event);
      return;
    }
    this.emit(event);
    if (event.type !== 'bar' || symbol === undefined) return;
    symbol.forming.delete(event.timeframe);
    const bank = symbol.indicators.get(event.timeframe);
    if (bank !== undefined) this.emit(bank.update(event));
    symbol.features
      .get(event.timeframe)
      ?.next(event, symbol.featureDetectorsByTimeframe.has(event.timeframe) ? this.onFeatures : this.emit);
    this.correlation.get(event.timeframe)?.next(event, this.emit);
    const pairs = symbol.pairsByTimeframe.get(event.timeframe);
    if (pairs !== undefined) for (const pair of pairs) pair.next(event, this.emit);
    const detectors = symbol.detectorsByTimeframe.get(event.timeframe);
    if (detectors === undefined) return;
    for (const detector of detectors) detector.next(event, this.emit);
  };

  /** A feature vector of a timeframe with feature detectors: passed on, then scored. */
  private readonly onFeatures = (set: FeatureSet): void => {
    this.emit(set);
    const detectors = this.symbols.get(set.symbol)?.featureDetectorsByTimeframe.get(set.timeframe);
    if (detectors !== undefined) for (const detector of detectors) detector.next(set, this.emit);
  };

  /** Pair operators by symbol and timeframe; each pair's symbols must be instruments. */
  private pairOperators(options: PipelineOptions): Map<string, Map<string, PairDetectorOperator<unknown>[]>> {
    const bySymbol = new Map<string, Map<string, PairDetectorOperator<unknown>[]>>();
    const symbols = new Set(options.instruments.map((i) => i.symbol));
    // Pairs sharing a reference and timeframe share a ReferenceGroup when enough of them can form a quorum.
    const setups = options.pairDetectors ?? [];
    const groups = new Map<string, ReferenceGroup>();
    const groupOf = (setup: PairDetectorSetup): ReferenceGroup | undefined => {
      const reference = setup.reference;
      if (reference === undefined) return undefined;
      const key = `${setup.second}\t${setup.timeframe}`;
      const peers = setups.filter((s) => s.reference !== undefined && `${s.second}\t${s.timeframe}` === key).length;
      if (peers <= reference.quorum) return undefined;
      const group = groups.get(key) ?? new ReferenceGroup(reference.quorum, reference.minutes);
      groups.set(key, group);
      return group;
    };
    for (const setup of setups) {
      for (const symbol of [setup.first, setup.second]) {
        if (!symbols.has(symbol))
          throw new Error(
            `pipeline.detectors.correlationBreak.pairs: ${setup.first}/${setup.second} names ${symbol}, which is not an instrument of this run (${[...symbols].join(', ')}) — fix: remove the pair or add the symbol`,
          );
      }
      if (!options.timeframes.includes(setup.timeframe))
        throw new Error(
          `pair detector on timeframe ${setup.timeframe}, which is not built (timeframes: ${options.timeframes.join(', ')})`,
        );
      const operator = new PairDetectorOperator(setup.create(), setup.first, setup.second, setup.timeframe, {
        protect: setup.protect === true,
        group: groupOf(setup),
      });
      this.pairs.push(operator as PairDetectorOperator<unknown>);
      for (const symbol of [setup.first, setup.second]) {
        const byTimeframe = bySymbol.get(symbol) ?? new Map<string, PairDetectorOperator<unknown>[]>();
        const list = byTimeframe.get(setup.timeframe) ?? [];
        list.push(operator as PairDetectorOperator<unknown>);
        byTimeframe.set(setup.timeframe, list);
        bySymbol.set(symbol, byTimeframe);
      }
    }
    return bySymbol;
  }

  /**
   * Indicator values on the forming bar of (symbol, timeframe) as if it closed now — computed
   * on demand (by the API or a WebSocket send), never per trade; null when nothing is forming.
   */
  peekIndicators(symbol: string, timeframe: string): { bar: PartialBar; values: Record<string, number | null> } | null {
    const state = this.symbols.get(symbol);
    const bar = state?.forming.get(timeframe);
    const bank = state?.indicators.get(timeframe);
    if (bar === undefined || bank === undefined) return null;
    return { bar, values: bank.peek(bar) };
  }

  snapshot(): PipelineState {
    const symbols: PipelineState['symbols'] = {};
    for (const [name, symbol] of this.symbols) {
      const indicators: Record<string, unknown[]> = {};
      for (const [timeframe, bank] of symbol.indicators) indicators[timeframe] = bank.snapshot();
      const features: Record<string, FeatureEngineState> = {};
      for (const [timeframe, engine] of symbol.features) features[timeframe] = engine.snapshot();
      symbols[name] = {
        bars: symbol.bars.snapshot(),
        detectors: symbol.detectors.map((d) => d.snapshot()),
        indicators,
        features,
        featureDetectors: symbol.featureDetectors.map((d) => d.snapshot()),
        eventDetectors: symbol.eventDetectors.map((d) => d.snapshot()),
      };
    }
    const correlation: Record<string, CorrelationMatrixState> = {};
    for (const [timeframe, matrix] of this.correlation) correlation[timeframe] = matrix.snapshot();
    return {
      validator: this.validator.snapshot(),
      symbols,
      correlation,
      pairs: this.pairs.map((p) => p.snapshot()),
      ...(this.staleFeed === null ? {} : { staleFeed: this.staleFeed.snapshot() }),
    };
  }

  restore(state: PipelineState): void {
    this.nextDeadline = Number.NEGATIVE_INFINITY;
    this.nextStaleFeedCheck = Number.NEGATIVE_INFINITY;
    if (this.staleFeed !== null) {
      // A checkpoint from another universe or without the monitor starts it fresh.
      try {
        if (state.staleFeed === undefined) this.staleFeed.reset();
        else this.staleFeed.restore(state.staleFeed);
      } catch {
        this.staleFeed.reset();
      }
    }
    this.validator.restore(state.validator);
    restoreOrReset(this.pairs, state.pairs);
    for (const [timeframe, matrix] of this.correlation) {
      const saved = state.correlation?.[timeframe];
      // A matrix over a different symbol set cannot continue: it starts fresh.
      if (saved === undefined) matrix.reset();
      else {
        try {
          matrix.restore(saved);
        } catch {
          matrix.reset();
        }
      }
    }
    for (const [name, symbol] of this.symbols) {
      const saved = state.symbols[name];
      if (saved === undefined) {
        // A symbol added to the configuration since the checkpoint starts fresh.
        symbol.bars.reset();
        for (const detector of symbol.detectors) detector.reset();
        for (const bank of symbol.indicators.values()) bank.reset();
        for (const engine of symbol.featureEngines) engine.reset();
        for (const detector of symbol.featureDetectors) detector.reset();
        for (const detector of symbol.eventDetectors) detector.reset();
        symbol.forming.clear();
        continue;
      }
      // Checkpoints from before event detectors (or with others configured) start them fresh: they learn in minutes.
      restoreOrReset(symbol.eventDetectors, saved.eventDetectors);
      // Models come and go with the model files (a missing one is skipped), not only with the configuration.
      restoreOrReset(symbol.featureDetectors, saved.featureDetectors);
      for (const [timeframe, engine] of symbol.features) {
        const saved2 = saved.features?.[timeframe];
        if (saved2 === undefined) engine.reset();
        else engine.restore(saved2);
      }
      symbol.bars.restore(saved.bars);
      symbol.forming.clear();
      for (const [timeframe, bank] of symbol.indicators) {
        const banked = saved.indicators?.[timeframe];
        if (banked === undefined) bank.reset();
        else bank.restore(banked);
      }
      if (saved.detectors.length !== symbol.detectors.length) {
        throw new Error(
          `checkpoint for ${name} has ${saved.detectors.length} detectors, configuration has ${symbol.detectors.length}`,
        );
      }
      symbol.detectors.forEach((detector, i) => detector.restore(saved.detectors[i]));
    }
  }

  reset(): void {
    this.nextDeadline = Number.NEGATIVE_INFINITY;
    this.nextStaleFeedCheck = Number.NEGATIVE_INFINITY;
    this.staleFeed?.reset();
    this.validator.reset();
    for (const pair of this.pairs) pair.reset();
    for (const matrix of this.correlation.values()) matrix.reset();
    for (const symbol of this.symbols.values()) {
      symbol.bars.reset();
      for (const detector of symbol.detectors) detector.reset();
      for (const bank of symbol.indicators.values()) bank.reset();
      for (const engine of symbol.featureEngines) engine.reset();
      for (const detector of symbol.featureDetectors) detector.reset();
      for (const detector of symbol.eventDetectors) detector.reset();
      symbol.forming.clear();
    }
  }

  /** Latest cross-asset correlation matrix of a timeframe (for the API), or null. */
  correlationMatrix(timeframe: string): CorrelationMatrix | null {
    return this.correlation.get(timeframe) ?? null;
  }

  get instruments(): readonly Instrument[] {
    return this.options.instruments;
  }
}

function featureEnginesFor(
  instrument: Instrument,
  options: PipelineOptions,
): { features: ReadonlyMap<string, FeatureEngine>; featureEngines: readonly FeatureEngine[] } {
  const features = new Map<string, FeatureEngine>();
  for (const timeframe of options.features?.timeframes ?? []) {
    if (!options.timeframes.includes(timeframe)) {
      throw new Error(
        `features on timeframe ${timeframe}, which is not built (timeframes: ${options.timeframes.join(', ')})`,
      );
    }
    features.set(
      timeframe,
      new FeatureEngine({ symbol: instrument.symbol, timeframe, sessions: calendarFor(instrument.calendar) }),
    );
  }
  return { features, featureEngines: [...features.values()] };
}

function featureDetectorsFor(options: PipelineOptions): {
  featureDetectorsByTimeframe: ReadonlyMap<string, readonly FeatureDetectorOperator<unknown>[]>;
  featureDetectors: readonly FeatureDetectorOperator<unknown>[];
} {
  const byTimeframe = new Map<string, FeatureDetectorOperator<unknown>[]>();
  const all: FeatureDetectorOperator<unknown>[] = [];
  for (const setup of options.featureDetectors ?? []) {
    if (!(options.features?.timeframes ?? []).includes(setup.timeframe)) {
      throw new Error(
        `feature detector on timeframe ${setup.timeframe}, which has no feature vectors (features: ${(options.features?.timeframes ?? []).join(', ') || 'none'})`,
      );
    }
    const operator = new FeatureDetectorOperator(setup.create(), {
      protect: setup.protect === true,
      ...(setup.context === undefined ? {} : { context: setup.context }),
    });
    all.push(operator);
    const list = byTimeframe.get(setup.timeframe) ?? [];
    list.push(operator);
    byTimeframe.set(setup.timeframe, list);
  }
  return { featureDetectorsByTimeframe: byTimeframe, featureDetectors: all };
}

function eventDetectorsFor(options: PipelineOptions): {
  tradeDetectors: EventDetectorOperator<Trade | Quote, unknown>[];
  quoteDetectors: EventDetectorOperator<Trade | Quote, unknown>[];
  eventDetectors: EventDetectorOperator<Trade | Quote, unknown>[];
} {
  const tradeDetectors: EventDetectorOperator<Trade | Quote, unknown>[] = [];
  const quoteDetectors: EventDetectorOperator<Trade | Quote, unknown>[] = [];
  const eventDetectors: EventDetectorOperator<Trade | Quote, unknown>[] = [];
  for (const setup of options.eventDetectors ?? []) {
    // One operator per symbol: it keeps its detector for the one symbol it sees.
    const operator = new EventDetectorOperator(setup.create, setup.stream, { episodeGap: setup.episodeGap });
    eventDetectors.push(operator);
    quoteDetectors.push(operator);
    if (setup.stream === 'feed') tradeDetectors.push(operator);
  }
  return { tradeDetectors, quoteDetectors, eventDetectors };
}

/** Restores operators from a checkpoint; a different count or a state that does not fit starts them fresh. */
function restoreOrReset(
  operators: ReadonlyArray<{ restore(state: unknown): void; reset(): void }>,
  saved: readonly unknown[] | undefined,
): void {
  if (saved === undefined || saved.length !== operators.length) {
    for (const operator of operators) operator.reset();
    return;
  }
  operators.forEach((operator, i) => {
    try {
      operator.restore(saved[i]);
    } catch {
      operator.reset();
    }
  });
}

/**
 * The feature engine of one (symbol, timeframe): fed the symbol's trades and quotes and the
 * timeframe's closed bars, it emits one FeatureSet per closed bar (the schema's vector).
 *
 * Which quotes and trades count towards a bar (the microstructure features): those with tsEvent
 * at or after the previous closed bar's end and before this bar's end. The engine tells a
 * trade's bar window itself (intraday: the timeframe's epoch-aligned window; 1d: the session of
 * the calendar), so events that arrive before the bar they follow is closed — the trade that
 * closes a bar, quotes after a window's end — are held for the next bar, whatever the order in
 * which the pipeline feeds trades and bars. Quotes during windows without trades (no bar) count
 * towards the next bar. Events older than the last closed bar's end are ignored (`late`).
 *
 * Trade signs (Lee-Ready / tick rule) and VPIN buckets follow the arrival order of trades;
 * VPIN at a bar covers the trades received before the bar. Feed a bar before the trade that
 * closed it (the bar builder's natural order) and that is exactly the trades before its end.
 *
 * Other inputs are ignored: bars of other timeframes, forming bars and corrections (features
 * describe closed history, which corrections do not repaint here). O(1) per trade and quote.
 */
import type { Bar, BarCorrection, FeatureSet, Micros, PartialBar, Quote, Trade } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import { floorTo, parseTimeframe, type Timeframe } from '../core/time.js';
import { utcDaySessions, type SessionCalendar } from '../bars/sessions.js';
import { BarFeatures, type BarFeaturesState } from './bar-features.js';
import { BarFlow, microprice, spreadBps, type BarFlowState } from './bar-flow.js';
import { FEATURE_SCHEMA, SLOT } from './definitions.js';
import { emptyFeatureVector, featureValues, type FeatureVector } from './feature-vector.js';
import { OrderFlowImbalance, type BestQuote, type OrderFlowImbalanceState } from './order-flow-imbalance.js';
import { TradeClassifier, type TradeClassifierState } from './trade-classifier.js';
import { VPIN, type VPINOptions, type VPINState } from './vpin.js';

export type FeatureEngineInput = Trade | Quote | Bar | PartialBar | BarCorrection;

export interface FeatureEngineConfig {
  readonly symbol: string;
  /** Timeframe label whose closed bars trigger the vector, e.g. `1m`. */
  readonly timeframe: string;
  /** Daily (1d) bar windows; default UTC days. Pass the instrument's calendar (calendarFor). */
  readonly sessions?: SessionCalendar;
  readonly vpin?: VPINOptions;
  /** Horizons needing more bars than this are NaN (bounds memory on fine timeframes); default 4096. */
  readonly maxLookbackBars?: number;
}

export interface FeatureEngineState {
  readonly bars: BarFeaturesState;
  readonly classifier: TradeClassifierState;
  readonly orderFlow: OrderFlowImbalanceState;
  readonly vpin: VPINState;
  readonly current: BarFlowState;
  readonly ahead: BarFlowState;
  /** The last quote of the last closed bar that had one. */
  readonly standingQuote: BestQuote | null;
  readonly lastBarEnd: Micros | null;
  readonly late: number;
  readonly latest: (number | null)[];
}

export class FeatureEngine implements Operator<FeatureEngineInput, FeatureSet, FeatureEngineState> {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  private readonly sessions: SessionCalendar;
  private readonly barFeatures: BarFeatures;
  private readonly classifier = new TradeClassifier();
  private readonly orderFlow = new OrderFlowImbalance();
  private readonly vpin: VPIN;
  /** Flow of the bar being formed. */
  private current = new BarFlow();
  /** Flow at or after `current.boundary`, i.e. of the bar after it. */
  private ahead = new BarFlow();
  private readonly standingQuote = new BarFlow();
  private lastBarEnd = Number.NEGATIVE_INFINITY;
  private lateCount = 0;
  private readonly vector: FeatureVector = emptyFeatureVector();

  constructor(config: FeatureEngineConfig) {
    this.symbol = config.symbol;
    this.timeframe = parseTimeframe(config.timeframe);
    this.sessions = config.sessions ?? utcDaySessions();
    this.barFeatures = new BarFeatures(this.timeframe, config.maxLookbackBars);
    this.vpin = new VPIN(config.vpin);
  }

  /** The vector of the last closed bar (NaN before one); overwritten by the next bar. */
  get latest(): FeatureVector {
    return this.vector;
  }

  /** Trades and quotes ignored because they were older than the last closed bar's end. */
  get late(): number {
    return this.lateCount;
  }

  next(input: FeatureEngineInput, emit: Emit<FeatureSet>): void {
    switch (input.type) {
      case 'trade':
        this.checkSymbol(input);
        this.onTrade(input);
        return;
      case 'quote':
        this.checkSymbol(input);
        this.onQuote(input);
        return;
      case 'bar':
        if (input.timeframe !== this.timeframe.label) return;
        this.checkSymbol(input);
        this.onBar(input, emit);
        return;
      default:
        return;
    }
  }

  onTime(_now: Micros, _emit: Emit<FeatureSet>): void {
    // Vectors follow closed bars; the bar builder owns the timers.
  }

  private checkSymbol(input: { readonly symbol: string }): void {
    if (input.symbol !== this.symbol)
      throw new Error(`feature engine for ${this.symbol} received an event of ${input.symbol}: route events by symbol`);
  }

  /** End of the bar window containing `ts`. */
  private windowEnd(ts: Micros): Micros {
    if (this.timeframe.kind === 'intraday') return floorTo(ts, this.timeframe.micros) + this.timeframe.micros;
    const session = this.sessions.sessionAt(ts) ?? this.sessions.nextSession(ts);
    return session === null ? Number.POSITIVE_INFINITY : session.end;
  }

  private flowFor(ts: Micros): BarFlow {
    return ts < this.current.boundary ? this.current : this.ahead;
  }

  private onTrade(trade: Trade): void {
    const ts = trade.tsEvent;
    if (ts < this.lastBarEnd) {
      this.lateCount++;
      return;
    }
    const sign = this.classifier.classify(trade.price);
    this.vpin.addTrade(trade.size, sign);
    const flow = this.flowFor(ts);
    if (flow.boundary === Number.POSITIVE_INFINITY) flow.boundary = this.windowEnd(ts);
    flow.addTrade(trade.size, sign);
  }

  private onQuote(quote: Quote): void {
    if (quote.tsEvent < this.lastBarEnd) {
      this.lateCount++;
      return;
    }
    const { bidPrice, bidSize, askPrice, askSize } = quote;
    this.classifier.observeQuote(bidPrice, askPrice);
    const ofi = this.orderFlow.update(bidPrice, bidSize, askPrice, askSize);
    this.flowFor(quote.tsEvent).addQuote(bidPrice, bidSize, askPrice, askSize, ofi);
  }

  private onBar(bar: Bar, emit: Emit<FeatureSet>): void {
    if (bar.end <= this.lastBarEnd) return; // already described
    const boundary = this.current.boundary;
    // A bar ending before the current flow's window (a flat bar of an empty window) had no flow.
    const ownsFlow = !(bar.end < boundary && boundary !== Number.POSITIVE_INFINITY);
    // A bar ending after it: the bar of the current flow never came (a start mid-stream, a lost
    // bar); this bar takes both flows rather than lag one bar behind from now on.
    if (bar.end > boundary && this.ahead.boundary <= bar.end) {
      this.current.merge(this.ahead);
      this.ahead.clear();
    }
    const flow = ownsFlow ? this.current : EMPTY_FLOW;
    const values = this.vector.values;
    this.barFeatures.update(bar, values);
    this.writeMicrostructure(flow, values);
    this.vpin.observeBar(bar.volume);

    if (ownsFlow) {
      if (flow.hasQuote) {
        this.standingQuote.clear();
        this.standingQuote.addQuote(flow.bidPrice, flow.bidSize, flow.askPrice, flow.askSize, 0);
      }
      const next = this.ahead;
      this.ahead = this.current;
      this.ahead.clear();
      this.current = next;
    }
    this.lastBarEnd = bar.end;
    emit({
      type: 'features',
      symbol: this.symbol,
      timeframe: this.timeframe.label,
      ts: bar.end,
      start: bar.start,
      tsRecv: bar.tsRecv,
      schemaVersion: FEATURE_SCHEMA.version,
      names: FEATURE_SCHEMA.names,
      values: featureValues(this.vector),
    });
  }

  private writeMicrostructure(flow: BarFlow, out: Float64Array): void {
    const quote: BarFlow | null = flow.hasQuote ? flow : this.standingQuote.hasQuote ? this.standingQuote : null;
    if (quote === null) {
      out[SLOT.spreadBps] = out[SLOT.mid] = out[SLOT.microprice] = out[SLOT.ofi] = Number.NaN;
    } else {
      out[SLOT.spreadBps] = flow.hasQuote
        ? flow.spreadBpsSum / flow.quoteUpdates
        : spreadBps(quote.bidPrice, quote.askPrice);
      out[SLOT.mid] = (quote.bidPrice + quote.askPrice) / 2;
      out[SLOT.microprice] = microprice(quote);
      out[SLOT.ofi] = flow.ofiSum;
    }
    out[SLOT.tradeSignImbalance] = flow.trades > 0 ? (flow.buys - flow.sells) / flow.trades : Number.NaN;
    out[SLOT.buySellRatio] = flow.sellVolume > 0 ? flow.buyVolume / flow.sellVolume : Number.NaN;
    const signedVolume = flow.buyVolume + flow.sellVolume;
    out[SLOT.buyVolumeShare] = signedVolume > 0 ? flow.buyVolume / signedVolume : Number.NaN;
    out[SLOT.vpin] = this.vpin.value;
  }

  snapshot(): FeatureEngineState {
    const standing = this.standingQuote.snapshot().lastQuote;
    return {
      bars: this.barFeatures.snapshot(),
      classifier: this.classifier.snapshot(),
      orderFlow: this.orderFlow.snapshot(),
      vpin: this.vpin.snapshot(),
      current: this.current.snapshot(),
      ahead: this.ahead.snapshot(),
      standingQuote: standing,
      lastBarEnd: Number.isFinite(this.lastBarEnd) ? this.lastBarEnd : null,
      late: this.lateCount,
      latest: featureValues(this.vector),
    };
  }

  restore(state: FeatureEngineState): void {
    this.barFeatures.restore(state.bars);
    this.classifier.restore(state.classifier);
    this.orderFlow.restore(state.orderFlow);
    this.vpin.restore(state.vpin);
    this.current.restore(state.current);
    this.ahead.restore(state.ahead);
    this.standingQuote.clear();
    const standing = state.standingQuote;
    if (standing !== null)
      this.standingQuote.addQuote(standing.bidPrice, standing.bidSize, standing.askPrice, standing.askSize, 0);
    this.lastBarEnd = state.lastBarEnd ?? Number.NEGATIVE_INFINITY;
    this.lateCount = state.late;
    state.latest.forEach((x, i) => (this.vector.values[i] = x ?? Number.NaN));
  }

  reset(): void {
    this.barFeatures.reset();
    this.classifier.reset();
    this.orderFlow.reset();
    this.vpin.reset();
    this.current.clear();
    this.ahead.clear();
    this.standingQuote.clear();
    this.lastBarEnd = Number.NEGATIVE_INFINITY;
    this.lateCount = 0;
    this.vector.values.fill(Number.NaN);
  }
}

/** The flow of a bar that had no quotes or trades of its own (never written to). */
const EMPTY_FLOW = new BarFlow();

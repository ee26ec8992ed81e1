/**
 * One symbol's generator: its efficient price, its quotes and trades, and its injected anomalies.
 *
 * The simulator drives it in steps (one second of event time): `beginStep` draws the step's
 * log-price increment (market factor × beta + idiosyncratic GARCH-t shock, scaled by intraday
 * activity and any anomaly) and the first arrival of a Poisson process of trades and quotes;
 * `emitNext` produces one arrival, placing the efficient price on a Brownian bridge between the
 * step's end points; `endStep` moves to the step's end. All randomness comes from the symbol's
 * own Random, so a symbol's path depends only on the seed, its own parameters and the market
 * factor — not on which other symbols are simulated.
 */
import type { Label, Micros, Quote, Side, Trade } from '../../core/events.js';
import { Random } from '../../core/random.js';
import type { RandomState } from '../../core/random.js';
import { MICROS_PER_SECOND } from '../../core/time.js';
import {
  anomalyLabel,
  anomalyLogOffset,
  ANOMALY_DURATION_SECONDS,
  drawAnomaly,
  meanAnomalySeconds,
} from './anomalies.js';
import type { ActiveAnomaly } from './anomalies.js';
import type { AnomalyKind, SimulatedInstrument } from './config.js';
import { DEFAULT_QUOTES_PER_TRADE } from './config.js';
import type { FeedLatency } from './feed-latency.js';
import { GarchVariance, studentT } from './volatility.js';
import type { VarianceState } from './volatility.js';

const STOCK_TRADING_SECONDS_PER_YEAR = 252 * 23_400;
const CRYPTO_SECONDS_PER_YEAR = 365 * 86_400;
/** Share of a stock's close-to-close variance that accrues during the session (the rest is the overnight gap). */
const STOCK_SESSION_VARIANCE_SHARE = 0.8;
const STOCK_SESSION_SECONDS = 23_400;
const CRYPTO_DAY_SECONDS = 86_400;
/** Probability that a trade prints strictly inside a spread of two ticks or more. */
const INSIDE_TRADE_PROBABILITY = 0.1;
/** Share of stock trades that are odd lots (1–99 shares). */
const ODD_LOT_SHARE = 0.35;
/** Pareto tail index of round-lot counts: most trades are one lot, a few are dozens. */
const ROUND_LOTS_TAIL = 1.6;
const MAX_ROUND_LOTS = 50;
const CRYPTO_TRADE_NOTIONAL = 1_500;
const CRYPTO_QUOTE_NOTIONAL = 25_000;
const CRYPTO_SIZE_STEP = 1e8; // sizes in units of 1e-8

/** What the market factor did during the current step. */
export interface MarketStep {
  /** Shock of the step (variance `variance` × seconds). */
  readonly shock: number;
  /** Variance per second of the market factor during the step. */
  readonly variance: number;
}

export interface SymbolState {
  readonly random: RandomState;
  readonly garch: VarianceState;
  readonly logPrice: number;
  readonly stepEndLog: number;
  readonly bridgeRate: number;
  readonly cursor: Micros;
  readonly stepEnd: Micros;
  readonly nextArrival: number;
  readonly arrivalsPerMicro: number;
  readonly tradeSizeMultiplier: number;
  readonly spreadWidening: number;
  readonly spreadMultiplier: number;
  readonly depthMultiplier: number;
  readonly hasQuote: boolean;
  readonly bidTicks: number;
  readonly askTicks: number;
  readonly tradeSequence: number;
  readonly labelSequence: number;
  readonly anomaly: ActiveAnomaly | null;
  readonly secondsUntilAnomaly: number;
}

export interface AnomalySettings {
  readonly perSymbolDay: number;
  readonly kinds: readonly AnomalyKind[];
}

export class SymbolSimulator {
  readonly symbol: string;
  readonly isStock: boolean;
  private readonly random: Random;
  private readonly garch: GarchVariance;
  // Loadings per √second on the standardised market and idiosyncratic shocks.
  private readonly marketLoading: number;
  private readonly idiosyncraticLoading: number;
  /** Idiosyncratic loading that carries the whole variance when the beta is removed. */
  private readonly totalLoading: number;
  private readonly marketGapLoading: number;
  private readonly idiosyncraticGapLoading: number;
  private readonly arrivalsPerSecond: number;
  private readonly tradeProbability: number;
  private readonly tickSize: number;
  /** 1/tickSize when that is a whole number (exact decimal prices), else 0. */
  private readonly ticksPerUnit: number;
  private readonly spreadFraction: number;
  private readonly anomalySettings: AnomalySettings;
  private readonly meanSecondsBetweenAnomalies: number;

  private logPrice: number;
  private stepEndLog: number;
  /** Variance of the efficient log price per microsecond during the step (Brownian bridge). */
  private bridgeRate = 0;
  private cursor: Micros = 0;
  private stepEnd: Micros = 0;
  /** Next arrival (continuous µs); ≥ stepEnd means none in this step. */
  nextArrival = 0;
  private arrivalsPerMicro = 0;
  private tradeSizeMultiplier = 1;
  private spreadWidening = 1;
  private spreadMultiplier = 1;
  private depthMultiplier = 1;
  private hasQuote = false;
  private bidTicks = 0;
  private askTicks = 0;
  private tradeSequence = 0;
  private labelSequence = 0;
  private anomaly: ActiveAnomaly | null = null;
  private secondsUntilAnomaly = 0;

  constructor(
    instrument: SimulatedInstrument,
    seed: number | string,
    marketVolatility: number,
    anomalies: AnomalySettings,
    private readonly feed: FeedLatency,
  ) {
    this.symbol = instrument.symbol;
    this.isStock = instrument.calendar === 'nyse';
    this.random = new Random(`${String(seed)}/symbol/${instrument.symbol}`);
    this.garch = new GarchVariance(this.random);
    const volatility = instrument.annualVolatility;
    const systematic = instrument.marketBeta * marketVolatility;
    const idiosyncraticVariance = Math.max(volatility * volatility - systematic * systematic, 0);
    const perSecond = this.isStock
      ? STOCK_SESSION_VARIANCE_SHARE / STOCK_TRADING_SECONDS_PER_YEAR
      : 1 / CRYPTO_SECONDS_PER_YEAR;
    this.marketLoading = systematic * Math.sqrt(perSecond);
    this.idiosyncraticLoading = Math.sqrt(idiosyncraticVariance * perSecond);
    this.totalLoading = volatility * Math.sqrt(perSecond);
    const perGap = (1 - STOCK_SESSION_VARIANCE_SHARE) / 252;
    this.marketGapLoading = systematic * Math.sqrt(perGap);
    this.idiosyncraticGapLoading = Math.sqrt(idiosyncraticVariance * perGap);
    const quotesPerTrade = instrument.quotesPerTrade ?? DEFAULT_QUOTES_PER_TRADE;
    this.arrivalsPerSecond = instrument.tradesPerSecond * (1 + quotesPerTrade);
    this.tradeProbability = 1 / (1 + quotesPerTrade);
    this.tickSize = instrument.tickSize;
    const inverse = Math.round(1 / instrument.tickSize);
    this.ticksPerUnit = inverse >= 1 && Math.abs(inverse * instrument.tickSize - 1) < 1e-9 ? inverse : 0;
    this.spreadFraction = instrument.spreadBps / 10_000;
    this.logPrice = Math.log(instrument.startPrice);
    this.stepEndLog = this.logPrice;
    this.anomalySettings = anomalies;
    const daySeconds = this.isStock ? STOCK_SESSION_SECONDS : CRYPTO_DAY_SECONDS;
    // A renewal process (wait, then anomaly) whose mean cycle gives the requested rate.
    this.meanSecondsBetweenAnomalies =
      anomalies.perSymbolDay > 0
        ? Math.max(daySeconds / anomalies.perSymbolDay - meanAnomalySeconds(anomalies.kinds), 60)
        : 0;
    this.secondsUntilAnomaly = this.drawAnomalyWait();
  }

  /** Stocks at the session open: the overnight gap, and no quote until the first update. */
  openSession(marketGap: number): void {
    this.logPrice += this.marketGapLoading * marketGap + this.idiosyncraticGapLoading * studentT(this.random);
    this.stepEndLog = this.logPrice;
    this.hasQuote = false;
  }

  /**
   * Starts a step [start, end) in which the symbol trades. `activity` is the intraday profile;
   * `latestAnomalyEnd` is the session close (or +Infinity). Emits the label of an anomaly that
   * starts now. Returns true when the symbol has an arrival within the step.
   */
  beginStep(
    start: Micros,
    end: Micros,
    activity: number,
    market: MarketStep,
    latestAnomalyEnd: number,
    emit: (label: Label) => void,
  ): boolean {
    const seconds = (end - start) / MICROS_PER_SECOND;
    this.updateAnomaly(start, seconds, latestAnomalyEnd, emit);
    const anomaly = this.anomaly;
    const volatility = anomaly ? anomaly.volatility : 1;
    const betaFactor = anomaly ? anomaly.betaFactor : 1;
    const varianceScale = activity * volatility * volatility;
    const conditional = this.garch.conditionalVariance();
    const idiosyncraticVariance = this.garch.currentVariance();
    const idiosyncraticShock = this.garch.step(this.random, seconds);
    const marketLoading = this.marketLoading * betaFactor;
    const idiosyncraticLoading = betaFactor === 0 ? this.totalLoading : this.idiosyncraticLoading;
    const stepVariance =
      varianceScale *
      seconds *
      (marketLoading * marketLoading * market.variance +
        idiosyncraticLoading * idiosyncraticLoading * idiosyncraticVariance);
    this.stepEndLog =
      this.logPrice +
      Math.sqrt(varianceScale) * (marketLoading * market.shock + idiosyncraticLoading * idiosyncraticShock) -
      stepVariance / 2;
    this.bridgeRate = stepVariance / (end - start);
    this.cursor = start;
    this.stepEnd = end;
    this.spreadWidening = Math.min(Math.max(Math.sqrt(conditional) * volatility, 0.5), 8);
    this.spreadMultiplier = anomaly ? anomaly.spread : 1;
    this.depthMultiplier = anomaly ? anomaly.depth : 1;
    this.tradeSizeMultiplier = anomaly ? anomaly.tradeSize : 1;
    const arrivals = anomaly?.silent ? 0 : this.arrivalsPerSecond * activity * (anomaly ? anomaly.activity : 1);
    this.arrivalsPerMicro = arrivals / MICROS_PER_SECOND;
    this.nextArrival = arrivals > 0 ? start + this.arrivalGap() : end;
    return this.nextArrival < end;
  }

  /** Emits the pending arrival (a quote, or a trade possibly preceded by a quote) and draws the next. */
  emitNext(emit: (event: Trade | Quote) => void): void {
    const ts = Math.floor(this.nextArrival);
    this.moveBridgeTo(ts);
    const anomaly = this.anomaly;
    const logPrice =
      anomaly !== null && anomaly.moveLog !== 0 ? this.logPrice + anomalyLogOffset(anomaly, ts) : this.logPrice;
    const price = Math.exp(logPrice);
    if (this.random.uniform() < this.tradeProbability) this.emitTrade(ts, price, emit);
    else this.emitQuote(ts, price, emit);
    this.nextArrival += this.arrivalGap();
  }

  /** The step is over: the efficient price sits at the step's end point. */
  endStep(): void {
    this.logPrice = this.stepEndLog;
    this.cursor = this.stepEnd;
  }

  private arrivalGap(): number {
    return -Math.log(this.random.uniformOpen()) / this.arrivalsPerMicro;
  }

  /** Brownian bridge from (cursor, logPrice) to (stepEnd, stepEndLog), sampled at ts. */
  private moveBridgeTo(ts: Micros): void {
    const elapsed = ts - this.cursor;
    if (elapsed <= 0) return;
    const remaining = this.stepEnd - this.cursor;
    const mean = this.logPrice + ((this.stepEndLog - this.logPrice) * elapsed) / remaining;
    const variance = (this.bridgeRate * elapsed * (this.stepEnd - ts)) / remaining;
    this.logPrice = mean + Math.sqrt(variance) * this.random.normal();
    this.cursor = ts;
  }

  private priceOf(ticks: number): number {
    return this.ticksPerUnit > 0 ? ticks / this.ticksPerUnit : ticks * this.tickSize;
  }

  private emitQuote(ts: Micros, price: number, emit: (event: Quote) => void): void {
    const centre = price / this.tickSize;
    const jitter = 0.75 + 0.5 * this.random.uniform();
    let spread = Math.max(1, Math.round(centre * this.spreadFraction * this.spreadWidening * jitter));
    if (this.spreadMultiplier !== 1) spread = Math.max(1, Math.round(spread * this.spreadMultiplier));
    this.bidTicks = Math.max(1, Math.round(centre - spread / 2));
    this.askTicks = this.bidTicks + spread;
    this.hasQuote = true;
    const bidSize = this.quoteSize(price);
    const askSize = this.quoteSize(price);
    emit({
      type: 'quote',
      symbol: this.symbol,
      tsEvent: ts,
      tsRecv: this.feed.receiveTime(ts),
      bidPrice: this.priceOf(this.bidTicks),
      bidSize,
      askPrice: this.priceOf(this.askTicks),
      askSize,
      source: 'simulator',
    });
  }

  private emitTrade(ts: Micros, price: number, emit: (event: Trade | Quote) => void): void {
    const centre = price / this.tickSize;
    // Refresh a quote the efficient price has left: trades print against the current book.
    if (!this.hasQuote || centre < this.bidTicks || centre > this.askTicks) this.emitQuote(ts, price, emit);
    const bid = this.bidTicks;
    const ask = this.askTicks;
    const spread = ask - bid;
    let ticks: number;
    let side: Side;
    if (spread >= 2 && this.random.uniform() < INSIDE_TRADE_PROBABILITY) {
      ticks = bid + 1 + Math.floor(this.random.uniform() * (spread - 1));
      const fromMid = 2 * ticks - bid - ask;
      side = fromMid > 0 ? 'buy' : fromMid < 0 ? 'sell' : 'unknown';
    } else {
      // Informed flow: buyers dominate when the efficient price sits near the ask.
      const buyProbability = Math.min(Math.max((centre - bid) / spread, 0.15), 0.85);
      const buy = this.random.uniform() < buyProbability;
      ticks = buy ? ask : bid;
      side = buy ? 'buy' : 'sell';
    }
    this.tradeSequence++;
    emit({
      type: 'trade',
      symbol: this.symbol,
      tsEvent: ts,
      tsRecv: this.feed.receiveTime(ts),
      price: this.priceOf(ticks),
      size: this.tradeSize(price),
      side,
      tradeId: `${this.symbol}-${this.tradeSequence}`,
      source: 'simulator',
    });
  }

  private tradeSize(price: number): number {
    const multiplier = this.tradeSizeMultiplier;
    if (!this.isStock) {
      const notional = CRYPTO_TRADE_NOTIONAL * Math.exp(1.2 * this.random.normal()) * multiplier;
      return Math.max(1, Math.round((notional / price) * CRYPTO_SIZE_STEP)) / CRYPTO_SIZE_STEP;
    }
    const u = this.random.uniform();
    const shares =
      u < ODD_LOT_SHARE
        ? 1 + Math.floor((u / ODD_LOT_SHARE) * 99)
        : 100 * Math.min(MAX_ROUND_LOTS, Math.floor(Math.pow(this.random.uniformOpen(), -1 / ROUND_LOTS_TAIL)));
    return multiplier === 1 ? shares : Math.max(1, Math.round(shares * multiplier));
  }

  private quoteSize(price: number): number {
    if (!this.isStock) {
      const notional = CRYPTO_QUOTE_NOTIONAL * Math.exp(0.8 * this.random.normal()) * this.depthMultiplier;
      return Math.max(1, Math.round((notional / price) * CRYPTO_SIZE_STEP)) / CRYPTO_SIZE_STEP;
    }
    const lots = 1 + Math.floor(-Math.log(this.random.uniformOpen()) * 4);
    return 100 * Math.max(1, Math.round(lots * this.depthMultiplier));
  }

  private drawAnomalyWait(): number {
    if (this.meanSecondsBetweenAnomalies === 0) return 0;
    return -Math.log(this.random.uniformOpen()) * this.meanSecondsBetweenAnomalies;
  }

  /** Ends a finished anomaly (its price residual persists) and starts the next when its wait is over. */
  private updateAnomaly(start: Micros, seconds: number, latestEnd: number, emit: (label: Label) => void): void {
    if (this.anomaly !== null) {
      if (start < this.anomaly.end) return;
      this.logPrice += this.anomaly.residualLog;
      this.anomaly = null;
      this.secondsUntilAnomaly = this.drawAnomalyWait();
    }
    if (this.meanSecondsBetweenAnomalies === 0) return;
    this.secondsUntilAnomaly -= seconds;
    if (this.secondsUntilAnomaly > 0) return;
    const kinds = this.anomalySettings.kinds;
    const available = (latestEnd - start) / MICROS_PER_SECOND;
    let fitting = 0;
    for (const kind of kinds) if (ANOMALY_DURATION_SECONDS[kind][0] <= available) fitting++;
    if (fitting === 0) {
      this.secondsUntilAnomaly = this.drawAnomalyWait(); // too close to the close for any kind
      return;
    }
    let pick = Math.floor(this.random.uniform() * fitting);
    let chosen: AnomalyKind | undefined;
    for (const kind of kinds) {
      if (ANOMALY_DURATION_SECONDS[kind][0] > available) continue;
      if (pick-- === 0) {
        chosen = kind;
        break;
      }
    }
    if (chosen === undefined) return;
    this.anomaly = drawAnomaly(chosen, this.random, start, latestEnd);
    if (this.anomaly !== null) emit(anomalyLabel(this.symbol, ++this.labelSequence, this.anomaly));
  }

  snapshot(): SymbolState {
    return {
      random: this.random.snapshot(),
      garch: this.garch.snapshot(),
      logPrice: this.logPrice,
      stepEndLog: this.stepEndLog,
      bridgeRate: this.bridgeRate,
      cursor: this.cursor,
      stepEnd: this.stepEnd,
      nextArrival: this.nextArrival,
      arrivalsPerMicro: this.arrivalsPerMicro,
      tradeSizeMultiplier: this.tradeSizeMultiplier,
      spreadWidening: this.spreadWidening,
      spreadMultiplier: this.spreadMultiplier,
      depthMultiplier: this.depthMultiplier,
      hasQuote: this.hasQuote,
      bidTicks: this.bidTicks,
      askTicks: this.askTicks,
      tradeSequence: this.tradeSequence,
      labelSequence: this.labelSequence,
      anomaly: this.anomaly,
      secondsUntilAnomaly: this.secondsUntilAnomaly,
    };
  }

  restore(state: SymbolState): void {
    this.random.restore(state.random);
    this.garch.restore(state.garch);
    this.logPrice = state.logPrice;
    this.stepEndLog = state.stepEndLog;
    this.bridgeRate = state.bridgeRate;
    this.cursor = state.cursor;
    this.stepEnd = state.stepEnd;
    this.nextArrival = state.nextArrival;
    this.arrivalsPerMicro = state.arrivalsPerMicro;
    this.tradeSizeMultiplier = state.tradeSizeMultiplier;
    this.spreadWidening = state.spreadWidening;
    this.spreadMultiplier = state.spreadMultiplier;
    this.depthMultiplier = state.depthMultiplier;
    this.hasQuote = state.hasQuote;
    this.bidTicks = state.bidTicks;
    this.askTicks = state.askTicks;
    this.tradeSequence = state.tradeSequence;
    this.labelSequence = state.labelSequence;
    this.anomaly = state.anomaly === null ? null : { ...state.anomaly };
    this.secondsUntilAnomaly = state.secondsUntilAnomaly;
  }
}

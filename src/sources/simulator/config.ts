/**
 * Configuration of the built-in market simulator: the instruments it trades, how many anomalies
 * it injects, and the feed latency. Validated once, with messages that say what to change.
 */
import type { SessionCalendar } from '../../bars/sessions.js';
import type { Instrument, Micros } from '../../core/events.js';

/** Kinds of injected anomaly; each becomes a ground-truth `Label` with this `kind`. */
export type AnomalyKind =
  | 'volume_spike'
  | 'price_jump'
  | 'flash_crash'
  | 'volatility_regime'
  | 'correlation_break'
  | 'liquidity_drought'
  | 'stale_feed';

export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'volume_spike',
  'price_jump',
  'flash_crash',
  'volatility_regime',
  'correlation_break',
  'liquidity_drought',
  'stale_feed',
];

export interface SimulatedInstrument extends Instrument {
  readonly startPrice: number;
  /** Annualised volatility of close-to-close log returns, e.g. 0.25 for a stock, 0.6 for crypto. */
  readonly annualVolatility: number;
  /**
   * Regression beta on the common market factor (whose annual volatility is
   * `SimulatorConfig.marketVolatility`). Two symbols correlate by
   * beta1 × beta2 × marketVolatility² / (volatility1 × volatility2).
   */
  readonly marketBeta: number;
  /** Mean trade arrival rate during the session (stocks: shaped over the day by a U-curve). */
  readonly tradesPerSecond: number;
  /** Typical quoted spread in basis points of the price (never less than one tick). */
  readonly spreadBps: number;
  /** Quote updates per trade on average (default 2). */
  readonly quotesPerTrade?: number;
}

export interface SimulatorConfig {
  readonly seed: number | string;
  /** Simulation start (event time, integer microseconds). */
  readonly start: Micros;
  readonly instruments: readonly SimulatedInstrument[];
  /** Expected injected anomalies per symbol per session day (24 h for crypto); 0 disables them. */
  readonly anomaliesPerSymbolDay: number;
  /** Kinds to inject (default: all). */
  readonly anomalyKinds?: readonly AnomalyKind[];
  /** Mean of tsRecv − tsEvent (exponentially distributed, at least 1 µs). */
  readonly meanLatency: Micros;
  /** Annual volatility of the common market factor (default 0.16). */
  readonly marketVolatility?: number;
  /**
   * Sessions in which `nyse` instruments trade (default: the bars' NYSE regular sessions with
   * this folder's holiday and early-close rules). Pass the pipeline's calendar to keep them in step.
   */
  readonly nyseCalendar?: SessionCalendar;
}

export const DEFAULT_MARKET_VOLATILITY = 0.16;
export const DEFAULT_QUOTES_PER_TRADE = 2;

/** Throws an Error naming the first bad field and what a valid value looks like. */
export function validateSimulatorConfig(config: SimulatorConfig): void {
  const fail = (message: string): never => {
    throw new Error(`invalid simulator config: ${message}`);
  };
  if (!Number.isSafeInteger(config.start)) fail(`start must be integer microseconds, got ${config.start}`);
  if (!Number.isFinite(config.meanLatency) || config.meanLatency < 1) {
    fail(`meanLatency must be at least 1 µs, got ${config.meanLatency}`);
  }
  if (!Number.isFinite(config.anomaliesPerSymbolDay) || config.anomaliesPerSymbolDay < 0) {
    fail(`anomaliesPerSymbolDay must be 0 or more, got ${config.anomaliesPerSymbolDay}`);
  }
  if (config.anomalyKinds) {
    if (config.anomalyKinds.length === 0) fail('anomalyKinds must name at least one kind (or be left out for all)');
    for (const kind of config.anomalyKinds) {
      if (!ANOMALY_KINDS.includes(kind)) fail(`unknown anomaly kind "${kind}": use one of ${ANOMALY_KINDS.join(', ')}`);
    }
  }
  const marketVolatility = config.marketVolatility ?? DEFAULT_MARKET_VOLATILITY;
  if (!(marketVolatility > 0) || !Number.isFinite(marketVolatility)) {
    fail(`marketVolatility must be positive, got ${marketVolatility}`);
  }
  if (config.instruments.length === 0) fail('instruments must list at least one instrument');
  const seen = new Set<string>();
  for (const instrument of config.instruments) {
    const name = instrument.symbol;
    if (!name) fail('every instrument needs a symbol');
    if (seen.has(name)) fail(`symbol ${name} is listed twice`);
    seen.add(name);
    const positive = (field: string, value: number): void => {
      if (!(value > 0) || !Number.isFinite(value)) fail(`${name}: ${field} must be positive, got ${value}`);
    };
    positive('startPrice', instrument.startPrice);
    positive('annualVolatility', instrument.annualVolatility);
    positive('tradesPerSecond', instrument.tradesPerSecond);
    positive('spreadBps', instrument.spreadBps);
    positive('tickSize', instrument.tickSize);
    if (instrument.quotesPerTrade !== undefined && !(instrument.quotesPerTrade >= 0)) {
      fail(`${name}: quotesPerTrade must be 0 or more, got ${instrument.quotesPerTrade}`);
    }
    if (!Number.isFinite(instrument.marketBeta)) fail(`${name}: marketBeta must be a number`);
    if (Math.abs(instrument.marketBeta) * marketVolatility > instrument.annualVolatility + 1e-12) {
      fail(
        `${name}: annualVolatility ${instrument.annualVolatility} is below |marketBeta| × marketVolatility ` +
          `(${Math.abs(instrument.marketBeta) * marketVolatility}); raise the volatility or lower the beta`,
      );
    }
    if (instrument.calendar !== 'nyse' && instrument.calendar !== '24x7') {
      fail(`${name}: calendar must be 'nyse' or '24x7' (the simulator models those two)`);
    }
    if (instrument.startPrice < instrument.tickSize) fail(`${name}: startPrice is below one tick`);
  }
}

/**
 * The built-in market simulator: the default, offline data source of tickwatch.
 *
 *   const simulator = new MarketSimulator({ seed: 1, start, instruments: defaultUniverse(20),
 *                                           anomaliesPerSymbolDay: 2, meanLatency: 2_000 });
 *   simulator.advance(start + MICROS_PER_HOUR, (event) => pipeline.next(event));
 *
 * Model, per symbol: log returns = beta × market factor + idiosyncratic shock, each with its own
 * GARCH(1,1) variance on one-minute returns and Student-t (ν = 6) innovations; variance and
 * trade/quote arrival rates follow an intraday profile (a U over the NYSE session for stocks,
 * a daily and weekly cycle for crypto); stocks trade only in NYSE regular sessions (holidays and
 * early closes included) and open with an overnight gap carrying 20% of the daily variance.
 * Quotes sit around the efficient price on the tick grid, with spreads that widen with
 * volatility; trades print at the bid or ask (the side follows) or, now and then, inside.
 * Injected anomalies come with ground-truth `Label`s. Same configuration ⇒ same events, however
 * `advance` is split and across snapshot/restore.
 */
export { MarketSimulator } from './market-simulator.js';
export type { SimulatorEvent, SimulatorState } from './market-simulator.js';
export { ANOMALY_KINDS, DEFAULT_MARKET_VOLATILITY, validateSimulatorConfig } from './config.js';
export type { AnomalyKind, SimulatedInstrument, SimulatorConfig } from './config.js';
export { defaultUniverse } from './universe.js';
export { isNyseHoliday, nyseEarlyCloseMinutes } from '../../bars/nyse-holidays.js';

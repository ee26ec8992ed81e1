/** The built-in market simulator: the default, offline data source of tickwatch. */
export { MarketSimulator } from './market-simulator.js';
export type { SimulatorEvent, SimulatorState } from './market-simulator.js';
export { ANOMALY_KINDS, DEFAULT_MARKET_VOLATILITY, validateSimulatorConfig } from './config.js';
export type { AnomalyKind, SimulatedInstrument, SimulatorConfig } from './config.js';
export { defaultUniverse } from './universe.js';
export { isNyseHoliday, nyseEarlyCloseMinutes } from './nyse-holidays.js';

/**
 * How trading activity varies over the day. The same multiplier scales the trade and quote
 * arrival rates and the return variance (variance grows with the number of trades), and each
 * profile averages 1 over its period, so the configured rates and volatilities are averages.
 */
import { weekdayOfDay } from '../../bars/civil-date.js';
import type { Micros } from '../../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR } from '../../core/time.js';

// Stocks: a burst after the open (decaying over ~30 min) and a rise into the close (~25 min),
// over a flat midday: the classic intraday U. Against the 11:30–13:30 average, the first half
// hour is ≈ 2.9× and the last ≈ 2.1× (open ≈ 2.9×, midday ≈ 0.75×, close ≈ 2.2× the day's mean).
const OPEN_BURST = 3;
const OPEN_DECAY = 0.08; // fraction of the session
const CLOSE_BURST = 2;
const CLOSE_DECAY = 0.06;
const U_CURVE_MEAN =
  1 +
  OPEN_BURST * OPEN_DECAY * (1 - Math.exp(-1 / OPEN_DECAY)) +
  CLOSE_BURST * CLOSE_DECAY * (1 - Math.exp(-1 / CLOSE_DECAY));

/** Stock activity at `fraction` (0 = open, 1 = close) of the session; mean 1 over the session. */
export function sessionActivity(fraction: number): number {
  const open = OPEN_BURST * Math.exp(-fraction / OPEN_DECAY);
  const close = CLOSE_BURST * Math.exp(-(1 - fraction) / CLOSE_DECAY);
  return (1 + open + close) / U_CURVE_MEAN;
}

// Crypto: busiest when Europe and the US overlap (~15:00 UTC), quieter at weekends.
const CRYPTO_DAILY_SWING = 0.35;
const CRYPTO_PEAK_HOUR_UTC = 15;
const CRYPTO_WEEKEND = 0.7;
const CRYPTO_WEEK_MEAN = (5 + 2 * CRYPTO_WEEKEND) / 7;

/** Crypto activity at `ts`; mean 1 over a week. */
export function cryptoActivity(ts: Micros): number {
  const day = Math.floor(ts / MICROS_PER_DAY);
  const hour = (ts - day * MICROS_PER_DAY) / MICROS_PER_HOUR;
  const weekday = weekdayOfDay(day);
  const weekFactor = weekday === 0 || weekday === 6 ? CRYPTO_WEEKEND : 1;
  const daily = 1 + CRYPTO_DAILY_SWING * Math.cos((2 * Math.PI * (hour - CRYPTO_PEAK_HOUR_UTC)) / 24);
  return (weekFactor * daily) / CRYPTO_WEEK_MEAN;
}

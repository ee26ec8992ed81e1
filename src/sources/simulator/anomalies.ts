/**
 * Injected anomalies: what each kind does to a symbol and for how long. An anomaly is plain
 * data (JSON-serialisable) that the symbol's generator reads every step: multipliers on activity,
 * trade size, volatility, spread and depth, a beta factor, a silent flag, and a piecewise-linear
 * log-price offset (0 at `start` → `moveLog` at `moveEnd` → `residualLog` at `end`, which then persists).
 */
import type { Label, Micros } from '../../core/events.js';
import type { Random } from '../../core/random.js';
import { MICROS_PER_SECOND } from '../../core/time.js';
import type { AnomalyKind } from './config.js';

export interface ActiveAnomaly {
  readonly kind: AnomalyKind;
  readonly start: Micros;
  readonly end: Micros;
  /** Multiplier on trade and quote arrival rates. */
  readonly activity: number;
  readonly tradeSize: number;
  /** Multiplier on return volatility (standard deviation). */
  readonly volatility: number;
  readonly spread: number;
  /** Multiplier on quoted sizes. */
  readonly depth: number;
  /** Multiplies the market beta: −1 flips it, 0 removes it (total variance is kept). */
  readonly betaFactor: number;
  /** No trades or quotes while active. */
  readonly silent: boolean;
  readonly moveLog: number;
  readonly moveEnd: Micros;
  readonly residualLog: number;
  readonly note: string;
}

/** Shortest and longest duration of each kind, in seconds. */
export const ANOMALY_DURATION_SECONDS: Readonly<Record<AnomalyKind, readonly [number, number]>> = {
  volume_spike: [120, 360],
  price_jump: [62, 75], // the move (2–15 s) and the minute of heavy trading after it
  flash_crash: [150, 720], // drop in 30–120 s, recovery over 2–10 min
  volatility_regime: [3600, 10800],
  correlation_break: [1800, 7200],
  liquidity_drought: [300, 1800],
  stale_feed: [180, 600],
};

/** Mean duration over the given kinds, in seconds (used to keep the requested anomaly rate). */
export function meanAnomalySeconds(kinds: readonly AnomalyKind[]): number {
  let sum = 0;
  for (const kind of kinds) {
    const [shortest, longest] = ANOMALY_DURATION_SECONDS[kind];
    sum += (shortest + longest) / 2;
  }
  return sum / kinds.length;
}

const NEUTRAL = {
  activity: 1,
  tradeSize: 1,
  volatility: 1,
  spread: 1,
  depth: 1,
  betaFactor: 1,
  silent: false,
  moveLog: 0,
  residualLog: 0,
};

const between = (rng: Random, low: number, high: number): number => low + (high - low) * rng.uniform();
const percent = (logMove: number): string => {
  const change = (Math.exp(logMove) - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)}%`;
};

/**
 * Draws an anomaly of `kind` starting at `start` and ending by `latestEnd` (a session close, or
 * +Infinity for 24/7 instruments). Returns null when the kind cannot fit before `latestEnd`.
 */
export function drawAnomaly(kind: AnomalyKind, rng: Random, start: Micros, latestEnd: number): ActiveAnomaly | null {
  const [shortest, longest] = ANOMALY_DURATION_SECONDS[kind];
  const available = (latestEnd - start) / MICROS_PER_SECOND;
  if (available < shortest) return null;
  const seconds = (value: number): Micros => start + Math.round(value) * MICROS_PER_SECOND;
  const duration = Math.min(between(rng, shortest, longest), available);
  const end = seconds(duration);
  switch (kind) {
    case 'volume_spike': {
      const multiple = between(rng, 5, 10);
      return {
        ...NEUTRAL,
        kind,
        start,
        end,
        activity: multiple,
        tradeSize: multiple,
        moveEnd: start,
        note: `trade rate and sizes ×${multiple.toFixed(1)} for ${(duration / 60).toFixed(1)} min`,
      };
    }
    case 'price_jump': {
      const move = Math.log(1 + between(rng, 0.04, 0.08)) * (rng.chance(0.5) ? 1 : -1);
      const moveSeconds = between(rng, 2, 15);
      return {
        ...NEUTRAL,
        kind,
        start,
        end,
        activity: 3,
        tradeSize: 2,
        volatility: 1.5,
        moveLog: move,
        moveEnd: seconds(moveSeconds),
        residualLog: move,
        note: `price ${percent(move)} in ${moveSeconds.toFixed(0)} s, persisting`,
      };
    }
    case 'flash_crash': {
      const drop = Math.log(1 - between(rng, 0.05, 0.1));
      const recovered = between(rng, 0.6, 0.9);
      const dropSeconds = Math.min(between(rng, 30, 120), duration / 4);
      return {
        ...NEUTRAL,
        kind,
        start,
        end,
        activity: 4,
        tradeSize: 1.5,
        volatility: 2,
        spread: 3,
        depth: 0.3,
        moveLog: drop,
        moveEnd: seconds(dropSeconds),
        residualLog: drop * (1 - recovered),
        note:
          `price ${percent(drop)} in ${dropSeconds.toFixed(0)} s, ${(recovered * 100).toFixed(0)}% recovered ` +
          `over ${((duration - dropSeconds) / 60).toFixed(1)} min`,
      };
    }
    case 'volatility_regime': {
      return {
        ...NEUTRAL,
        kind,
        start,
        end,
        volatility: 3,
        activity: 1.5,
        moveEnd: start,
        note: `volatility ×3 for ${(duration / 60).toFixed(0)} min`,
      };
    }
    case 'correlation_break': {
      const flip = rng.chance(0.5);
      return {
        ...NEUTRAL,
        kind,
        start,
        end,
        betaFactor: flip ? -1 : 0,
        moveEnd: start,
        note: `market beta ${flip ? 'flipped' : 'removed'} for ${(duration / 60).toFixed(0)} min`,
      };
    }
    case 'liquidity_drought': {
      const spread = between(rng, 12, 20);
      const activity = between(rng, 0.1, 0.25);
      return {
        ...NEUTRAL,
        kind,
        start,
        end,
        spread,
        activity,
        depth: 0.2,
        moveEnd: start,
        note: `spread ×${spread.toFixed(0)}, trade rate ×${activity.toFixed(2)} for ${(duration / 60).toFixed(0)} min`,
      };
    }
    case 'stale_feed': {
      return {
        ...NEUTRAL,
        kind,
        start,
        end,
        silent: true,
        moveEnd: start,
        note: `no trades or quotes for ${(duration / 60).toFixed(1)} min`,
      };
    }
  }
}

/** The anomaly's log-price offset at `ts` (between start and end). */
export function anomalyLogOffset(anomaly: ActiveAnomaly, ts: Micros): number {
  if (ts <= anomaly.start) return 0;
  if (ts < anomaly.moveEnd) return (anomaly.moveLog * (ts - anomaly.start)) / (anomaly.moveEnd - anomaly.start);
  if (ts >= anomaly.end) return anomaly.residualLog;
  return (
    anomaly.moveLog +
    ((anomaly.residualLog - anomaly.moveLog) * (ts - anomaly.moveEnd)) / (anomaly.end - anomaly.moveEnd)
  );
}

/** The ground-truth label of an injected anomaly. */
export function anomalyLabel(symbol: string, sequence: number, anomaly: ActiveAnomaly): Label {
  return {
    type: 'label',
    id: `simulator-${symbol}-${sequence}`,
    symbol,
    start: anomaly.start,
    end: anomaly.end,
    kind: anomaly.kind,
    source: 'simulator',
    anomalyId: null,
    verdict: 'anomaly',
    note: anomaly.note,
    createdAt: anomaly.start,
  };
}

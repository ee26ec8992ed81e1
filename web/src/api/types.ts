/** Shapes of the REST API's answers (docs/api.md); pipeline events come from src/core/events.ts. */
export type {
  Anomaly,
  Bar,
  BarCorrection,
  Contribution,
  IndicatorSet,
  Label,
  PartialBar,
  Quarantined,
  Severity,
  Signal,
} from '../../../src/core/events.js';

export type Role = 'viewer' | 'analyst' | 'admin';

export interface Me {
  readonly user: { readonly username: string; readonly role: Role };
  readonly via: 'session' | 'api_key';
  readonly csrfToken: string;
  readonly expiresAt: number;
}

export interface Page<T> {
  readonly data: T[];
  readonly count: number;
  readonly next: string | null;
}

/** A bar as the REST API returns it (µs times plus ISO twins). */
export interface BarRow {
  readonly symbol: string;
  readonly timeframe: string;
  readonly start: number;
  readonly end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly vwap: number;
  readonly trades: number;
  readonly revision: number;
  readonly forming: boolean;
}

export interface BarsPage extends Page<BarRow> {
  readonly forming: BarRow | null;
}

export interface LatestRow {
  readonly symbol: string;
  readonly price: number | null;
  readonly ts: number | null;
}

export interface IndicatorSnapshot {
  readonly timeframe: string;
  readonly ts: number;
  readonly values: Record<string, number | null | Record<string, number | null>>;
}

export interface ReadySource {
  readonly name: string;
  readonly status: 'up' | 'degraded' | 'down';
  readonly detail: string | null;
  readonly lastEventAt: number | null;
}

export interface Ready {
  readonly status: 'ready' | 'not_ready';
  readonly reasons: string[];
  readonly store: { readonly ok: boolean; readonly detail?: string | null };
  readonly sources: ReadySource[];
}

export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** What the route plugins need; built once by buildServer. */
import type { AuthService } from '../../auth/auth-service.js';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/store.js';
import type { HealthProvider } from '../health.js';
import type { LatestCache } from '../latest-cache.js';

export interface VersionInfo {
  readonly name?: string;
  readonly version: string;
  /** Git commit of the build, if known. */
  readonly commit?: string | null;
}

export interface RouteDeps {
  readonly store: Store;
  readonly auth: AuthService;
  readonly cache: LatestCache;
  readonly health: HealthProvider;
  readonly version: VersionInfo;
  /** Timeframes the pipeline builds (bars are refused for others). Empty: accept any. */
  readonly timeframes: readonly string[];
  readonly clock: Clock;
  /** Secure flag on cookies (HTTPS deployments). */
  readonly secureCookies: boolean;
  /** When the server started (µs), for uptime. */
  readonly startedAt: number;
}

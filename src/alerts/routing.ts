/**
 * Routing rules: which channels receive an alert, by severity, kind and symbol (wildcards).
 * Every matching route contributes its channels; a channel receives an alert at most once.
 */
import type { Severity } from '../core/events.js';
import { SEVERITY_RANK, type Alert } from './alert.js';
import { compileWildcard, matchesAny, type WildcardPattern } from './wildcard.js';

export interface AlertRoute {
  /** Channel names, or `*` for every configured channel. */
  readonly channels: readonly string[];
  /** Lowest severity routed. Default: every severity. */
  readonly minSeverity?: Severity;
  /** Kind patterns (e.g. `volume_*`); absent: every kind. */
  readonly kinds?: readonly string[];
  /** Symbol patterns (e.g. `BTC-*`); absent: every symbol. */
  readonly symbols?: readonly string[];
}

interface CompiledRoute {
  readonly channels: readonly string[];
  readonly minRank: number;
  readonly kinds: readonly WildcardPattern[] | null;
  readonly symbols: readonly WildcardPattern[] | null;
}

export class AlertRouter {
  private readonly routes: readonly CompiledRoute[];

  constructor(
    routes: readonly AlertRoute[],
    private readonly channelNames: readonly string[],
  ) {
    this.routes = routes.map((route) => {
      for (const name of route.channels) {
        if (name !== '*' && !channelNames.includes(name)) {
          throw new Error(
            `alert route names channel "${name}", which is not configured (channels: ${channelNames.join(', ') || 'none'})`,
          );
        }
      }
      return {
        channels: route.channels.includes('*') ? channelNames : route.channels,
        minRank: SEVERITY_RANK[route.minSeverity ?? 'info'],
        kinds: route.kinds === undefined ? null : route.kinds.map(compileWildcard),
        symbols: route.symbols === undefined ? null : route.symbols.map(compileWildcard),
      };
    });
  }

  /** Channels for the alert, in configuration order; empty if no route matches. */
  channelsFor(alert: Alert): string[] {
    const selected = new Set<string>();
    for (const route of this.routes) {
      if (SEVERITY_RANK[alert.severity] < route.minRank) continue;
      if (route.symbols !== null && !matchesAny(route.symbols, alert.symbol)) continue;
      if (route.kinds !== null && !alert.kinds.some((kind) => matchesAny(route.kinds ?? [], kind))) continue;
      for (const channel of route.channels) selected.add(channel);
    }
    return this.channelNames.filter((name) => selected.has(name));
  }
}

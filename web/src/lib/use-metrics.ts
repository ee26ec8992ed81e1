/**
 * Scrapes /metrics every `intervalMs` and keeps the last two scrapes, so pages can show rates
 * (per second between scrapes) and interval latency percentiles. `unavailable` is set when the
 * server does not serve metrics (404) — the pages then say so.
 */
import { useEffect, useState } from 'react';
import { ApiError, request } from '../api/client.js';
import { parseMetrics, type Sample } from './prometheus.js';

export interface Scrape {
  readonly at: number;
  readonly samples: readonly Sample[];
}

export interface MetricsState {
  readonly latest: Scrape | null;
  readonly previous: Scrape | null;
  readonly error: string | null;
  readonly unavailable: boolean;
}

export function useMetrics(intervalMs = 2000): MetricsState {
  const [state, setState] = useState<MetricsState>({ latest: null, previous: null, error: null, unavailable: false });
  useEffect(() => {
    let stopped = false;
    const scrape = (): void => {
      request<string>('/metrics')
        .then((text) => {
          if (stopped) return;
          const next: Scrape = { at: performance.now(), samples: parseMetrics(text) };
          setState((current) => ({ latest: next, previous: current.latest, error: null, unavailable: false }));
        })
        .catch((failure: unknown) => {
          if (stopped) return;
          const unavailable = failure instanceof ApiError && failure.status === 404;
          setState((current) => ({ ...current, unavailable, error: unavailable ? null : String(failure) }));
        });
    };
    scrape();
    const timer = setInterval(scrape, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [intervalMs]);
  return state;
}

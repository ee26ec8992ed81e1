/**
 * System: sources and their state (/health/ready), ticks per second, processing latency
 * percentiles, WebSocket clients and store write rate (from /metrics, scraped every 2 s; rates
 * and percentiles are over the last interval), quarantine counts by reason
 * (/api/v1/quarantine/counts) and a live log of the `system` WebSocket channel (labels and
 * quarantined inputs as they happen).
 */
import { useEffect, useState } from 'react';
import { request } from '../api/client.js';
import { live } from '../api/live.js';
import type { Ready } from '../api/types.js';
import { formatNumber, formatTime } from '../lib/format.js';
import { bucketDelta, buckets, histogramQuantile, total } from '../lib/prometheus.js';
import { useMetrics } from '../lib/use-metrics.js';

interface SystemEvent {
  readonly key: number;
  readonly at: number;
  readonly text: string;
}

function usePoll<T>(path: string, intervalMs: number): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let stopped = false;
    const poll = (): void => {
      fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(async (response) => {
          // /health/ready answers 503 with the same body when not ready: both are data.
          const body = (await response.json()) as T;
          if (!stopped) setState({ data: body, error: null });
        })
        .catch((failure: unknown) => !stopped && setState((s) => ({ ...s, error: String(failure) })));
    };
    poll();
    const timer = setInterval(poll, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [path, intervalMs]);
  return state;
}

function ms(seconds: number | null): string {
  return seconds === null ? '—' : `${formatNumber(seconds * 1000, seconds < 0.01 ? 2 : 1)} ms`;
}

export function SystemPage() {
  const metrics = useMetrics(2000);
  const ready = usePoll<Ready>('/health/ready', 3000);
  const [quarantine, setQuarantine] = useState<{ counts: Record<string, number>; total: number } | null>(null);
  const [events, setEvents] = useState<SystemEvent[]>([]);

  useEffect(() => {
    let stopped = false;
    const poll = (): void => {
      request<{ counts: Record<string, number>; total: number }>('/api/v1/quarantine/counts').then(
        (body) => !stopped && setQuarantine(body),
        () => undefined,
      );
    };
    poll();
    const timer = setInterval(poll, 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    let key = 0;
    return live.subscribe(['system'], ['*'], (_channel, data) => {
      const event = data as {
        type?: string;
        symbol?: string;
        reason?: string;
        kind?: string;
        detail?: string;
        name?: string;
        status?: string;
      };
      const text =
        event.type === 'quarantine'
          ? `quarantined ${event.symbol || '(no symbol)'}: ${event.reason ?? ''} — ${event.detail ?? ''}`
          : event.type === 'label'
            ? `label ${event.kind ?? ''} on ${event.symbol ?? ''}`
            : JSON.stringify(data).slice(0, 200);
      setEvents((current) => [{ key: key++, at: Date.now(), text }, ...current].slice(0, 50));
    });
  }, []);

  const { latest, previous } = metrics;
  const seconds = latest && previous ? (latest.at - previous.at) / 1000 : 0;
  const rate = (name: string): number | null =>
    latest && previous && seconds > 0
      ? Math.max(0, (total(latest.samples, name) - total(previous.samples, name)) / seconds)
      : null;
  const latency = (q: number, stage: string): number | null => {
    if (!latest) return null;
    const pick = (samples: typeof latest.samples) =>
      buckets(
        samples.filter((s) => s.labels['stage'] === stage),
        'tickwatch_processing_latency_seconds',
      );
    // Over the last interval only: since-start figures would mix in the history simulated at start-up.
    if (!previous) return null;
    return histogramQuantile(q, bucketDelta(pick(latest.samples), pick(previous.samples)));
  };
  // tickwatch_source_state{source, state} is 1 for the current state of each source.
  const connection = new Map<string, string>();
  for (const sample of latest?.samples ?? []) {
    if (sample.name === 'tickwatch_source_state' && sample.value === 1)
      connection.set(sample.labels['source'] ?? '', sample.labels['state'] ?? '');
  }

  return (
    <section className="page">
      <h1>System</h1>
      {metrics.unavailable && (
        <p className="notice">This server does not serve /metrics: rates and latencies are not available.</p>
      )}
      {metrics.error !== null && <p className="error">{metrics.error}</p>}
      <div className="cards" data-testid="system-cards">
        <Card title="Ticks / s" value={formatNumber(rate('tickwatch_ticks_received_total'), 1)} testId="ticks-rate" />
        <Card title="Quotes / s" value={formatNumber(rate('tickwatch_quotes_received_total'), 1)} />
        <Card title="Store rows / s" value={formatNumber(rate('tickwatch_store_batch_rows_sum'), 1)} />
        <Card
          title="WebSocket clients"
          value={latest ? formatNumber(total(latest.samples, 'tickwatch_websocket_clients'), 0) : '—'}
          testId="ws-clients"
        />
        <Card title="Anomalies / min" value={formatNumber((rate('tickwatch_anomalies_total') ?? NaN) * 60, 1)} />
        <Card title="Quarantined" value={quarantine ? formatNumber(quarantine.total, 0) : '—'} />
      </div>

      <div className="columns">
        <div>
          <h2>Sources</h2>
          <p className="small">
            Readiness: <strong data-testid="readiness">{ready.data?.status ?? '—'}</strong>
            {ready.data && ready.data.reasons.length > 0 && ` — ${ready.data.reasons.join('; ')}`}
          </p>
          <table className="grid" data-testid="sources">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Last event</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {(ready.data?.sources ?? []).map((source) => (
                <tr key={source.name}>
                  <td>{source.name}</td>
                  <td>
                    <span className={`status ${source.status}`}>{source.status}</span>
                    {connection.has(source.name) && <small className="muted"> {connection.get(source.name)}</small>}
                  </td>
                  <td className="nowrap">{formatTime(source.lastEventAt)}</td>
                  <td>{source.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Processing latency</h2>
          <p className="small muted">
            Receive time of the newest input → event emitted, over the last 2 s (— when nothing was emitted).
          </p>
          <table className="grid" data-testid="latency">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  p50
                </th>
                <th scope="col" className="num">
                  p90
                </th>
                <th scope="col" className="num">
                  p99
                </th>
              </tr>
            </thead>
            <tbody>
              {['bar_partial', 'bar', 'anomaly'].map((stage) => (
                <tr key={stage}>
                  <td>{stage.replace('_', ' ')}</td>
                  <td className="num">{ms(latency(0.5, stage))}</td>
                  <td className="num">{ms(latency(0.9, stage))}</td>
                  <td className="num">{ms(latency(0.99, stage))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>Quarantine by reason</h2>
          <table className="grid" data-testid="quarantine">
            <tbody>
              {Object.entries(quarantine?.counts ?? {})
                .sort((a, b) => b[1] - a[1])
                .map(([reason, count]) => (
                  <tr key={reason}>
                    <td>{reason}</td>
                    <td className="num">{formatNumber(count, 0)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          {quarantine !== null && quarantine.total === 0 && <p className="muted small">Nothing quarantined.</p>}
          <h2>Live system events</h2>
          <ul className="plain log" data-testid="system-log">
            {events.map((event) => (
              <li key={event.key}>
                <small className="muted">{new Date(event.at).toISOString().slice(11, 19)}</small> {event.text}
              </li>
            ))}
          </ul>
          {events.length === 0 && (
            <p className="muted small">Labels and quarantined inputs appear here as they happen.</p>
          )}
        </div>
      </div>
    </section>
  );
}

function Card({ title, value, testId }: { title: string; value: string; testId?: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="small muted">{title}</div>
      <div className="figure">{value}</div>
    </div>
  );
}

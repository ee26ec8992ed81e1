/** Live feed of anomalies with filters (symbol, severity, kind, timeframe); each opens its detail view. */
import { useEffect, useMemo, useState } from 'react';
import { query, request } from '../api/client.js';
import { live } from '../api/live.js';
import type { Anomaly, Page, Severity } from '../api/types.js';
import { formatTime } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { linkProps } from '../router.js';

const FEED_SIZE = 500;

export function detailPath(anomaly: Pick<Anomaly, 'id' | 'symbol' | 'ts'>): string {
  return `/anomalies/${encodeURIComponent(anomaly.id)}?symbol=${encodeURIComponent(anomaly.symbol)}&ts=${anomaly.ts}`;
}

export function AnomaliesPage() {
  const [symbol, setSymbol] = useState('');
  const [severity, setSeverity] = useState<'' | Severity>('');
  const [kind, setKind] = useState('');
  const [timeframe, setTimeframe] = useState('');
  const [feed, setFeed] = useState<Anomaly[]>([]);
  const [paused, setPaused] = useState(false);

  const initial = useAsync(
    (signal) =>
      request<Page<Anomaly>>(
        `/api/v1/anomalies${query({ symbol: symbol.trim() || undefined, severity: severity || undefined, kind: kind || undefined, timeframe: timeframe || undefined, limit: FEED_SIZE })}`,
        { signal },
      ),
    [symbol, severity, kind, timeframe],
  );

  useEffect(() => {
    if (initial.data) setFeed(initial.data.data);
  }, [initial.data]);

  useEffect(() => {
    if (paused) return;
    return live.subscribe(['anomalies'], ['*'], (_channel, data) => {
      const anomaly = data as Anomaly;
      setFeed((current) =>
        current.some((a) => a.id === anomaly.id) ? current : [anomaly, ...current].slice(0, FEED_SIZE),
      );
    });
  }, [paused]);

  const visible = useMemo(
    () =>
      feed.filter(
        (a) =>
          (symbol.trim() === '' || a.symbol === symbol.trim()) &&
          (severity === '' || a.severity === severity) &&
          (kind === '' || a.kind === kind) &&
          (timeframe === '' || a.timeframe === timeframe),
      ),
    [feed, symbol, severity, kind, timeframe],
  );
  const kinds = useMemo(() => [...new Set(feed.map((a) => a.kind))].sort(), [feed]);

  return (
    <section className="page">
      <div className="page-head">
        <h1>Anomalies</h1>
        <div className="filters">
          <input
            type="search"
            aria-label="Symbol"
            placeholder="Symbol (exact)"
            value={symbol}
            onChange={(e) => setSymbol(e.target.value)}
          />
          <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as '' | Severity)}>
            <option value="">Any severity</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
          <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">Any kind</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <select aria-label="Timeframe" value={timeframe} onChange={(e) => setTimeframe(e.target.value)}>
            <option value="">Any timeframe</option>
            {/* feed and quote: the streams of the stale-feed, latency and spread detectors */}
            {['1s', '1m', '5m', '15m', '1h', '1d', 'feed', 'quote'].map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
          <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
            {paused ? 'Resume live' : 'Pause live'}
          </button>
        </div>
      </div>
      {initial.error !== null && (
        <p className="error" role="alert">
          {initial.error}
        </p>
      )}
      <table className="grid" data-testid="anomaly-feed">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Symbol</th>
            <th scope="col">Severity</th>
            <th scope="col">Kind</th>
            <th scope="col">TF</th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((anomaly) => (
            <tr key={anomaly.id}>
              <td className="nowrap">
                <a {...linkProps(detailPath(anomaly))}>{formatTime(anomaly.ts)}</a>
              </td>
              <td>{anomaly.symbol}</td>
              <td>
                <span className={`badge ${anomaly.severity}`}>{anomaly.severity}</span>
              </td>
              <td>{anomaly.kind}</td>
              <td>{anomaly.timeframe}</td>
              <td className="num">{anomaly.score.toFixed(2)}</td>
              <td className="message">{anomaly.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!initial.loading && visible.length === 0 && <p className="muted">No anomaly matches the filters.</p>}
    </section>
  );
}

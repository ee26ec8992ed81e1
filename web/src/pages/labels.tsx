/** Every label (filters: symbol, class, source), with links to the chart and CSV / JSON export. */
import { useState } from 'react';
import { query, request } from '../api/client.js';
import type { Label, Page } from '../api/types.js';
import { formatTime } from '../lib/format.js';
import { exportUrl } from '../lib/labels.js';
import { useAsync } from '../lib/use-async.js';
import { linkProps } from '../router.js';

export function LabelsPage() {
  const [symbol, setSymbol] = useState('');
  const [source, setSource] = useState('user');
  const labels = useAsync(
    (signal) =>
      request<Page<Label>>(
        `/api/v1/labels${query({ symbol: symbol.trim() || undefined, source: source || undefined, limit: 1000 })}`,
        { signal },
      ),
    [symbol, source],
  );
  return (
    <section className="page">
      <div className="page-head">
        <h1>Labels</h1>
        <div className="filters">
          <input
            type="search"
            aria-label="Symbol"
            placeholder="Symbol (exact)"
            value={symbol}
            onChange={(e) => setSymbol(e.target.value)}
          />
          <select aria-label="Source" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">Any source</option>
            <option value="user">Made here (user)</option>
            <option value="simulator">Simulator ground truth</option>
            <option value="feedback">Feedback</option>
          </select>
          <a className="button ghost" href={exportUrl('csv', symbol.trim() || undefined)} download>
            Export CSV
          </a>
          <a className="button ghost" href={exportUrl('json', symbol.trim() || undefined)} download>
            Export JSON
          </a>
        </div>
      </div>
      <p className="muted small">
        Draw and edit labels on a symbol&apos;s chart (Label range); accept or reject anomalies on their detail page.
      </p>
      {labels.error !== null && (
        <p className="error" role="alert">
          {labels.error}
        </p>
      )}
      <table className="grid" data-testid="labels">
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Class</th>
            <th scope="col">Verdict</th>
            <th scope="col">Source</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {(labels.data?.data ?? []).map((label) => (
            <tr key={label.id}>
              <td>
                <a {...linkProps(`/chart/${encodeURIComponent(label.symbol)}?at=${label.start}`)}>{label.symbol}</a>
              </td>
              <td className="nowrap">{formatTime(label.start)}</td>
              <td className="nowrap">{formatTime(label.end)}</td>
              <td>{label.kind}</td>
              <td>{label.verdict ?? '—'}</td>
              <td>{label.source}</td>
              <td className="message">{label.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!labels.loading && (labels.data?.data.length ?? 0) === 0 && <p className="muted">No labels match.</p>}
    </section>
  );
}

/**
 * Alerts: the API has no alert-configuration or delivery-history endpoints yet, so this page is
 * read-only. It shows delivery counts, failures and outbox state per channel from /metrics
 * (live), and says where channels and routing rules are configured.
 */
import { useApp } from '../context.js';
import { formatNumber } from '../lib/format.js';
import { buckets, histogramQuantile } from '../lib/prometheus.js';
import { useMetrics } from '../lib/use-metrics.js';

export function AlertsPage() {
  const { me } = useApp();
  const metrics = useMetrics(5000);
  const samples = metrics.latest?.samples ?? [];
  const channels = new Map<string, { delivered: number; retryable: number; permanent: number }>();
  const entry = (channel: string) => {
    let value = channels.get(channel);
    if (!value) channels.set(channel, (value = { delivered: 0, retryable: 0, permanent: 0 }));
    return value;
  };
  const outbox = new Map<string, number>();
  for (const sample of samples) {
    if (sample.name === 'tickwatch_alert_deliveries_total')
      entry(sample.labels['channel'] ?? '').delivered += sample.value;
    else if (sample.name === 'tickwatch_alert_delivery_failures_total') {
      const kind = sample.labels['kind'] === 'permanent' ? 'permanent' : 'retryable';
      entry(sample.labels['channel'] ?? '')[kind] += sample.value;
    } else if (sample.name === 'tickwatch_alert_outbox_rows') outbox.set(sample.labels['status'] ?? '', sample.value);
  }
  const p90 = histogramQuantile(0.9, buckets(samples, 'tickwatch_alert_delivery_duration_seconds'));

  return (
    <section className="page">
      <h1>Alerts</h1>
      <p className="notice">
        Read-only: the API does not expose alert channels, routing rules or the delivery history yet. They are
        configured in the <code>alerts</code> section of the configuration file
        {me.user.role === 'admin' ? ' (edit it and restart to apply)' : ''}. Delivery figures below are live from{' '}
        <code>/metrics</code>.
      </p>
      {metrics.unavailable && <p className="notice">This server does not serve /metrics.</p>}
      <h2>Deliveries by channel</h2>
      <table className="grid" data-testid="alert-channels">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col" className="num">
              Delivered
            </th>
            <th scope="col" className="num">
              Failed (will retry)
            </th>
            <th scope="col" className="num">
              Failed (permanent)
            </th>
          </tr>
        </thead>
        <tbody>
          {[...channels.entries()].map(([channel, counts]) => (
            <tr key={channel}>
              <td>{channel}</td>
              <td className="num">{formatNumber(counts.delivered, 0)}</td>
              <td className="num">{formatNumber(counts.retryable, 0)}</td>
              <td className={`num ${counts.permanent > 0 ? 'down' : ''}`}>{formatNumber(counts.permanent, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {channels.size === 0 && <p className="muted small">No alert channel has delivered or failed yet.</p>}
      <h2>Outbox</h2>
      <p className="small">
        {outbox.size === 0
          ? 'No outbox figures (alerting is off or not wired to metrics).'
          : [...outbox.entries()].map(([status, count]) => `${status}: ${formatNumber(count, 0)}`).join(' · ')}
      </p>
      <p className="small muted">p90 delivery time: {p90 === null ? '—' : `${formatNumber(p90 * 1000, 0)} ms`}</p>
    </section>
  );
}

/**
 * Alerts: the configured channels with their outbox counts and last error, the delivery history
 * (filter by status and channel; failures show their error), a retry of a failed delivery and a
 * test alert for admins — from /api/v1/alerts/*, refreshed every 5 seconds. Channels and routing
 * rules are edited in the configuration file (the API exposes them read-only). When the run loop
 * has no alerting, the API answers 503 and the page says why.
 */
import { useEffect, useState } from 'react';
import { ApiError, query, request } from '../api/client.js';
import type { Page } from '../api/types.js';
import { useApp } from '../context.js';
import { formatTime } from '../lib/format.js';

interface Channel {
  readonly name: string;
  readonly type: string | null;
  readonly configured: boolean;
  readonly pending: number;
  readonly delivering: number;
  readonly delivered: number;
  readonly failed: number;
  readonly lastError: string | null;
}

interface Delivery {
  readonly id: number;
  readonly channel: string;
  readonly symbol: string;
  readonly severity: string;
  readonly title: string;
  readonly test: boolean;
  readonly status: 'pending' | 'delivering' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly createdAt: number;
  readonly lastError: string | null;
}

export function AlertsPage() {
  const { me } = useApp();
  const admin = me.user.role === 'admin';
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stopped = false;
    const load = (): void => {
      Promise.all([
        request<{ channels: Channel[] }>('/api/v1/alerts/channels'),
        request<Page<Delivery>>(`/api/v1/alerts/deliveries${query({ status, channel, limit: 200 })}`),
      ]).then(
        ([channelList, page]) => {
          if (stopped) return;
          setUnavailable(null);
          setChannels(channelList.channels);
          setDeliveries(page.data);
        },
        (failure: unknown) => {
          if (stopped) return;
          if (failure instanceof ApiError && (failure.status === 503 || failure.status === 404))
            setUnavailable(failure.message);
          else setMessage(String(failure));
        },
      );
    };
    load();
    const timer = setInterval(load, 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [status, channel, generation]);

  const act = (call: Promise<unknown>, done: string): void => {
    call.then(
      () => {
        setMessage(done);
        setGeneration((g) => g + 1);
      },
      (failure: unknown) => setMessage(failure instanceof Error ? failure.message : String(failure)),
    );
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>Alerts</h1>
        {admin && unavailable === null && (
          <button
            type="button"
            onClick={() =>
              act(request('/api/v1/alerts/test', { method: 'POST' }), 'Test alert queued for every channel.')
            }
          >
            Send test alert
          </button>
        )}
      </div>
      <p className="muted small">
        Channels and routing rules are configured in the <code>alerts</code> section of the configuration file (restart
        to apply); the API shows them read-only.{' '}
        {admin ? 'As an admin you can retry failed deliveries and send a test alert.' : ''}
      </p>
      {unavailable !== null && (
        <p className="notice" data-testid="alerts-unavailable">
          {unavailable}
        </p>
      )}
      {message !== null && (
        <p className="small" role="status">
          {message}
        </p>
      )}
      <h2>Channels</h2>
      <table className="grid" data-testid="alert-channels">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Pending
            </th>
            <th scope="col" className="num">
              Delivered
            </th>
            <th scope="col" className="num">
              Failed
            </th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {(channels ?? []).map((c) => (
            <tr key={c.name}>
              <td>
                {c.name} {!c.configured && <small className="muted">(no longer configured)</small>}
              </td>
              <td>{c.type ?? '—'}</td>
              <td className="num">{c.pending + c.delivering}</td>
              <td className="num">{c.delivered}</td>
              <td className={`num ${c.failed > 0 ? 'down' : ''}`}>{c.failed}</td>
              <td className="message">{c.lastError ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {channels !== null && channels.length === 0 && <p className="muted small">No channel configured.</p>}

      <div className="page-head">
        <h2>Delivery history</h2>
        <div className="filters">
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            <option value="failed">Failed</option>
            <option value="pending">Pending</option>
            <option value="delivering">Delivering</option>
            <option value="delivered">Delivered</option>
          </select>
          <select aria-label="Channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">Any channel</option>
            {(channels ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <table className="grid" data-testid="alert-deliveries">
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Channel</th>
            <th scope="col">Alert</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Attempts
            </th>
            <th scope="col">Error</th>
            {admin && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td className="nowrap">{formatTime(d.createdAt)}</td>
              <td>{d.channel}</td>
              <td className="message">
                <span className={`badge ${d.severity}`}>{d.severity}</span> {d.test ? '(test) ' : ''}
                {d.title}
              </td>
              <td className={d.status === 'failed' ? 'down' : undefined}>{d.status}</td>
              <td className="num">{d.attempts}</td>
              <td className="message">{d.lastError ?? ''}</td>
              {admin && (
                <td>
                  {d.status === 'failed' && (
                    <button
                      type="button"
                      onClick={() =>
                        act(
                          request(`/api/v1/alerts/deliveries/${d.id}/retry`, { method: 'POST' }),
                          `Delivery ${d.id} queued again.`,
                        )
                      }
                    >
                      Retry
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {unavailable === null && deliveries.length === 0 && <p className="muted small">No deliveries match.</p>}
    </section>
  );
}

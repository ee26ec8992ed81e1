/**
 * Alerts: channels with their outbox counts and last error, routing rules, and the delivery
 * history (filter by status and channel; failures show their error) — from /api/v1/alerts/*,
 * refreshed every 5 seconds. Admins add, edit and delete runtime channels and routes (applied at
 * once, kept in the database), send a test alert to one channel or all, and retry failed
 * deliveries; channels and routes of the configuration file are read-only here, as is everything
 * for analysts and viewers. When the run loop has no alerting, the API answers 503 and the page
 * says why.
 */
import { useEffect, useState } from 'react';
import { ApiError, query, request } from '../api/client.js';
import type { Page } from '../api/types.js';
import { AlertChannelForm } from '../components/alert-channel-form.js';
import { AlertRouteForm } from '../components/alert-route-form.js';
import { useApp } from '../context.js';
import {
  describeRoute,
  EMPTY_ROUTE,
  formOf,
  routeFormOf,
  type AlertSettingsResponse,
  type ChannelSettings,
  type RouteSettings,
} from '../lib/alert-settings.js';
import { formatTime } from '../lib/format.js';

interface ChannelStats {
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

type ChannelEditor = { readonly editing: ChannelSettings | null } | null;
type RouteEditor = { readonly editing: RouteSettings | null } | null;

/** Where a channel delivers, from its masked settings. */
function destination(channel: ChannelSettings): string {
  const s = channel.settings;
  if (s === null) return '';
  const value = s['url'] ?? s['webhookUrl'] ?? (s['host'] ? `${String(s['host'])} → ${String(s['to'])}` : s['chatId']);
  return value === undefined ? '' : String(value);
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

export function AlertsPage() {
  const { me } = useApp();
  const admin = me.user.role === 'admin';
  const [settings, setSettings] = useState<AlertSettingsResponse | null>(null);
  const [stats, setStats] = useState<ChannelStats[]>([]);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [channelEditor, setChannelEditor] = useState<ChannelEditor>(null);
  const [routeEditor, setRouteEditor] = useState<RouteEditor>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = (): void => {
      Promise.all([
        request<AlertSettingsResponse>('/api/v1/alerts/settings'),
        request<{ data: ChannelStats[] }>('/api/v1/alerts/channels'),
        request<Page<Delivery>>(`/api/v1/alerts/deliveries${query({ status, channel, limit: 200 })}`),
      ]).then(
        ([settingsAnswer, channelList, page]) => {
          if (stopped) return;
          setUnavailable(null);
          setSettings(settingsAnswer);
          setStats(channelList.data);
          setDeliveries(page.data);
        },
        (failure: unknown) => {
          if (stopped) return;
          if (failure instanceof ApiError && (failure.status === 503 || failure.status === 404))
            setUnavailable(failure.message);
          else setMessage(messageOf(failure));
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
      (failure: unknown) => setMessage(messageOf(failure)),
    );
  };

  /** A settings change from a form: errors stay in the form; success closes it. */
  const save = (call: () => Promise<unknown>, done: string, close: () => void): void => {
    setBusy(true);
    setFormError(null);
    call().then(
      () => {
        setBusy(false);
        close();
        setMessage(done);
        setGeneration((g) => g + 1);
      },
      (failure: unknown) => {
        setBusy(false);
        setFormError(messageOf(failure));
      },
    );
  };

  const remove = (key: string, path: string, done: string): void => {
    if (confirming !== key) {
      setConfirming(key);
      return;
    }
    setConfirming(null);
    act(request(path, { method: 'DELETE' }), done);
  };

  const openChannel = (editing: ChannelSettings | null): void => {
    setFormError(null);
    setRouteEditor(null);
    setChannelEditor({ editing });
  };
  const openRoute = (editing: RouteSettings | null): void => {
    setFormError(null);
    setChannelEditor(null);
    setRouteEditor({ editing });
  };

  const statsOf = new Map(stats.map((s) => [s.name, s]));
  const settingsChannels = settings?.channels ?? [];
  const retired = stats.filter((s) => !settingsChannels.some((c) => c.name === s.name));
  const channelNames = settingsChannels.filter((c) => c.problem === null).map((c) => c.name);
  const available = unavailable === null && settings !== null;

  return (
    <section className="page">
      <div className="page-head">
        <h1>Alerts</h1>
        {admin && available && (
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
        Channels and routes marked <em>config</em> come from the <code>alerts</code> section of the configuration file
        (edit it there and restart). {admin ? 'As an admin you' : 'Admins'} can add, edit and delete <em>runtime</em>{' '}
        channels and routes here; they apply at once and are kept in the database.
        {admin ? '' : ' This page is read-only for your role.'}
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

      <div className="page-head">
        <h2>Channels</h2>
        {admin && available && channelEditor === null && (
          <button type="button" onClick={() => openChannel(null)}>
            Add channel
          </button>
        )}
      </div>
      <table className="grid" data-testid="alert-channels">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Type</th>
            <th scope="col">Source</th>
            <th scope="col">Destination</th>
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
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {settingsChannels.map((c) => {
            const s = statsOf.get(c.name);
            const key = `${c.source}:${c.name}`;
            return (
              <tr key={key} data-channel={c.name}>
                <td>
                  {c.name}
                  {c.problem !== null && (
                    <>
                      {' '}
                      <small className="down">not in use: {c.problem}</small>
                    </>
                  )}
                </td>
                <td>{c.type}</td>
                <td>
                  <span className={`tag ${c.source}`}>{c.source}</span>
                </td>
                <td className="message">{destination(c)}</td>
                <td className="num">{s ? s.pending + s.delivering : 0}</td>
                <td className="num">{s?.delivered ?? 0}</td>
                <td className={`num ${(s?.failed ?? 0) > 0 ? 'down' : ''}`}>{s?.failed ?? 0}</td>
                <td className="message">{s?.lastError ?? ''}</td>
                {admin && (
                  <td>
                    <div className="row-actions">
                      {c.problem === null && (
                        <button
                          type="button"
                          aria-label={`Send a test alert to ${c.name}`}
                          onClick={() =>
                            act(
                              request('/api/v1/alerts/test', { method: 'POST', body: { channels: [c.name] } }),
                              `Test alert queued for ${c.name}.`,
                            )
                          }
                        >
                          Test
                        </button>
                      )}
                      {c.source === 'runtime' && (
                        <>
                          <button type="button" aria-label={`Edit channel ${c.name}`} onClick={() => openChannel(c)}>
                            Edit
                          </button>
                          <button
                            type="button"
                            className="danger"
                            aria-label={confirming === key ? `Confirm deleting ${c.name}` : `Delete channel ${c.name}`}
                            onClick={() =>
                              remove(
                                key,
                                `/api/v1/alerts/settings/channels/${encodeURIComponent(c.name)}`,
                                `Channel ${c.name} deleted.`,
                              )
                            }
                          >
                            {confirming === key ? 'Confirm delete' : 'Delete'}
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            );
          })}
          {retired.map((s) => (
            <tr key={`retired:${s.name}`}>
              <td>
                {s.name} <small className="muted">(no longer configured)</small>
              </td>
              <td>{s.type ?? '—'}</td>
              <td />
              <td />
              <td className="num">{s.pending + s.delivering}</td>
              <td className="num">{s.delivered}</td>
              <td className={`num ${s.failed > 0 ? 'down' : ''}`}>{s.failed}</td>
              <td className="message">{s.lastError ?? ''}</td>
              {admin && <td />}
            </tr>
          ))}
        </tbody>
      </table>
      {settings !== null && settingsChannels.length === 0 && <p className="muted small">No channel configured.</p>}
      {channelEditor !== null && (
        <AlertChannelForm
          key={channelEditor.editing?.name ?? 'new'}
          editing={channelEditor.editing}
          initial={
            channelEditor.editing === null ? { name: '', type: 'webhook', values: {} } : formOf(channelEditor.editing)
          }
          busy={busy}
          error={formError}
          onCancel={() => setChannelEditor(null)}
          onSubmit={(name, body) => {
            const editing = channelEditor.editing;
            save(
              () =>
                editing === null
                  ? request('/api/v1/alerts/settings/channels', { method: 'POST', body: { name, channel: body } })
                  : request(`/api/v1/alerts/settings/channels/${encodeURIComponent(editing.name)}`, {
                      method: 'PUT',
                      body,
                    }),
              editing === null ? `Channel ${name} added.` : `Channel ${editing.name} saved.`,
              () => setChannelEditor(null),
            );
          }}
        />
      )}

      <div className="page-head">
        <h2>Routing rules</h2>
        {admin && available && routeEditor === null && (
          <button type="button" onClick={() => openRoute(null)}>
            Add route
          </button>
        )}
      </div>
      <p className="muted small">Every matching rule sends the alert to its channels; a channel gets an alert once.</p>
      <table className="grid" data-testid="alert-routes">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Source</th>
            <th scope="col">Channels</th>
            <th scope="col">Matches</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {(settings?.routes ?? []).map((r, index) => {
            const key = r.id === null ? `config:${index}` : `route:${r.id}`;
            return (
              <tr key={key}>
                <td>{r.id === null ? `config #${index + 1}` : `#${r.id}`}</td>
                <td>
                  <span className={`tag ${r.source}`}>{r.source}</span>
                </td>
                <td>
                  {r.channels.join(', ')}
                  {r.problem !== null && (
                    <>
                      {' '}
                      <small className="down">not in use: {r.problem}</small>
                    </>
                  )}
                </td>
                <td className="message">{describeRoute(r)}</td>
                {admin && (
                  <td>
                    <div className="row-actions">
                      {r.id !== null && (
                        <>
                          <button type="button" aria-label={`Edit route ${r.id}`} onClick={() => openRoute(r)}>
                            Edit
                          </button>
                          <button
                            type="button"
                            className="danger"
                            aria-label={confirming === key ? `Confirm deleting route ${r.id}` : `Delete route ${r.id}`}
                            onClick={() =>
                              remove(key, `/api/v1/alerts/settings/routes/${r.id}`, `Route ${r.id} deleted.`)
                            }
                          >
                            {confirming === key ? 'Confirm delete' : 'Delete'}
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {routeEditor !== null && (
        <AlertRouteForm
          key={routeEditor.editing?.id ?? 'new'}
          editing={routeEditor.editing?.id ?? null}
          initial={routeEditor.editing === null ? EMPTY_ROUTE : routeFormOf(routeEditor.editing)}
          channelNames={channelNames}
          busy={busy}
          error={formError}
          onCancel={() => setRouteEditor(null)}
          onSubmit={(body) => {
            const id = routeEditor.editing?.id ?? null;
            save(
              () =>
                id === null
                  ? request('/api/v1/alerts/settings/routes', { method: 'POST', body })
                  : request(`/api/v1/alerts/settings/routes/${id}`, { method: 'PUT', body }),
              id === null ? 'Route added.' : `Route ${id} saved.`,
              () => setRouteEditor(null),
            );
          }}
        />
      )}

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
            {stats.map((c) => (
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

/**
 * Market overview: every symbol with last price, change on the day, volume, a sparkline of the
 * last hour of 1m closes, session state and badges for anomalies in the last 24 hours, updated
 * live from the `ticks` and `anomalies` channels (re-rendered at most twice a second).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { query, request } from '../api/client.js';
import { live } from '../api/live.js';
import type { Anomaly, BarsPage, Page, Severity } from '../api/types.js';
import { Sparkline } from '../components/sparkline.js';
import { formatCompact, formatPercent, formatPrice } from '../lib/format.js';
import { sessionState, type SessionState } from '../lib/session-state.js';
import { useAsync } from '../lib/use-async.js';
import { linkProps, navigate } from '../router.js';

interface Row {
  readonly symbol: string;
  price: number | null;
  previousClose: number | null;
  dayVolume: number | null;
  spark: number[];
  counts: Record<Severity, number>;
  session: SessionState;
}

type SortKey = 'symbol' | 'price' | 'change' | 'volume' | 'anomalies';

const DAY_MICROS = 86_400_000_000;

async function loadRow(symbol: string, signal: AbortSignal): Promise<Row> {
  const [minutes, days] = await Promise.all([
    request<BarsPage>(`/api/v1/bars/${encodeURIComponent(symbol)}${query({ timeframe: '1m', limit: 60 })}`, { signal }),
    request<BarsPage>(`/api/v1/bars/${encodeURIComponent(symbol)}${query({ timeframe: '1d', limit: 2 })}`, {
      signal,
    }).catch(() => null),
  ]);
  const spark = minutes.data.map((bar) => bar.close).reverse();
  if (minutes.forming) spark.push(minutes.forming.close);
  const closedDays = days?.data ?? [];
  const today = days?.forming ?? null;
  const previousClose = today ? (closedDays[0]?.close ?? null) : (closedDays[1]?.close ?? null);
  return {
    symbol,
    price: spark[spark.length - 1] ?? null,
    previousClose,
    dayVolume: today?.volume ?? closedDays[0]?.volume ?? null,
    spark,
    counts: { info: 0, warning: 0, critical: 0 },
    session: sessionState(symbol, Date.now()),
  };
}

export function OverviewPage() {
  const [filter, setFilter] = useState('');
  const [sessionFilter, setSessionFilter] = useState<'all' | SessionState>('all');
  const [onlyAnomalous, setOnlyAnomalous] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'symbol', descending: false });
  const rows = useRef(new Map<string, Row>());
  const [version, setVersion] = useState(0);

  const initial = useAsync(async (signal) => {
    const { symbols } = await request<{ symbols: string[] }>('/api/v1/symbols', { signal });
    const loaded = await Promise.all(symbols.map((symbol) => loadRow(symbol, signal)));
    const recent = await request<Page<Anomaly>>(
      `/api/v1/anomalies${query({ from: (Date.now() * 1000 - DAY_MICROS).toString(), limit: 5000 })}`,
      { signal },
    );
    const map = new Map(loaded.map((row) => [row.symbol, row]));
    for (const anomaly of recent.data) {
      const row = map.get(anomaly.symbol);
      if (row) row.counts[anomaly.severity]++;
    }
    return map;
  }, []);

  useEffect(() => {
    if (initial.data === undefined) return;
    rows.current = initial.data;
    setVersion((v) => v + 1);
    let dirty = false;
    const unsubscribe = live.subscribe(['ticks', 'anomalies'], ['*'], (channel, data) => {
      const event = data as { symbol: string; price?: number; severity?: Severity; type?: string };
      const row = rows.current.get(event.symbol);
      if (row === undefined) return;
      if (channel === 'ticks' && typeof event.price === 'number') {
        row.price = event.price;
        const last = row.spark.length - 1;
        if (last >= 0) row.spark[last] = event.price;
      } else if (channel === 'anomalies' && event.severity !== undefined) row.counts[event.severity]++;
      dirty = true;
    });
    const timer = setInterval(() => {
      if (!dirty) return;
      dirty = false;
      for (const row of rows.current.values()) row.session = sessionState(row.symbol, Date.now());
      setVersion((v) => v + 1);
    }, 500);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [initial.data]);

  const visible = useMemo(() => {
    const needle = filter.trim().toUpperCase();
    const list = [...rows.current.values()].filter(
      (row) =>
        (needle === '' || row.symbol.includes(needle)) &&
        (sessionFilter === 'all' || row.session === sessionFilter) &&
        (!onlyAnomalous || row.counts.info + row.counts.warning + row.counts.critical > 0),
    );
    const value = (row: Row): number | string => {
      switch (sort.key) {
        case 'symbol':
          return row.symbol;
        case 'price':
          return row.price ?? -Infinity;
        case 'change':
          return change(row) ?? -Infinity;
        case 'volume':
          return row.dayVolume ?? -Infinity;
        case 'anomalies':
          return row.counts.critical * 1e6 + row.counts.warning * 1e3 + row.counts.info;
      }
    };
    list.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sort.descending ? -order : order;
    });
    return list;
    // `version` stands for the mutable rows changing.
  }, [filter, sessionFilter, onlyAnomalous, sort, version]);

  const header = (key: SortKey, label: string, numeric = false) => (
    <th
      scope="col"
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      className={numeric ? 'num' : undefined}
    >
      <button
        type="button"
        className="sort"
        onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : key !== 'symbol' })}
      >
        {label}
        {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <section className="page">
      <div className="page-head">
        <h1>Markets</h1>
        <div className="filters">
          <input
            type="search"
            placeholder="Filter symbols"
            aria-label="Filter symbols"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <select
            aria-label="Session"
            value={sessionFilter}
            onChange={(e) => setSessionFilter(e.target.value as 'all' | SessionState)}
          >
            <option value="all">All sessions</option>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
            <option value="24h">24h</option>
          </select>
          <label className="check">
            <input type="checkbox" checked={onlyAnomalous} onChange={(e) => setOnlyAnomalous(e.target.checked)} /> With
            anomalies
          </label>
        </div>
      </div>
      {initial.error !== null && (
        <p className="error" role="alert">
          {initial.error}
        </p>
      )}
      {initial.loading && <p aria-busy="true">Loading symbols…</p>}
      <table className="grid overview" data-testid="overview">
        <thead>
          <tr>
            {header('symbol', 'Symbol')}
            {header('price', 'Last', true)}
            {header('change', 'Change', true)}
            {header('volume', 'Volume (day)', true)}
            <th scope="col">Last hour</th>
            <th scope="col">Session</th>
            {header('anomalies', 'Anomalies (24 h)')}
          </tr>
        </thead>
        <tbody>
          {visible.map((row) => {
            const delta = change(row);
            return (
              <tr
                key={row.symbol}
                onClick={() => navigate(`/chart/${encodeURIComponent(row.symbol)}`)}
                className="clickable"
              >
                <th scope="row">
                  <a
                    {...linkProps(`/chart/${encodeURIComponent(row.symbol)}`)}
                    onClick={(e) => {
                      e.stopPropagation();
                      linkProps(`/chart/${encodeURIComponent(row.symbol)}`).onClick(e);
                    }}
                  >
                    {row.symbol}
                  </a>
                </th>
                <td className="num">{formatPrice(row.price)}</td>
                <td className={`num ${delta === null ? '' : delta >= 0 ? 'up' : 'down'}`}>{formatPercent(delta)}</td>
                <td className="num">{formatCompact(row.dayVolume)}</td>
                <td>
                  <Sparkline values={row.spark} />
                </td>
                <td>
                  <span className={`session ${row.session}`}>{row.session}</span>
                </td>
                <td>
                  {(['critical', 'warning', 'info'] as const).map((severity) =>
                    row.counts[severity] > 0 ? (
                      <span
                        key={severity}
                        className={`badge ${severity}`}
                        title={`${row.counts[severity]} ${severity}`}
                      >
                        {row.counts[severity]} {severity}
                      </span>
                    ) : null,
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!initial.loading && visible.length === 0 && <p className="muted">No symbol matches.</p>}
    </section>
  );
}

function change(row: Row): number | null {
  if (row.price === null || row.previousClose === null || row.previousClose === 0) return null;
  return row.price / row.previousClose - 1;
}

/**
 * One anomaly: its chart context (the bars around it, the anomaly marked), the explanation as a
 * bar chart of feature contributions, its context values, and accept / reject. The verdict is a
 * label tied to the anomaly (`anomalyId`), which the detectors' evaluation reads.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, query, request } from '../api/client.js';
import type { Anomaly, BarsPage, Label, Page } from '../api/types.js';
import { ContributionBars } from '../components/contribution-bars.js';
import { PriceChart } from '../components/price-chart.js';
import { useApp } from '../context.js';
import { formatNumber, formatTime } from '../lib/format.js';
import { timeframeMicros } from '../lib/timeframes.js';
import { useAsync } from '../lib/use-async.js';
import { linkProps, useRoute } from '../router.js';

const MICROS = 1_000_000;

interface Detail {
  readonly anomaly: Anomaly;
  readonly verdict: Label | null;
}

async function loadDetail(id: string, symbol: string, ts: number, signal: AbortSignal): Promise<Detail> {
  const page = await request<Page<Anomaly>>(
    `/api/v1/anomalies${query({ symbol, from: String(ts), to: String(ts + 1), limit: 1000 })}`,
    { signal },
  );
  const anomaly = page.data.find((a) => a.id === id);
  if (anomaly === undefined) throw new Error(`anomaly ${id} was not found at ${formatTime(ts)}`);
  const labels = await request<Page<Label>>(`/api/v1/labels${query({ anomaly_id: id, limit: 10 })}`, { signal });
  return { anomaly, verdict: labels.data.find((label) => label.source === 'user') ?? labels.data[0] ?? null };
}

export function AnomalyDetailPage({ id }: { id: string }) {
  const { params } = useRoute();
  const symbol = params.get('symbol') ?? '';
  const ts = Number(params.get('ts') ?? 'NaN');
  const { colors, canLabel } = useApp();
  const detail = useAsync((signal) => loadDetail(id, symbol, ts, signal), [id, symbol, ts]);
  const [verdict, setVerdict] = useState<Label | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chartElement = useRef<HTMLDivElement>(null);

  useEffect(() => setVerdict(detail.data?.verdict ?? null), [detail.data]);

  const anomaly = detail.data?.anomaly;
  useEffect(() => {
    if (!anomaly || !chartElement.current) return;
    const chart = new PriceChart(chartElement.current, colors);
    const tf = timeframeMicros(anomaly.timeframe);
    const to = anomaly.ts + 40 * tf;
    request<BarsPage>(
      `/api/v1/bars/${encodeURIComponent(anomaly.symbol)}${query({ timeframe: anomaly.timeframe, to: String(to), limit: 160 })}`,
    )
      .then((page) => {
        const bars = page.data.reverse().map((bar) => ({
          time: bar.start / MICROS,
          open: bar.open,
          high: bar.high,
          low: bar.low,
          close: bar.close,
          volume: bar.volume,
        }));
        chart.setBars(bars);
        chart.setAnomalies([anomaly]);
        chart.chart.timeScale().fitContent();
      })
      .catch(() => undefined);
    return () => chart.destroy();
  }, [anomaly, colors]);

  const judge = (accepted: boolean): void => {
    if (!anomaly) return;
    setBusy(true);
    setMessage(null);
    const tf = timeframeMicros(anomaly.timeframe);
    const fields = {
      kind: accepted ? anomaly.kind : 'normal',
      verdict: accepted ? ('anomaly' as const) : ('normal' as const),
    };
    const call =
      verdict !== null && verdict.source === 'user'
        ? request<Label>(`/api/v1/labels/${encodeURIComponent(verdict.id)}`, { method: 'PATCH', body: fields })
        : request<Label>('/api/v1/labels', {
            method: 'POST',
            body: {
              ...fields,
              symbol: anomaly.symbol,
              start: String(Math.max(0, anomaly.ts - tf)),
              end: String(anomaly.ts),
              anomalyId: anomaly.id,
              note: accepted ? 'accepted in the dashboard' : 'rejected in the dashboard',
            },
          });
    call
      .then((label) => {
        setVerdict(label);
        setMessage(accepted ? 'Accepted: stored as an anomaly label.' : 'Rejected: stored as a normal label.');
      })
      .catch((failure: unknown) => setMessage(failure instanceof ApiError ? failure.message : String(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="page">
      <p>
        <a {...linkProps('/anomalies')}>← Anomalies</a>
      </p>
      {detail.error !== null && (
        <p className="error" role="alert">
          {detail.error}
        </p>
      )}
      {anomaly && (
        <>
          <div className="page-head">
            <h1>
              <span className={`badge ${anomaly.severity}`}>{anomaly.severity}</span> {anomaly.kind} on {anomaly.symbol}
            </h1>
            <div className="toolbar">
              <a
                className="button ghost"
                {...linkProps(`/chart/${encodeURIComponent(anomaly.symbol)}?tf=${anomaly.timeframe}&at=${anomaly.ts}`)}
              >
                Open chart
              </a>
              {canLabel && (
                <>
                  <button
                    type="button"
                    onClick={() => judge(true)}
                    disabled={busy}
                    aria-pressed={verdict?.verdict === 'anomaly'}
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => judge(false)}
                    disabled={busy}
                    aria-pressed={verdict?.verdict === 'normal'}
                  >
                    Reject
                  </button>
                </>
              )}
            </div>
          </div>
          <p data-testid="verdict" role="status">
            {message ??
              (verdict
                ? `Verdict: ${verdict.verdict ?? verdict.kind} (${verdict.source}, ${formatTime(verdict.createdAt)})`
                : 'No verdict yet.')}
          </p>
          <p>{anomaly.message}</p>
          <dl className="facts">
            <dt>Time</dt>
            <dd>{formatTime(anomaly.ts)}</dd>
            <dt>Timeframe</dt>
            <dd>{anomaly.timeframe}</dd>
            <dt>Score</dt>
            <dd>
              {anomaly.score.toFixed(3)} (raw {formatNumber(anomaly.rawScore, 4)})
            </dd>
            <dt>Detector</dt>
            <dd>{anomaly.detector}</dd>
            {Object.entries(anomaly.context).map(([key, value]) => (
              <FactRow key={key} name={key} value={value} />
            ))}
          </dl>
          <h2>Chart context</h2>
          <div ref={chartElement} className="chart small-chart" data-testid="detail-chart" />
          <h2>Explanation</h2>
          <ContributionBars explanation={anomaly.explanation} />
        </>
      )}
    </section>
  );
}

function FactRow({ name, value }: { name: string; value: number | string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{typeof value === 'number' ? formatNumber(value, 4) : value}</dd>
    </>
  );
}

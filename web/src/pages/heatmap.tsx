/**
 * Correlation heatmap: the running pipeline's live matrix for a timeframe (GET
 * /api/v1/correlation; its window of bar returns is the server's `pipeline.features.correlationWindow`),
 * with the pairs that had a correlation break (anomalies of kind `correlation_break`: the short
 * window's correlation left the long window's) within the chosen period before the matrix time
 * outlined and listed. Refreshes every 15 seconds.
 */
import { useEffect, useState } from 'react';
import { ApiError, query, request } from '../api/client.js';
import type { Page } from '../api/types.js';
import { heatmapCells, pairOf, type BreakAnomaly, type CorrelationAnswer } from '../lib/correlation.js';
import { formatTime } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { linkProps } from '../router.js';
import { detailPath } from './anomalies.js';

const TIMEFRAMES = ['1m', '5m', '15m', '1h', '1d'];
const HOUR_US = 3_600_000_000;
const PERIODS = [
  { label: '1 hour', hours: 1 },
  { label: '6 hours', hours: 6 },
  { label: '24 hours', hours: 24 },
  { label: '7 days', hours: 168 },
];
const MAX_BREAKS = 1_000;

interface HeatmapData {
  readonly answer: CorrelationAnswer;
  readonly breaks: readonly BreakAnomaly[];
}

function cellColor(value: number | null): string {
  if (value === null) return 'transparent';
  // Diverging: blue for negative, red for positive, alpha by strength.
  const alpha = Math.min(1, Math.abs(value)) * 0.85 + 0.05;
  return value >= 0 ? `rgba(220, 38, 38, ${alpha.toFixed(3)})` : `rgba(37, 99, 235, ${alpha.toFixed(3)})`;
}

const fixed = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(2));

export function HeatmapPage() {
  const [timeframe, setTimeframe] = useState('1m');
  const [hours, setHours] = useState(24);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 15_000);
    return () => clearInterval(timer);
  }, []);

  const result = useAsync(
    async (signal): Promise<HeatmapData | null> => {
      let answer: CorrelationAnswer;
      try {
        answer = await request<CorrelationAnswer>(`/api/v1/correlation${query({ timeframe })}`, { signal });
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 404) throw new Error(failure.message);
        throw failure;
      }
      const page = await request<Page<BreakAnomaly>>(
        `/api/v1/anomalies${query({
          kind: 'correlation_break',
          timeframe,
          from: answer.ts - hours * HOUR_US,
          limit: MAX_BREAKS,
        })}`,
        { signal },
      );
      return { answer, breaks: page.data };
    },
    [timeframe, hours, tick],
  );

  const data = result.data?.answer.timeframe === timeframe ? result.data : undefined;
  const cells = data ? heatmapCells(data.answer, data.breaks) : [];
  const symbols = data?.answer.symbols ?? [];
  const brokenPairs = cells.filter((c) => c.break !== null).length / 2;
  return (
    <section className="page">
      <div className="page-head">
        <h1>Correlation</h1>
        <div className="filters">
          <select aria-label="Timeframe" value={timeframe} onChange={(e) => setTimeframe(e.target.value)}>
            {TIMEFRAMES.map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
          <select aria-label="Breaks within" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {PERIODS.map((period) => (
              <option key={period.hours} value={period.hours}>
                breaks in the last {period.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted small" data-testid="heatmap-summary">
        {data
          ? `Live matrix from the server: Pearson correlation of ${timeframe} log returns over ${data.answer.window ?? 'the configured number of'} bars, after ${formatTime(data.answer.ts)}. `
          : 'The live matrix of the running pipeline (GET /api/v1/correlation). '}
        Outlined cells are pairs with a correlation break (the short-window correlation left the long-window one) in the
        chosen period{data ? `: ${brokenPairs} pair(s), ${data.breaks.length} break(s).` : '.'}
      </p>
      {result.error !== null && (
        <p className="notice" role="alert" data-testid="heatmap-error">
          {result.error}
        </p>
      )}
      {result.loading && !data && result.error === null && <p aria-busy="true">Loading…</p>}
      {data && (
        <div className="heatmap-scroll">
          <table className="heatmap" data-testid="heatmap" data-ts={data.answer.ts}>
            <thead>
              <tr>
                <th />
                {symbols.map((s) => (
                  <th key={s} scope="col" className="rotate">
                    <span>{s}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {symbols.map((row, i) => (
                <tr key={row}>
                  <th scope="row">{row}</th>
                  {symbols.map((column, j) => {
                    const cell = cells[i * symbols.length + j]!;
                    const broken = cell.break;
                    const title =
                      `${row} × ${column}: ${cell.value?.toFixed(3) ?? 'n/a (too few common bars)'}` +
                      (broken
                        ? ` — ${broken.count} break(s), latest ${formatTime(broken.latest.ts)}: short ${fixed(broken.shortCorrelation)} vs long ${fixed(broken.longCorrelation)}`
                        : '');
                    return (
                      <td
                        key={column}
                        className={broken ? `break ${broken.latest.severity}` : undefined}
                        style={{ background: cellColor(cell.value) }}
                        title={title}
                      >
                        {cell.value === null ? '·' : cell.value.toFixed(2)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.breaks.length > 0 && (
        <>
          <h2>Correlation breaks</h2>
          <table className="grid" data-testid="correlation-breaks">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Pair</th>
                <th scope="col">Severity</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {data.breaks.slice(0, 50).map((anomaly) => (
                <tr key={anomaly.id}>
                  <td className="nowrap">
                    <a {...linkProps(detailPath(anomaly))}>{formatTime(anomaly.ts)}</a>
                  </td>
                  <td>{pairOf(anomaly)?.join(' / ') ?? anomaly.symbol}</td>
                  <td>
                    <span className={`badge ${anomaly.severity}`}>{anomaly.severity}</span>
                  </td>
                  <td className="message">{anomaly.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/**
 * Correlation heatmap of bar log returns across symbols, for a timeframe and a window of
 * returns. Computed in the browser from stored bars (the API has no correlation endpoint yet):
 * see lib/correlation.ts. A break — the latest window's correlation differs from the window
 * before by at least 0.5 — is outlined. Refreshes every 30 seconds.
 */
import { useEffect, useState } from 'react';
import { query, request } from '../api/client.js';
import type { BarsPage } from '../api/types.js';
import { correlationMatrix, type CorrelationResult } from '../lib/correlation.js';
import { useAsync } from '../lib/use-async.js';

const MAX_SYMBOLS = 24;

function cellColor(value: number | null): string {
  if (value === null) return 'transparent';
  // Diverging: blue for negative, red for positive, alpha by strength.
  const alpha = Math.min(1, Math.abs(value)) * 0.85 + 0.05;
  return value >= 0 ? `rgba(220, 38, 38, ${alpha.toFixed(3)})` : `rgba(37, 99, 235, ${alpha.toFixed(3)})`;
}

export function HeatmapPage() {
  const [timeframe, setTimeframe] = useState('1m');
  const [window, setWindow] = useState(60);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  const result = useAsync(
    async (signal): Promise<CorrelationResult> => {
      const { symbols } = await request<{ symbols: string[] }>('/api/v1/symbols', { signal });
      const chosen = symbols.slice(0, MAX_SYMBOLS);
      const series = await Promise.all(
        chosen.map(async (symbol) => {
          const page = await request<BarsPage>(
            `/api/v1/bars/${encodeURIComponent(symbol)}${query({ timeframe, limit: 2 * window + 1 })}`,
            { signal },
          );
          return { symbol, bars: page.data.reverse() };
        }),
      );
      return correlationMatrix(series, window);
    },
    [timeframe, window, tick],
  );

  const data = result.data;
  const breaks = data ? data.cells.filter((c) => c.isBreak).length / 2 : 0;
  return (
    <section className="page">
      <div className="page-head">
        <h1>Correlation</h1>
        <div className="filters">
          <select aria-label="Timeframe" value={timeframe} onChange={(e) => setTimeframe(e.target.value)}>
            {['1m', '5m', '15m', '1h', '1d'].map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
          <select aria-label="Window" value={window} onChange={(e) => setWindow(Number(e.target.value))}>
            {[20, 30, 60, 120, 240].map((w) => (
              <option key={w} value={w}>
                {w} returns
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted small">
        Pearson correlation of log returns over the latest {window} common {timeframe} bars, computed in the browser
        from stored bars. Outlined cells are breaks: the correlation moved by 0.5 or more from the {window} bars before.{' '}
        {data ? `${breaks} break(s).` : ''}
      </p>
      {result.error !== null && (
        <p className="error" role="alert">
          {result.error}
        </p>
      )}
      {result.loading && !data && <p aria-busy="true">Computing…</p>}
      {data && (
        <div className="heatmap-scroll">
          <table className="heatmap" data-testid="heatmap">
            <thead>
              <tr>
                <th />
                {data.symbols.map((s) => (
                  <th key={s} scope="col" className="rotate">
                    <span>{s}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.symbols.map((row, i) => (
                <tr key={row}>
                  <th scope="row">{row}</th>
                  {data.symbols.map((column, j) => {
                    const cell = data.cells[i * data.symbols.length + j]!;
                    const text = cell.current === null ? '·' : cell.current.toFixed(2);
                    return (
                      <td
                        key={column}
                        className={cell.isBreak ? 'break' : undefined}
                        style={{ background: cellColor(cell.current) }}
                        title={`${row} × ${column}: ${cell.current?.toFixed(3) ?? 'n/a'} (before: ${cell.previous?.toFixed(3) ?? 'n/a'})${cell.isBreak ? ' — break' : ''}`}
                      >
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

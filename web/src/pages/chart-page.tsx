/**
 * The chart of one symbol: candles and volume with the forming bar live, a timeframe switch,
 * server indicator overlays and sub-panes, anomaly markers with hover details, an anomaly-score
 * pane, older history loaded when scrolling left, and labelling (drag a range in label mode).
 *
 * The chart element carries `data-*` attributes (bar count, last close, marker count, render
 * time) that the browser tests and the benchmark read.
 */
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { ApiError, query, request } from '../api/client.js';
import { live } from '../api/live.js';
import type { Anomaly, BarRow, BarsPage, IndicatorSet, IndicatorSnapshot, Label, Page } from '../api/types.js';
import { LabelEditor } from '../components/label-editor.js';
import {
  PriceChart,
  SEVERITY_COLORS,
  type ChartBar,
  type HoverInfo,
  type IndicatorPoint,
} from '../components/price-chart.js';
import { useApp } from '../context.js';
import { formatNumber, formatPrice, formatTime } from '../lib/format.js';
import { isOverlay } from '../lib/indicator-layout.js';
import { deleteLabel, exportUrl, fetchLabels, saveLabel, type LabelDraft } from '../lib/labels.js';
import { refineRange } from '../lib/refine.js';
import { TIMEFRAMES, timeframeMicros } from '../lib/timeframes.js';
import { linkProps, navigate } from '../router.js';

const PAGE_BARS = 2000;
const MICROS = 1_000_000;

function toChartBar(bar: Pick<BarRow, 'start' | 'open' | 'high' | 'low' | 'close' | 'volume'>): ChartBar {
  return {
    time: bar.start / MICROS,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
  };
}

interface Box {
  readonly key: string;
  readonly left: number;
  readonly width: number;
  readonly label: Label | null;
}

const DEFAULT_COLUMNS = /^(sma_20|ema_20|ema_50|rsi_14|bbands_20_2_(upper|lower))$/;

export function ChartPage({ symbol, timeframe, focus }: { symbol: string; timeframe: string; focus: string | null }) {
  const { colors, canLabel } = useApp();
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<PriceChart | null>(null);
  const nextCursor = useRef<string | null>(null);
  const loadingOlder = useRef(false);
  const anomaliesRef = useRef<Anomaly[]>([]);
  const indicatorPoints = useRef(new Map<string, IndicatorPoint[]>());
  const [columns, setColumns] = useState<string[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('Loading…');
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [labels, setLabels] = useState<Label[]>([]);
  const [labelMode, setLabelMode] = useState(false);
  const [draft, setDraft] = useState<LabelDraft | null>(null);
  const [editorMessage, setEditorMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [anomalyCount, setAnomalyCount] = useState(0);
  const dragStart = useRef<number | null>(null);
  const barSeconds = timeframeMicros(timeframe) / MICROS;

  const publish = useCallback(() => {
    const chart = chartRef.current;
    const element = containerRef.current;
    if (!chart || !element) return;
    const bars = chart.loadedBars;
    element.dataset['bars'] = String(bars.length);
    element.dataset['lastTime'] = String(bars[bars.length - 1]?.time ?? '');
    element.dataset['lastClose'] = String(bars[bars.length - 1]?.close ?? '');
    element.dataset['markers'] = String(anomaliesRef.current.length);
    setAnomalyCount(anomaliesRef.current.length);
  }, []);

  // The chart object lives as long as the page.
  useEffect(() => {
    const element = containerRef.current!;
    const chart = new PriceChart(element, colors);
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
    // Colours are applied by the next effect; the chart is not rebuilt for a theme change.
  }, []);

  useEffect(() => chartRef.current?.applyColors(colors), [colors]);

  const loadAnomalies = useCallback(
    async (from: number) => {
      const page = await request<Page<Anomaly>>(
        `/api/v1/anomalies${query({ symbol, from: String(from), limit: 10000 })}`,
      );
      anomaliesRef.current = page.data.reverse();
      chartRef.current?.setAnomalies(anomaliesRef.current);
      publish();
    },
    [symbol, publish],
  );

  const loadLabels = useCallback(async () => {
    const bars = chartRef.current?.loadedBars ?? [];
    if (bars.length === 0) return;
    setLabels(
      await fetchLabels(symbol, bars[0]!.time * MICROS, (bars[bars.length - 1]!.time + barSeconds) * MICROS + 1),
    );
  }, [symbol, barSeconds]);

  // Bars, anomalies, labels and indicators of the symbol and timeframe, then live updates.
  useEffect(() => {
    const chart = chartRef.current!;
    let cancelled = false;
    const started = performance.now();
    setStatus('Loading…');
    setError(null);
    indicatorPoints.current = new Map();
    const base = `/api/v1/bars/${encodeURIComponent(symbol)}`;
    /**
     * Indicator columns: stored values per closed bar (GET /indicators/{symbol}/history) for the
     * loaded range, plus the names the server computes now (GET /indicators/{symbol}).
     */
    const loadIndicators = async (from: number): Promise<void> => {
      const encoded = encodeURIComponent(symbol);
      const [history, latest] = await Promise.all([
        request<Page<{ start: number; values: Record<string, number | null> }>>(
          `/api/v1/indicators/${encoded}/history${query({ timeframe, from: String(from), limit: 10000, order: 'asc' })}`,
        ),
        request<{ indicators: IndicatorSnapshot[] }>(`/api/v1/indicators/${encoded}${query({ timeframe })}`),
      ]);
      if (cancelled) return;
      const points = new Map<string, IndicatorPoint[]>();
      for (const row of history.data) {
        for (const [column, value] of Object.entries(row.values)) {
          if (value === null) continue;
          let list = points.get(column);
          if (list === undefined) points.set(column, (list = []));
          list.push({ time: row.start / MICROS, value });
        }
      }
      // Live values that arrived while loading are newer than the stored ones: keep them.
      for (const [column, live] of indicatorPoints.current) {
        const list = points.get(column) ?? [];
        const last = list[list.length - 1]?.time ?? -Infinity;
        points.set(column, [...list, ...live.filter((p) => p.time > last)]);
      }
      indicatorPoints.current = points;
      const snapshot = latest.indicators.find((set) => set.timeframe === timeframe);
      const names = [...new Set([...points.keys(), ...Object.keys(snapshot?.values ?? {})])].sort();
      setColumns(names);
      setSelected((current) =>
        current.length > 0 ? [...current] : names.filter((name) => DEFAULT_COLUMNS.test(name)),
      );
    };
    const load = async (): Promise<void> => {
      const page = await request<BarsPage>(`${base}${query({ timeframe, limit: PAGE_BARS })}`);
      if (cancelled) return;
      nextCursor.current = page.next;
      const bars = page.data.map(toChartBar).reverse();
      if (page.forming && (bars.length === 0 || page.forming.start / MICROS > bars[bars.length - 1]!.time)) {
        bars.push(toChartBar(page.forming));
      }
      chart.setBars(bars);
      if (focus !== null) {
        chart.showTime(Number(focus) / MICROS);
      }
      publish();
      // The frame after the next has the bars on screen: render time from this page's start,
      // and paint time from the navigation's start (bundle, session check and API included).
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const element = containerRef.current;
          if (!element) return;
          element.dataset['renderMs'] = (performance.now() - started).toFixed(1);
          element.dataset['paintedAtMs'] ??= performance.now().toFixed(1);
        }),
      );
      setStatus(bars.length === 0 ? 'No bars stored for this timeframe yet: they appear as they close.' : '');
      const oldest = bars[0]?.time ?? Date.now() / 1000;
      await Promise.all([
        loadAnomalies(oldest * MICROS),
        loadLabels(),
        loadIndicators(oldest * MICROS).catch(() => undefined),
      ]);
    };
    load().catch((failure: unknown) => {
      if (cancelled) return;
      setError(failure instanceof ApiError ? failure.message : String(failure));
      setStatus('');
    });

    const unsubscribe = live.subscribe(
      ['bars', 'bars.partial', 'indicators', 'anomalies'],
      [symbol],
      (channel, data) => {
        if (channel === 'anomalies') {
          const anomaly = data as Anomaly;
          if (anomaliesRef.current.some((known) => known.id === anomaly.id)) return;
          anomaliesRef.current = [...anomaliesRef.current, anomaly];
          chart.setAnomalies(anomaliesRef.current);
          publish();
          return;
        }
        const event = data as { timeframe?: string };
        if (event.timeframe !== timeframe) return;
        if (channel === 'indicators') {
          const set = data as IndicatorSet;
          const time = set.start / MICROS;
          let added = false;
          for (const [column, value] of Object.entries(set.values)) {
            if (value === null) continue;
            const list = indicatorPoints.current.get(column) ?? [];
            if (list.length === 0) added = true;
            if (list.length === 0 || list[list.length - 1]!.time < time) list.push({ time, value });
            indicatorPoints.current.set(column, list);
            chart.updateIndicator(column, { time, value });
          }
          if (added) setColumns([...indicatorPoints.current.keys()].sort());
          return;
        }
        chart.update(toChartBar(data as BarRow));
        publish();
      },
    );
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [symbol, timeframe, focus, barSeconds, loadAnomalies, loadLabels, publish]);

  // Indicators drawn: the chosen columns.
  useEffect(() => {
    const drawn = new Map<string, IndicatorPoint[]>();
    for (const column of selected) drawn.set(column, indicatorPoints.current.get(column) ?? []);
    chartRef.current?.setIndicators(drawn);
  }, [selected]);

  // Older history when the view nears the oldest loaded bar.
  useEffect(() => {
    const chart = chartRef.current!;
    chart.onNearLeftEdge(() => {
      if (loadingOlder.current || nextCursor.current === null) return;
      loadingOlder.current = true;
      const base = `/api/v1/bars/${encodeURIComponent(symbol)}`;
      request<BarsPage>(`${base}${query({ timeframe, limit: PAGE_BARS, cursor: nextCursor.current })}`)
        .then(async (page) => {
          nextCursor.current = page.next;
          chart.prependBars(page.data.map(toChartBar).reverse());
          publish();
          const oldest = chart.loadedBars[0];
          if (oldest) await Promise.all([loadAnomalies(oldest.time * MICROS), loadLabels()]);
        })
        .catch((failure: unknown) => setError(String(failure)))
        .finally(() => {
          loadingOlder.current = false;
        });
    });
    chart.onHover(setHover);
    return () => {
      chart.onNearLeftEdge(null);
      chart.onHover(null);
    };
  }, [symbol, timeframe, loadAnomalies, loadLabels, publish]);

  // Label rectangles follow the time scale.
  const layout = useCallback(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const result: Box[] = [];
    const place = (key: string, start: number, end: number, label: Label | null): void => {
      const left = chart.xOf(start / MICROS, barSeconds);
      const right = chart.xOf(end / MICROS, barSeconds);
      if (left === null || right === null) return;
      result.push({ key, left, width: Math.max(2, right - left), label });
    };
    for (const label of labels) place(label.id, label.start, label.end, label);
    if (draft !== null && draft.id === undefined) place('draft', draft.start, draft.end, null);
    setBoxes(result);
  }, [labels, draft, barSeconds]);

  useEffect(() => {
    const chart = chartRef.current!;
    let frame = 0;
    const schedule = (): void => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          layout();
        });
    };
    schedule();
    chart.chart.timeScale().subscribeVisibleLogicalRangeChange(schedule);
    addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      chart.chart.timeScale().unsubscribeVisibleLogicalRangeChange(schedule);
      removeEventListener('resize', schedule);
    };
  }, [layout]);

  useEffect(() => chartRef.current?.setPanning(!labelMode), [labelMode]);

  const pointerTime = (event: ReactPointerEvent<HTMLDivElement>): number | null => {
    const rect = event.currentTarget.getBoundingClientRect();
    return chartRef.current?.timeAtX(event.clientX - rect.left, barSeconds) ?? null;
  };
  const snap = (seconds: number, up: boolean): number => {
    const micros = timeframeMicros(timeframe);
    const value = Math.round(seconds * MICROS);
    return (up ? Math.ceil(value / micros) : Math.floor(value / micros)) * micros;
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>): void => {
    const time = pointerTime(event);
    if (time === null) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    dragStart.current = time;
    setEditorMessage(null);
    setDraft({
      symbol,
      start: snap(time, false),
      end: snap(time, false) + timeframeMicros(timeframe),
      kind: 'volume_spike',
      note: '',
    });
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>): void => {
    if (dragStart.current === null) return;
    const time = pointerTime(event);
    if (time === null) return;
    const a = Math.min(dragStart.current, time);
    const b = Math.max(dragStart.current, time);
    setDraft((current) =>
      current === null
        ? null
        : {
            ...current,
            start: snap(a, false),
            end: Math.max(snap(b, true), snap(a, false) + timeframeMicros(timeframe)),
          },
    );
  };
  const onPointerUp = (): void => {
    dragStart.current = null;
  };

  const labelVisibleRange = (): void => {
    const chart = chartRef.current;
    const range = chart?.chart.timeScale().getVisibleRange();
    if (!chart || !range) return;
    setEditorMessage(null);
    setDraft({
      symbol,
      start: (range.from as number) * MICROS,
      end: (range.to as number) * MICROS + timeframeMicros(timeframe),
      kind: 'volume_spike',
      note: '',
    });
  };

  const refine = (): void => {
    if (draft === null || !chartRef.current) return;
    const bars = chartRef.current.loadedBars.map((bar) => ({
      start: bar.time * MICROS,
      end: bar.time * MICROS + timeframeMicros(timeframe),
      close: bar.close,
      volume: bar.volume,
    }));
    const result = refineRange(bars, draft.start, draft.end);
    if (result.changed) {
      setDraft({ ...draft, start: result.start, end: result.end });
      setEditorMessage(`Refined to ${result.departing} departing bar(s).`);
    } else
      setEditorMessage(
        result.departing > 0
          ? 'The range already fits the departing bars.'
          : 'No bar in the range departs from normal: the range is unchanged.',
      );
  };

  const save = (): void => {
    if (draft === null) return;
    setBusy(true);
    saveLabel(draft)
      .then(async (label) => {
        setDraft({ ...draft, id: label.id });
        setEditorMessage('Saved.');
        setLabelMode(false);
        await loadLabels();
      })
      .catch((failure: unknown) => setEditorMessage(failure instanceof Error ? failure.message : String(failure)))
      .finally(() => setBusy(false));
  };

  const remove = (): void => {
    if (draft?.id === undefined) return;
    setBusy(true);
    deleteLabel(draft.id)
      .then(async () => {
        setDraft(null);
        await loadLabels();
      })
      .catch((failure: unknown) => setEditorMessage(String(failure)))
      .finally(() => setBusy(false));
  };

  const openLabel = (label: Label): void => {
    setEditorMessage(null);
    setDraft({
      id: label.id,
      symbol: label.symbol,
      start: label.start,
      end: label.end,
      kind: label.kind,
      note: label.note,
      anomalyId: label.anomalyId,
    });
  };

  const hoverAnomalies = hover?.anomalies ?? [];

  return (
    <section className="page chart-page">
      <div className="page-head">
        <h1>
          {symbol} <small className="muted">{timeframe}</small>
        </h1>
        <div className="toolbar" role="toolbar" aria-label="Chart tools">
          <div className="segmented" role="group" aria-label="Timeframe">
            {TIMEFRAMES.map((tf) => (
              <button
                key={tf}
                type="button"
                aria-pressed={tf === timeframe}
                onClick={() => navigate(`/chart/${encodeURIComponent(symbol)}?tf=${tf}`, { replace: true })}
              >
                {tf}
              </button>
            ))}
          </div>
          <details className="menu">
            <summary>Indicators ({selected.length})</summary>
            <fieldset>
              <legend className="small muted">From the server ({timeframe})</legend>
              {columns.length === 0 && <p className="small muted">None yet: values arrive as bars close.</p>}
              {columns.map((column) => (
                <label key={column} className="check">
                  <input
                    type="checkbox"
                    checked={selected.includes(column)}
                    onChange={(e) =>
                      setSelected(e.target.checked ? [...selected, column] : selected.filter((c) => c !== column))
                    }
                  />
                  {column} <small className="muted">{isOverlay(column) ? 'overlay' : 'pane'}</small>
                </label>
              ))}
            </fieldset>
          </details>
          {canLabel && (
            <>
              <button
                type="button"
                aria-pressed={labelMode}
                onClick={() => setLabelMode(!labelMode)}
                title="Drag on the chart to mark a time range"
              >
                {labelMode ? 'Drawing: drag a range' : 'Label range'}
              </button>
              <button
                type="button"
                onClick={labelVisibleRange}
                title="Label the range visible on screen (keyboard alternative to dragging)"
              >
                Label visible
              </button>
            </>
          )}
          <a className="button ghost" href={exportUrl('csv', symbol)} download>
            Labels CSV
          </a>
          <a className="button ghost" href={exportUrl('json', symbol)} download>
            JSON
          </a>
        </div>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status !== '' && (
        <p className="muted" role="status">
          {status}
        </p>
      )}
      <div className="chart-layout">
        <div className="chart-area">
          <div
            ref={containerRef}
            className="chart"
            data-testid="chart"
            data-symbol={symbol}
            data-timeframe={timeframe}
          />
          <div className="label-layer" aria-hidden={boxes.length === 0}>
            {boxes.map((box) => (
              <button
                key={box.key}
                type="button"
                className={`label-box ${box.label === null ? 'draft' : box.label.source}`}
                style={{ left: box.left, width: box.width }}
                title={box.label ? `${box.label.kind}${box.label.note ? `: ${box.label.note}` : ''}` : 'new label'}
                aria-label={
                  box.label ? `Label ${box.label.kind} from ${formatTime(box.label.start)}` : 'New label range'
                }
                onClick={() => box.label && openLabel(box.label)}
                tabIndex={box.label ? 0 : -1}
              />
            ))}
          </div>
          {labelMode && (
            <div
              className="draw-layer"
              data-testid="draw-layer"
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
            />
          )}
          {hover !== null && (hover.bar !== null || hoverAnomalies.length > 0) && (
            <div
              className="tooltip"
              role="tooltip"
              style={{ left: Math.min(hover.x + 16, (containerRef.current?.clientWidth ?? 600) - 280), top: 8 }}
            >
              <div className="small muted">{formatTime(hover.time * MICROS)}</div>
              {hover.bar && (
                <div className="small">
                  O {formatPrice(hover.bar.open)} H {formatPrice(hover.bar.high)} L {formatPrice(hover.bar.low)} C{' '}
                  {formatPrice(hover.bar.close)} · V {formatNumber(hover.bar.volume, 0)}
                </div>
              )}
              {hoverAnomalies.map((anomaly) => (
                <div key={anomaly.id} className="tooltip-anomaly" data-testid="anomaly-tooltip">
                  <strong style={{ color: SEVERITY_COLORS[anomaly.severity] }}>
                    {anomaly.kind} · {anomaly.severity}
                  </strong>{' '}
                  score {anomaly.score.toFixed(2)}
                  <div className="small">{anomaly.message}</div>
                  {anomaly.explanation.slice(0, 3).map((c) => (
                    <div key={c.feature} className="small muted">
                      {c.feature} = {formatNumber(c.value, 4)} (contribution {formatNumber(c.contribution, 3)})
                    </div>
                  ))}
                </div>
              ))}
            </div>
          )}
        </div>
        <aside className="chart-side">
          {draft !== null ? (
            <LabelEditor
              draft={draft}
              canEdit={canLabel}
              busy={busy}
              message={editorMessage}
              onChange={setDraft}
              onRefine={refine}
              onSave={save}
              onDelete={remove}
              onCancel={() => {
                setDraft(null);
                setLabelMode(false);
              }}
            />
          ) : (
            <RecentAnomalies key={anomalyCount} anomalies={anomaliesRef.current} />
          )}
        </aside>
      </div>
    </section>
  );
}

function RecentAnomalies({ anomalies }: { anomalies: readonly Anomaly[] }) {
  const recent = anomalies.slice(-12).reverse();
  return (
    <div>
      <h2>Anomalies</h2>
      {recent.length === 0 && <p className="muted small">None in the loaded range.</p>}
      <ul className="plain">
        {recent.map((anomaly) => (
          <li key={anomaly.id}>
            <a
              {...linkProps(
                `/anomalies/${encodeURIComponent(anomaly.id)}?symbol=${encodeURIComponent(anomaly.symbol)}&ts=${anomaly.ts}`,
              )}
            >
              <span className={`badge ${anomaly.severity}`}>{anomaly.severity}</span> {anomaly.kind}
            </a>
            <div className="small muted">
              {formatTime(anomaly.ts)} · {anomaly.timeframe} · score {anomaly.score.toFixed(2)}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

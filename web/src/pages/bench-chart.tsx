/**
 * A benchmark page (not in the navigation): opens `bars` synthetic bars (default 50,000) with
 * `markers` anomalies (default 1,000) in the chart component and reports, on the chart element,
 * `data-open-ms` — from the start of setData to the frame after the first paint — and, after
 * `updates` live updates of the last bar one per animation frame, `data-update-p95-ms`: the 95th
 * percentile of the time between frames while updating (the chart keeps up with 10 updates a
 * second while that stays under 100 ms), and `data-update-call-ms`, the main-thread cost of one
 * update applied at once. With `all=1` it then also reports `data-show-all-ms`: putting every
 * loaded bar (not only the series window) in the chart and fitting them on screen, to the frame
 * after that paint. Used by bench/dashboard.bench.ts and the browser test.
 */
import { useEffect, useRef } from 'react';
import type { Anomaly, Severity } from '../api/types.js';
import { PriceChart, type ChartBar } from '../components/price-chart.js';
import { useApp } from '../context.js';
import { useRoute } from '../router.js';

const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** A seeded random walk (xorshift32), so every run draws the same bars. */
export function syntheticBars(count: number, startSeconds: number, stepSeconds: number): ChartBar[] {
  let state = 0x9e3779b9;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const bars: ChartBar[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open * (1 + (random() - 0.5) * 0.004));
    const high = Math.max(open, close) * (1 + random() * 0.001);
    const low = Math.min(open, close) * (1 - random() * 0.001);
    bars.push({
      time: startSeconds + i * stepSeconds,
      open,
      high,
      low,
      close,
      volume: Math.round(50 + random() * 1000),
    });
  }
  return bars;
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

export function BenchChartPage() {
  const { colors } = useApp();
  const { params } = useRoute();
  const element = useRef<HTMLDivElement>(null);
  const barCount = Number(params.get('bars') ?? 50_000);
  const markerCount = Number(params.get('markers') ?? 1_000);
  const updates = Number(params.get('updates') ?? 120);
  const showAll = params.get('all') === '1';

  useEffect(() => {
    const container = element.current!;
    const chart = new PriceChart(container, colors);
    let cancelled = false;
    const step = 60;
    const start = Math.floor(Date.UTC(2024, 0, 2) / 1000);
    const bars = syntheticBars(barCount, start, step);
    const anomalies: Anomaly[] = [];
    for (let i = 0; i < markerCount; i++) {
      const bar = bars[Math.floor(((i + 0.5) * barCount) / markerCount)]!;
      const ts = (bar.time + step) * 1_000_000;
      anomalies.push({
        type: 'anomaly',
        id: `bench:${i}`,
        symbol: 'BENCH',
        timeframe: '1m',
        ts,
        kind: 'volume_spike',
        severity: SEVERITIES[i % 3]!,
        score: 0.5 + (i % 50) / 100,
        rawScore: 5,
        detector: 'bench',
        message: 'synthetic',
        explanation: [],
        context: {},
        tsRecv: ts,
      });
    }
    const run = async (): Promise<void> => {
      await nextFrame();
      const started = performance.now();
      chart.setBars(bars);
      chart.setAnomalies(anomalies);
      // lightweight-charts paints in the next animation frame; the one after it has it on screen.
      await nextFrame();
      await nextFrame();
      if (cancelled) return;
      container.dataset['openMs'] = (performance.now() - started).toFixed(1);
      container.dataset['bars'] = String(chart.loadedBars.length);
      container.dataset['markers'] = String(anomalies.length);
      const gaps: number[] = [];
      let last = bars[bars.length - 1]!;
      let previous = await nextFrame();
      for (let i = 0; i < updates && !cancelled; i++) {
        const close = last.close * (1 + (i % 2 === 0 ? 0.0005 : -0.0004));
        last = {
          ...last,
          close,
          high: Math.max(last.high, close),
          low: Math.min(last.low, close),
          volume: last.volume + 3,
        };
        chart.update(last);
        const now = await nextFrame();
        gaps.push(now - previous);
        previous = now;
      }
      // Main-thread cost of one update call (the library's data update, without the repaint).
      const syncStarted = performance.now();
      for (let i = 0; i < 50; i++) {
        chart.update({ ...last, volume: last.volume + i });
        chart.flushNow();
      }
      container.dataset['updateCallMs'] = ((performance.now() - syncStarted) / 50).toFixed(3);
      const drawn = chart.loadedBars[chart.loadedBars.length - 1]!;
      container.dataset['updatesApplied'] = String(gaps.length);
      container.dataset['seriesBars'] = String(chart.seriesBarCount);
      container.dataset['lastClose'] = String(drawn.close);
      container.dataset['expectedClose'] = String(last.close);
      if (showAll) {
        container.dataset['windowBars'] = String(chart.seriesBarCount); // before showing all
        const allStarted = performance.now();
        chart.showAll();
        await nextFrame();
        await nextFrame();
        container.dataset['showAllMs'] = (performance.now() - allStarted).toFixed(1);
        container.dataset['seriesBarsAll'] = String(chart.seriesBarCount);
      }
      gaps.sort((a, b) => a - b);
      container.dataset['updateP95Ms'] = (gaps[Math.floor(gaps.length * 0.95)] ?? 0).toFixed(1);
    };
    void run();
    // Scrolling back draws older bars from memory (the test reads how many are in the series).
    const scrolled = (): void => {
      container.dataset['seriesBars'] = String(chart.seriesBarCount);
    };
    chart.chart.timeScale().subscribeVisibleLogicalRangeChange(scrolled);
    return () => {
      chart.chart.timeScale().unsubscribeVisibleLogicalRangeChange(scrolled);
      cancelled = true;
      chart.destroy();
    };
  }, [barCount, markerCount, updates, showAll, colors]);

  return (
    <section className="page chart-page">
      <h1>
        Chart benchmark{' '}
        <small className="muted">
          {barCount.toLocaleString('en-US')} bars, {markerCount.toLocaleString('en-US')} markers
        </small>
      </h1>
      <div className="chart-area">
        <div ref={element} className="chart" data-testid="bench-chart" />
      </div>
    </section>
  );
}

/**
 * The chart, outside React for speed: lightweight-charts candlesticks with volume in the main
 * pane, server indicator overlays and sub-panes, anomaly markers coloured by severity and an
 * anomaly-score sub-pane. React owns the page around it and calls these methods.
 *
 * Live updates go through `update()`, which lightweight-charts applies to the last bar when the
 * time matches (the forming bar) or appends; they are coalesced to one per animation frame, so
 * any number of updates a second cost at most one redraw per frame.
 *
 * Only a window of the loaded bars is in the chart's series: the newest SERIES_WINDOW bars, plus
 * whatever the user scrolls back to (the window grows from memory before older history is
 * fetched). lightweight-charts redoes per-bar work over the whole series on every data change —
 * an update rebuilds one render item per bar of each series, so with 50,000 bars every live update
 * allocated ~100,000 objects and frames came 400–550 ms apart, mostly garbage collection. With the
 * window an update costs the same whatever the history held in memory. Logical indices of the
 * time scale count from the window's first bar (`offset` in `bars`).
 */
import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type LogicalRange,
  type MouseEventParams,
  type SeriesMarker,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Anomaly, Severity } from '../api/types.js';
import { isHistogram, isOverlay, paneGroup } from '../lib/indicator-layout.js';
import type { ThemeColors } from '../lib/theme.js';

export interface ChartBar {
  /** Bar start, seconds since the epoch. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface IndicatorPoint {
  readonly time: number;
  readonly value: number;
}

export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  info: '#3b82f6',
  warning: '#f59e0b',
  critical: '#ef4444',
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

const LINE_COLORS = ['#a855f7', '#06b6d4', '#f97316', '#84cc16', '#ec4899', '#eab308', '#14b8a6', '#8b5cf6'];

const sec = (time: number): UTCTimestamp => time as UTCTimestamp;

/** Bars put in the series when more are loaded (see the header). */
export const SERIES_WINDOW = 3_000;
/** Bars added to the window when the user scrolls to its left edge. */
const WINDOW_STEP = 3_000;

export interface HoverInfo {
  readonly time: number;
  readonly x: number;
  readonly y: number;
  readonly bar: ChartBar | null;
  readonly anomalies: readonly Anomaly[];
}

export class PriceChart {
  readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private readonly score: ISeriesApi<'Histogram'>;
  /** Created with the first marker: the plugin has a cost on every data change, even when empty. */
  private markers: ISeriesMarkersPluginApi<Time> | null = null;
  private bars: ChartBar[] = [];
  /** Index in `bars` of the first bar in the series. */
  private offset = 0;
  private indicatorColumns: ReadonlyMap<string, readonly IndicatorPoint[]> = new Map();
  private extending = 0;
  private anomaliesByTime = new Map<number, Anomaly[]>();
  private indicatorSeries = new Map<string, ISeriesApi<SeriesType>>();
  private pending: ChartBar | null = null;
  private frame = 0;
  private colors: ThemeColors;
  private nearLeftEdge: (() => void) | null = null;
  private hover: ((info: HoverInfo | null) => void) | null = null;

  constructor(container: HTMLElement, colors: ThemeColors) {
    this.colors = colors;
    this.chart = createChart(container, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: colors.background },
        textColor: colors.text,
        attributionLogo: false,
        panes: { separatorColor: colors.grid, enableResize: true },
      },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      crosshair: { mode: CrosshairMode.Normal },
      timeScale: { timeVisible: true, secondsVisible: true, rightOffset: 4 },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: colors.up,
      downColor: colors.down,
      borderVisible: false,
      wickUpColor: colors.up,
      wickDownColor: colors.down,
    });
    this.volume = this.chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: 'volume',
      lastValueVisible: false,
      priceLineVisible: false,
    });
    this.volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });
    this.score = this.chart.addSeries(
      HistogramSeries,
      {
        priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
        lastValueVisible: false,
        priceLineVisible: false,
        title: 'anomaly score',
      },
      1,
    );
    this.chart.panes()[1]?.setHeight(70);
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(this.onRange);
    this.chart.subscribeCrosshairMove(this.onCrosshair);
  }

  applyColors(colors: ThemeColors): void {
    this.colors = colors;
    this.chart.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: colors.background },
        textColor: colors.text,
        panes: { separatorColor: colors.grid },
      },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    });
    this.candles.applyOptions({
      upColor: colors.up,
      downColor: colors.down,
      wickUpColor: colors.up,
      wickDownColor: colors.down,
    });
    this.volume.setData(this.drawn().map((bar) => this.volumePoint(bar)));
  }

  /** Replaces all bars (ascending, unique times); the series gets the newest SERIES_WINDOW. */
  setBars(bars: readonly ChartBar[]): void {
    this.bars = [...bars];
    this.offset = Math.max(0, this.bars.length - SERIES_WINDOW);
    this.draw();
  }

  /** Adds older bars before the loaded ones, keeping the view where it was. */
  prependBars(older: readonly ChartBar[]): void {
    const first = this.bars[0]?.time ?? Infinity;
    const fresh = older.filter((bar) => bar.time < first);
    if (fresh.length === 0) return;
    this.bars = [...fresh, ...this.bars];
    if (this.offset > 0) {
      this.offset += fresh.length; // not drawn yet: the window grows into them as the user scrolls
      return;
    }
    this.redrawKeepingView(fresh.length);
  }

  /** Puts every loaded bar in the series and fits them all on screen (the whole history at once). */
  showAll(): void {
    if (this.offset > 0) {
      this.offset = 0;
      this.draw();
    }
    this.chart.timeScale().fitContent();
  }

  /** Scrolls so that the bar containing `time` (seconds) shows with `before` bars to its left and `after` to its right. */
  showTime(time: number, before = 60, after = 30): void {
    const index = this.findIndex(time);
    if (index < 0) return;
    if (index - before < this.offset) {
      this.offset = Math.max(0, index - before);
      this.draw();
    }
    this.chart
      .timeScale()
      .setVisibleLogicalRange({ from: index - this.offset - before, to: index - this.offset + after });
  }

  /** The bars in the series. */
  private drawn(): ChartBar[] {
    return this.offset === 0 ? this.bars : this.bars.slice(this.offset);
  }

  private draw(): void {
    this.pending = null;
    const drawn = this.drawn();
    this.candles.setData(
      drawn.map((bar) => ({ time: sec(bar.time), open: bar.open, high: bar.high, low: bar.low, close: bar.close })),
    );
    this.volume.setData(drawn.map((bar) => this.volumePoint(bar)));
    this.refreshMarkers();
    if (this.indicatorColumns.size > 0) this.setIndicators(this.indicatorColumns);
  }

  /** Redraws after `added` bars joined the window on the left, keeping the same bars on screen. */
  private redrawKeepingView(added: number): void {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    this.draw();
    if (range !== null) {
      this.chart.timeScale().setVisibleLogicalRange({ from: range.from + added, to: range.to + added });
    }
  }

  /** The user reached the window's left edge: draw older bars from memory. */
  private readonly extendWindow = (): void => {
    this.extending = 0;
    const added = Math.min(this.offset, WINDOW_STEP);
    if (added === 0) return;
    this.offset -= added;
    this.redrawKeepingView(added);
  };

  get loadedBars(): readonly ChartBar[] {
    return this.bars;
  }

  /** Bars in the chart's series (the window of `loadedBars`). */
  get seriesBarCount(): number {
    return this.bars.length - this.offset;
  }

  /** A live bar: replaces the last bar when its time matches, appends when newer; older ones are corrections. */
  update(bar: ChartBar): void {
    const last = this.bars[this.bars.length - 1];
    if (last !== undefined && bar.time < last.time) {
      this.correct(bar);
      return;
    }
    if (last !== undefined && bar.time === last.time) this.bars[this.bars.length - 1] = bar;
    else this.bars.push(bar);
    this.pending = bar;
    if (this.frame === 0) this.frame = requestAnimationFrame(this.flush);
  }

  /** Applies a pending live update now instead of at the next frame (benchmarks). */
  flushNow(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.flush();
  }

  private readonly flush = (): void => {
    this.frame = 0;
    const bar = this.pending;
    if (bar === null) return;
    this.pending = null;
    this.candles.update({ time: sec(bar.time), open: bar.open, high: bar.high, low: bar.low, close: bar.close });
    this.volume.update(this.volumePoint(bar));
  };

  /** A late-trade correction of a closed bar already drawn. */
  private correct(bar: ChartBar): void {
    const index = this.findIndex(bar.time);
    if (index < 0 || this.bars[index]!.time !== bar.time) return;
    this.bars[index] = bar;
    if (index >= this.offset) this.draw();
  }

  /** Index of the last bar whose time ≤ `time`, or -1. */
  findIndex(time: number): number {
    let low = 0;
    let high = this.bars.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.bars[middle]!.time <= time) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  private volumePoint(bar: ChartBar): { time: UTCTimestamp; value: number; color: string } {
    return {
      time: sec(bar.time),
      value: bar.volume,
      color: bar.close >= bar.open ? this.colors.upVolume : this.colors.downVolume,
    };
  }

  /** Anomalies as markers (at the bar containing `ts − 1µs`: bar detectors stamp the bar's end) and as scores. */
  setAnomalies(anomalies: readonly Anomaly[]): void {
    this.anomaliesByTime = new Map();
    for (const anomaly of anomalies) {
      const time = this.barTimeOf(anomaly.ts);
      if (time === null) continue;
      const list = this.anomaliesByTime.get(time) ?? [];
      list.push(anomaly);
      this.anomaliesByTime.set(time, list);
    }
    this.refreshMarkers();
  }

  /** Seconds of the loaded bar that contains the instant `micros − 1` (a bar's end belongs to it). */
  barTimeOf(micros: number): number | null {
    const index = this.findIndex((micros - 1) / 1_000_000);
    return index < 0 ? null : this.bars[index]!.time;
  }

  private refreshMarkers(): void {
    const markers: SeriesMarker<Time>[] = [];
    const scores: { time: UTCTimestamp; value: number; color: string }[] = [];
    // Only inside the window: a point outside it would add its time to the shared time scale.
    const from = this.bars[this.offset]?.time ?? -Infinity;
    const times = [...this.anomaliesByTime.keys()].filter((time) => time >= from).sort((a, b) => a - b);
    for (const time of times) {
      const list = this.anomaliesByTime.get(time)!;
      let worst = list[0]!;
      for (const anomaly of list) {
        if (
          SEVERITY_RANK[anomaly.severity] > SEVERITY_RANK[worst.severity] ||
          (anomaly.severity === worst.severity && anomaly.score > worst.score)
        )
          worst = anomaly;
      }
      const color = SEVERITY_COLORS[worst.severity];
      markers.push({
        time: sec(time),
        position: 'aboveBar',
        shape: 'arrowDown',
        color,
        size: worst.severity === 'critical' ? 1.4 : 1,
        id: worst.id,
      });
      scores.push({ time: sec(time), value: worst.score, color });
    }
    if (this.markers === null && markers.length > 0) this.markers = createSeriesMarkers(this.candles, []);
    this.markers?.setMarkers(markers);
    this.score.setData(scores);
  }

  anomaliesAt(time: number): readonly Anomaly[] {
    return this.anomaliesByTime.get(time) ?? [];
  }

  /** Draws the chosen indicator columns (each a time series), overlays on price and one sub-pane per family. */
  setIndicators(columns: ReadonlyMap<string, readonly IndicatorPoint[]>): void {
    this.indicatorColumns = columns;
    const from = this.bars[this.offset]?.time ?? -Infinity;
    for (const series of this.indicatorSeries.values()) this.chart.removeSeries(series);
    this.indicatorSeries.clear();
    for (let pane = this.chart.panes().length - 1; pane >= 2; pane--) this.chart.removePane(pane);
    const groups: string[] = [];
    let colorIndex = 0;
    for (const [column, points] of columns) {
      let paneIndex = 0;
      if (!isOverlay(column)) {
        const group = paneGroup(column);
        if (!groups.includes(group)) groups.push(group);
        paneIndex = 2 + groups.indexOf(group);
      }
      const color = LINE_COLORS[colorIndex++ % LINE_COLORS.length]!;
      const data = points.filter((p) => p.time >= from).map((p) => ({ time: sec(p.time), value: p.value }));
      const common = { title: column, lastValueVisible: true, priceLineVisible: false };
      const series: ISeriesApi<SeriesType> = isHistogram(column)
        ? this.chart.addSeries(HistogramSeries, { ...common, color }, paneIndex)
        : this.chart.addSeries(LineSeries, { ...common, color, lineWidth: 2 }, paneIndex);
      series.setData(data);
      this.indicatorSeries.set(column, series);
    }
    for (let pane = 2; pane < this.chart.panes().length; pane++) this.chart.panes()[pane]?.setHeight(90);
  }

  /** Appends one live indicator value to a drawn column. */
  updateIndicator(column: string, point: IndicatorPoint): void {
    const series = this.indicatorSeries.get(column);
    if (series === undefined) return;
    const last = series.data()[series.data().length - 1];
    if (last !== undefined && (last.time as number) > point.time) return;
    series.update({ time: sec(point.time), value: point.value });
  }

  /** Called when the view nears the oldest loaded bar (to load older history). */
  onNearLeftEdge(callback: (() => void) | null): void {
    this.nearLeftEdge = callback;
  }

  onHover(callback: ((info: HoverInfo | null) => void) | null): void {
    this.hover = callback;
  }

  private readonly onRange = (range: LogicalRange | null): void => {
    if (range === null || range.from >= 20 || this.bars.length === 0) return;
    // Outside the chart's own range-change notification: redrawing from inside it would recurse.
    if (this.offset > 0) {
      if (this.extending === 0) this.extending = requestAnimationFrame(this.extendWindow);
    } else this.nearLeftEdge?.();
  };

  private readonly onCrosshair = (param: MouseEventParams<Time>): void => {
    if (this.hover === null) return;
    if (param.time === undefined || param.point === undefined) {
      this.hover(null);
      return;
    }
    const time = param.time as number;
    const index = this.findIndex(time);
    this.hover({
      time,
      x: param.point.x,
      y: param.point.y,
      bar: index >= 0 && this.bars[index]!.time === time ? this.bars[index]! : null,
      anomalies: this.anomaliesAt(time),
    });
  };

  /**
   * Pixel of any instant (seconds), interpolated between bar positions so label edges that fall
   * inside a bar or outside the loaded bars still land in the right place; null without bars.
   */
  xOf(time: number, barSeconds: number): number | null {
    if (this.bars.length === 0) return null;
    const index = Math.max(0, this.findIndex(time));
    const logical = index - this.offset + (time - this.bars[index]!.time) / barSeconds;
    return this.chart.timeScale().logicalToCoordinate(logical as never);
  }

  /** The instant (seconds) at a pixel, interpolated like `xOf`; null without bars. */
  timeAtX(x: number, barSeconds: number): number | null {
    const logical = this.chart.timeScale().coordinateToLogical(x);
    if (logical === null || this.bars.length === 0) return null;
    const at = logical + this.offset;
    const index = Math.min(this.bars.length - 1, Math.max(0, Math.floor(at)));
    return this.bars[index]!.time + (at - index) * barSeconds;
  }

  /** Lets the mouse pan and zoom (normal) or not (while drawing a label). */
  setPanning(enabled: boolean): void {
    this.chart.applyOptions({ handleScroll: enabled, handleScale: enabled });
  }

  destroy(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    if (this.extending !== 0) cancelAnimationFrame(this.extending);
    this.chart.timeScale().unsubscribeVisibleLogicalRangeChange(this.onRange);
    this.chart.unsubscribeCrosshairMove(this.onCrosshair);
    this.chart.remove();
  }
}

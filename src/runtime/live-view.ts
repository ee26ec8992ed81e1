/**
 * The terminal's live view: a compact block of prices every few seconds and one 🚨 line per
 * anomaly as it happens. It only reads events; it never blocks the pipeline.
 */
import type { Anomaly, PipelineEvent } from '../core/events.js';
import { isoFromMicros } from '../core/time.js';
import type { SourceHealth } from '../server/health.js';

interface SymbolLine {
  last: number;
  /** Close of the last closed daily bar: change is measured from it, as quote screens do. */
  previousClose: number;
  /** Open of the forming daily bar (the reference before any daily bar has closed). */
  dayOpen: number;
  dayVolume: number;
  trades: number;
}

export interface LiveViewOptions {
  readonly write: (text: string) => void;
  readonly symbols: readonly string[];
  /** Colour and emphasis with ANSI escapes (off when not a TTY). */
  readonly color: boolean;
}

const RESET = '\u001b[0m';
const GREEN = '\u001b[32m';
const RED = '\u001b[31m';
const DIM = '\u001b[2m';
const BOLD = '\u001b[1m';

export class LiveView {
  private readonly lines = new Map<string, SymbolLine>();
  private tradesSinceRender = 0;
  private anomaliesTotal = 0;
  private lastRenderMicros = 0;
  private quiet = false;

  constructor(private readonly options: LiveViewOptions) {
    for (const symbol of options.symbols) {
      this.lines.set(symbol, {
        last: Number.NaN,
        previousClose: Number.NaN,
        dayOpen: Number.NaN,
        dayVolume: 0,
        trades: 0,
      });
    }
  }

  /** Fills a symbol's line from stored history (after a restart), unless live data already did. */
  seed(symbol: string, last: number | null, previousClose: number | null): void {
    const line = this.lines.get(symbol);
    if (!line || !Number.isNaN(line.last)) return;
    if (last !== null) line.last = last;
    if (previousClose !== null) line.previousClose = previousClose;
  }

  /** While quiet (e.g. during warm-up) anomalies are counted but not printed. */
  setQuiet(quiet: boolean): void {
    this.quiet = quiet;
  }

  observe(event: PipelineEvent): void {
    switch (event.type) {
      case 'trade': {
        const line = this.lines.get(event.symbol);
        if (line) {
          line.last = event.price;
          line.trades++;
        }
        this.tradesSinceRender++;
        return;
      }
      case 'bar.partial':
      case 'bar': {
        if (event.timeframe !== '1d') return;
        const line = this.lines.get(event.symbol);
        if (!line) return;
        if (event.type === 'bar') {
          // The session closed: its close is the next day's reference; the new day starts empty.
          line.previousClose = event.close;
          line.dayOpen = Number.NaN;
          line.dayVolume = 0;
        } else {
          line.dayOpen = event.open;
          line.dayVolume = event.volume;
        }
        return;
      }
      case 'anomaly':
        this.anomaliesTotal++;
        if (!this.quiet) this.printAnomaly(event);
        return;
      default:
        return;
    }
  }

  printAnomaly(anomaly: Anomaly): void {
    const c = this.options.color;
    const severity =
      anomaly.severity === 'critical' ? (c ? `${RED}${BOLD}critical${RESET}` : 'critical') : anomaly.severity;
    this.options.write(
      `🚨 ${isoFromMicros(anomaly.ts).slice(0, 19).replace('T', ' ')} ${pad(anomaly.symbol, 8)} ${anomaly.timeframe} ${anomaly.kind} ${severity}: ${anomaly.message} (score ${anomaly.score.toFixed(2)})\n`,
    );
  }

  /** Prints the price block; `nowMicros` is the pipeline's clock (simulated or live). */
  render(
    nowMicros: number,
    status: {
      ticksPerSecond: number;
      quarantined: number;
      storeRows: number;
      /** Live runs: each source's health, shown under the header (a failed one stands out). */
      sources?: readonly SourceHealth[];
    },
  ): void {
    const c = this.options.color;
    const time = isoFromMicros(nowMicros).slice(0, 19).replace('T', ' ');
    const header = `── ${time} UTC · ${formatCount(status.ticksPerSecond)} ticks/s · ${this.anomaliesTotal} anomalies · ${status.quarantined} quarantined · ${formatCount(status.storeRows)} rows stored`;
    const out: string[] = [c ? `${DIM}${header}${RESET}` : header];
    if (status.sources !== undefined && status.sources.length > 0) {
      const parts = status.sources.map((source) => {
        const text = `${source.name} ${source.status}`;
        if (!c || source.status === 'up') return text;
        return `${source.status === 'down' ? RED : BOLD}${text}${RESET}`;
      });
      out.push(`sources: ${parts.join(' · ')}`);
    }
    for (const [symbol, line] of this.lines) {
      if (Number.isNaN(line.last)) {
        out.push(`${pad(symbol, 9)} ${'—'.padStart(12)}  (no trades yet)`);
        continue;
      }
      const reference = Number.isNaN(line.previousClose) ? line.dayOpen : line.previousClose;
      const change = Number.isNaN(reference) ? 0 : (line.last - reference) / reference;
      const arrow = change > 0 ? '▲' : change < 0 ? '▼' : '·';
      let changeText = `${arrow}${(Math.abs(change) * 100).toFixed(2).padStart(6)}%`;
      if (c && change !== 0) changeText = `${change > 0 ? GREEN : RED}${changeText}${RESET}`;
      out.push(
        `${pad(symbol, 9)} ${formatPrice(line.last).padStart(12)}  ${changeText}  vol ${formatCount(line.dayVolume).padStart(8)}`,
      );
    }
    this.options.write(`${out.join('\n')}\n`);
    this.tradesSinceRender = 0;
    this.lastRenderMicros = nowMicros;
  }

  get lastRender(): number {
    return this.lastRenderMicros;
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function formatPrice(price: number): string {
  const digits = price >= 1000 ? 2 : price >= 1 ? 2 : 6;
  return price.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return abs >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(2);
}

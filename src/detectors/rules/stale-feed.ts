/**
 * Stale feed: no trade or quote from a symbol for longer than `maxSilence` while its market is
 * open. Time-driven, so it is an operator rather than a scoring detector: `next` records when
 * each symbol was last heard from (receive time), `onTime(now)` — called by the run loop on the
 * pipeline clock — compares that with now, counting silence only from the start of the current
 * session of the symbol's calendar (a market that is closed is not stale), and only from when the
 * monitor started watching (a run or replay that starts mid-session has not missed anything yet). One warning per
 * silence, escalated once to critical at `criticalSilence`; hearing from the symbol again re-arms it.
 *
 * Cost: `next` O(1) (a map lookup); `onTime` O(symbols) plus one calendar lookup per calendar.
 */
import { calendarFor, type CalendarName, type SessionCalendar } from '../../bars/sessions.js';
import type { Anomaly, Micros, Quote, Trade } from '../../core/events.js';
import type { Emit, Operator } from '../../core/operator.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../core/time.js';
import { squash } from '../detector.js';

export interface StaleFeedConfig {
  /** Symbols to watch and the calendar each trades on. */
  readonly instruments: ReadonlyArray<{ readonly symbol: string; readonly calendar: CalendarName }>;
  readonly maxSilence: Micros;
  readonly criticalSilence: Micros;
}

export const DEFAULT_MAX_SILENCE: Micros = 60 * MICROS_PER_SECOND;
export const DEFAULT_CRITICAL_SILENCE: Micros = 5 * MICROS_PER_MINUTE;

export interface StaleFeedState {
  /** Per configured symbol, in order: last receive time (or null) and alert level (0, 1 warning, 2 critical). */
  readonly lastSeen: Array<number | null>;
  readonly level: number[];
  /** Time of the first event or check the monitor saw, or null before any. */
  readonly watchingSince?: number | null;
}

export class StaleFeedMonitor implements Operator<Trade | Quote, Anomaly, StaleFeedState> {
  readonly name = 'stale_feed';
  private readonly index = new Map<string, number>();
  private readonly calendars: SessionCalendar[];
  private readonly calendarOf: number[];
  private lastSeen: Array<number | null>;
  private level: number[];
  private watchingSince: number | null = null;
  private readonly maxSilence: Micros;
  private readonly criticalSilence: Micros;

  constructor(config: Pick<StaleFeedConfig, 'instruments'> & Partial<StaleFeedConfig>) {
    this.maxSilence = config.maxSilence ?? DEFAULT_MAX_SILENCE;
    this.criticalSilence = config.criticalSilence ?? DEFAULT_CRITICAL_SILENCE;
    if (!(this.maxSilence > 0 && this.criticalSilence >= this.maxSilence))
      throw new Error('stale_feed: need 0 < maxSilence ≤ criticalSilence (µs)');
    const names: CalendarName[] = [];
    this.calendars = [];
    this.calendarOf = config.instruments.map(({ symbol, calendar }, i) => {
      if (this.index.has(symbol)) throw new Error(`stale_feed: symbol ${symbol} is listed twice`);
      this.index.set(symbol, i);
      let c = names.indexOf(calendar);
      if (c < 0) {
        c = names.push(calendar) - 1;
        this.calendars.push(calendarFor(calendar));
      }
      return c;
    });
    this.lastSeen = config.instruments.map(() => null);
    this.level = config.instruments.map(() => 0);
  }

  next(event: Trade | Quote, _emit: Emit<Anomaly>): void {
    const i = this.index.get(event.symbol);
    if (i === undefined) {
      if (this.watchingSince === null) this.watchingSince = event.tsRecv;
      return;
    }
    this.heard(i, event.tsRecv);
  }

  /**
   * `next` for a caller that knows the symbol's position in `instruments` (the pipeline does):
   * skips the map lookup on the tick path.
   */
  heard(i: number, tsRecv: Micros): void {
    if (this.watchingSince === null) this.watchingSince = tsRecv;
    const last = this.lastSeen[i];
    if (last === null || last === undefined || tsRecv > last) this.lastSeen[i] = tsRecv;
    this.level[i] = 0;
  }

  onTime(now: Micros, emit: Emit<Anomaly>): void {
    if (this.watchingSince === null) this.watchingSince = now;
    const watchingSince = this.watchingSince;
    const sessionStarts = this.calendars.map((calendar) => calendar.sessionAt(now)?.start ?? null);
    for (const [symbol, i] of this.index) {
      const sessionStart = sessionStarts[this.calendarOf[i] as number];
      if (sessionStart === null || sessionStart === undefined) continue;
      const last = this.lastSeen[i] ?? null;
      const from = sessionStart > watchingSince ? sessionStart : watchingSince;
      const since = last === null || last < from ? from : last;
      const silence = now - since;
      const level = this.level[i] as number;
      const due = silence >= this.criticalSilence ? 2 : silence >= this.maxSilence ? 1 : 0;
      if (due <= level) continue;
      this.level[i] = due;
      const seconds = silence / MICROS_PER_SECOND;
      emit({
        type: 'anomaly',
        id: `stale_feed:${symbol}:feed:${since}:${due}`,
        symbol,
        timeframe: 'feed',
        ts: now,
        kind: 'stale_feed',
        severity: due === 2 ? 'critical' : 'warning',
        score: squash(silence, this.maxSilence),
        rawScore: seconds,
        detector: this.name,
        message: `no trades or quotes for ${seconds.toFixed(0)} s during the session`,
        explanation: [{ feature: 'silence_seconds', value: seconds, contribution: 1 }],
        context: { silenceSeconds: seconds, lastSeen: since, maxSilenceSeconds: this.maxSilence / MICROS_PER_SECOND },
        tsRecv: now,
      });
    }
  }

  /**
   * The process itself was down until `now` (a live run restored from a checkpoint): the feed was
   * not watched meanwhile, so silence counts afresh from now rather than from the checkpoint.
   */
  resumeWatching(now: Micros): void {
    this.watchingSince = now;
    this.level = this.level.map(() => 0);
  }

  snapshot(): StaleFeedState {
    return { lastSeen: [...this.lastSeen], level: [...this.level], watchingSince: this.watchingSince };
  }

  restore(state: StaleFeedState): void {
    if (state.lastSeen.length !== this.lastSeen.length) throw new Error('stale_feed: snapshot is for another universe');
    this.lastSeen = [...state.lastSeen];
    this.level = [...state.level];
    this.watchingSince = state.watchingSince ?? null;
  }

  reset(): void {
    this.lastSeen = this.lastSeen.map(() => null);
    this.level = this.level.map(() => 0);
    this.watchingSince = null;
  }
}

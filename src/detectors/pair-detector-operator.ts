/**
 * Runs a pair detector (e.g. the correlation break) on the closed bars of two symbols of one
 * timeframe: a BarPairer joins their bars by end into log-return pairs, the detector scores then
 * learns each pair, and a triggered score becomes an Anomaly on the first symbol (the one watched;
 * the second is its reference) with both symbols in its explanation, context and message. Feed it
 * the bars of both symbols (others are ignored).
 *
 * A break lasts many bars, and the detector triggers on each while its windows disagree: the
 * operator reports a run of triggered pairs once, when it starts, and once more if it becomes
 * critical (like the stale-feed monitor), instead of one anomaly per bar.
 *
 * Blaming the reference: when the reference itself breaks (SPY loses its market beta), every
 * pair watched against it breaks at once, and each would report a false break on its first
 * symbol. Operators sharing one `ReferenceGroup` (same reference and timeframe) hold a run's
 * report for `minutes` of pairs, then decide: if at least `quorum` other pairs of the group
 * started a run within `minutes` of this one, the anomaly is reported on the reference (once for
 * the group), else on the first symbol. The report is `minutes` late; breaks last far longer.
 * The group keeps no state of its own: it reads its members' last run starts.
 */
import type { Anomaly, Bar, Micros } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import { BarPairer, type BarPairerState } from './bar-pairer.js';
import type { StepOptions, VectorDetector } from './detector.js';
import { scoreThenLearn } from './detector.js';

export interface PairDetectorState<S> {
  readonly pairer: BarPairerState;
  readonly detector: S;
  /** Level already reported in the current run of triggered pairs: 0 none, 1 warning or info, 2 critical. */
  readonly reported?: number;
  /** With a reference group: the held report, the last run start, the last report blamed on the reference. */
  readonly held?: Anomaly | null;
  readonly runStart?: number | null;
  readonly blamed?: number | null;
}

/** Pair operators that share a reference symbol and timeframe, to tell a break of the reference from one of a pair. */
export class ReferenceGroup {
  readonly members: Array<PairDetectorOperator<unknown>> = [];
  readonly span: Micros;

  constructor(
    /** Other pairs that must break within `minutes` for the reference to be blamed. */
    readonly quorum: number,
    readonly minutes: number,
  ) {
    if (!(Number.isInteger(quorum) && quorum >= 1))
      throw new Error(`reference group: quorum must be a whole number ≥ 1, got ${quorum}`);
    if (!(minutes > 0)) throw new Error(`reference group: minutes must be positive, got ${minutes}`);
    this.span = Math.round(minutes * 60_000_000);
  }

  /** Other members whose last run started within the span of `ts`. */
  breaksNear(self: PairDetectorOperator<unknown>, ts: Micros): number {
    let count = 0;
    for (const member of this.members) {
      const start = member.lastRunStart;
      if (member !== self && start !== null && Math.abs(start - ts) <= this.span) count++;
    }
    return count;
  }

  /** True when a member already blamed the reference within the span of `ts`. */
  blamedNear(ts: Micros): boolean {
    return this.members.some((m) => m.lastBlamed !== null && Math.abs(m.lastBlamed - ts) <= this.span);
  }
}

export interface PairOperatorOptions extends StepOptions {
  /** Shared with the other pairs of the same reference and timeframe (see above). */
  readonly group?: ReferenceGroup;
}

export class PairDetectorOperator<S> implements Operator<Bar, Anomaly, PairDetectorState<S>> {
  private readonly pairer: BarPairer;
  private readonly pair: string;
  private reported = 0;
  private held: Anomaly | null = null;
  private runStart: Micros | null = null;
  private blamed: Micros | null = null;
  private readonly group: ReferenceGroup | undefined;

  constructor(
    private readonly detector: VectorDetector<S>,
    readonly first: string,
    readonly second: string,
    readonly timeframe: string,
    private readonly options: PairOperatorOptions = {},
  ) {
    this.pairer = new BarPairer(first, second);
    this.pair = `${first}/${second}`;
    this.group = options.group;
    this.group?.members.push(this as PairDetectorOperator<unknown>);
  }

  /** Start of this pair's last run of triggered pairs (null: none yet). */
  get lastRunStart(): Micros | null {
    return this.runStart;
  }

  /** When this pair last reported a break on the reference (null: never). */
  get lastBlamed(): Micros | null {
    return this.blamed;
  }

  next(bar: Bar, emit: Emit<Anomaly>): void {
    if (bar.timeframe !== this.timeframe) return;
    const point = this.pairer.next(bar);
    if (point === null) return;
    if (this.held !== null && this.group !== undefined && point.ts >= this.held.ts + this.group.span)
      this.decide(this.held, this.group, point.ts, bar.tsRecv, emit);
    const result = scoreThenLearn(this.detector, point, this.options);
    if (result === null || !result.triggered) {
      this.reported = 0;
      return;
    }
    const level = result.severity === 'critical' ? 2 : 1;
    if (level <= this.reported) return;
    if (this.reported === 0) this.runStart = point.ts;
    this.reported = level;
    const anomaly: Anomaly = {
      type: 'anomaly',
      id: `${this.detector.name}:${this.first}/${this.second}:${this.timeframe}:${point.ts}`,
      symbol: this.first,
      timeframe: this.timeframe,
      ts: point.ts,
      kind: this.detector.kind,
      severity: result.severity,
      score: result.score,
      rawScore: result.raw,
      detector: this.detector.name,
      message: result.message,
      // Both symbols are named wherever the anomaly is read: the explanation, the context and the message.
      explanation: result.explanation.map((c) => ({ ...c, feature: `${this.pair} ${c.feature}` })),
      context: { ...result.context, pair: this.pair, first: this.first, second: this.second },
      tsRecv: bar.tsRecv,
    };
    if (this.group === undefined) emit(anomaly);
    // Held for the group's decision; a critical escalation replaces a held warning.
    else this.held = anomaly;
  }

  /** Reports a held run on the reference when enough of the group broke with it, else on the first symbol. */
  private decide(held: Anomaly, group: ReferenceGroup, now: Micros, tsRecv: Micros, emit: Emit<Anomaly>): void {
    this.held = null;
    const others = group.breaksNear(this, held.ts);
    const since = `${this.pair} broke at ${new Date(held.ts / 1000).toISOString().slice(11, 16)} UTC`;
    if (others >= group.quorum) {
      if (group.blamedNear(held.ts)) return;
      this.blamed = held.ts;
      emit({
        ...held,
        id: `${this.detector.name}:${this.second}:${this.timeframe}:${now}`,
        symbol: this.second,
        ts: now,
        message: `${this.second} broke from its pairs: ${others + 1} pairs against it broke within ${group.minutes} min (${since}; ${held.message})`,
        context: { ...held.context, blamed: 'reference', pairsBroken: others + 1 },
        tsRecv,
      });
      return;
    }
    emit({
      ...held,
      id: `${this.detector.name}:${this.pair}:${this.timeframe}:${now}`,
      ts: now,
      context: { ...held.context, blamed: 'first', pairsBroken: others + 1 },
      tsRecv,
    });
  }

  onTime(_now: Micros, _emit: Emit<Anomaly>): void {
    // Pairs complete on bars; bar timers run upstream.
  }

  snapshot(): PairDetectorState<S> {
    return {
      pairer: this.pairer.snapshot(),
      detector: this.detector.snapshot(),
      reported: this.reported,
      held: this.held === null ? null : { ...this.held },
      runStart: this.runStart,
      blamed: this.blamed,
    };
  }

  restore(state: PairDetectorState<S>): void {
    this.pairer.restore(state.pairer);
    this.detector.restore(state.detector);
    this.reported = state.reported ?? 0;
    this.held = state.held == null ? null : { ...state.held };
    this.runStart = state.runStart ?? null;
    this.blamed = state.blamed ?? null;
  }

  reset(): void {
    this.pairer.reset();
    this.detector.reset();
    this.reported = 0;
    this.held = null;
    this.runStart = null;
    this.blamed = null;
  }
}

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
}

export class PairDetectorOperator<S> implements Operator<Bar, Anomaly, PairDetectorState<S>> {
  private readonly pairer: BarPairer;
  private readonly pair: string;
  private reported = 0;

  constructor(
    private readonly detector: VectorDetector<S>,
    readonly first: string,
    readonly second: string,
    readonly timeframe: string,
    private readonly options: StepOptions = {},
  ) {
    this.pairer = new BarPairer(first, second);
    this.pair = `${first}/${second}`;
  }

  next(bar: Bar, emit: Emit<Anomaly>): void {
    if (bar.timeframe !== this.timeframe) return;
    const point = this.pairer.next(bar);
    if (point === null) return;
    const result = scoreThenLearn(this.detector, point, this.options);
    if (result === null || !result.triggered) {
      this.reported = 0;
      return;
    }
    const level = result.severity === 'critical' ? 2 : 1;
    if (level <= this.reported) return;
    this.reported = level;
    emit({
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
    });
  }

  onTime(_now: Micros, _emit: Emit<Anomaly>): void {
    // Pairs complete on bars; bar timers run upstream.
  }

  snapshot(): PairDetectorState<S> {
    return { pairer: this.pairer.snapshot(), detector: this.detector.snapshot(), reported: this.reported };
  }

  restore(state: PairDetectorState<S>): void {
    this.pairer.restore(state.pairer);
    this.detector.restore(state.detector);
    this.reported = state.reported ?? 0;
  }

  reset(): void {
    this.pairer.reset();
    this.detector.reset();
    this.reported = 0;
  }
}

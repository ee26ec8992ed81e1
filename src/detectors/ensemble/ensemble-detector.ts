/**
 * Ensemble of detectors with calibrated scores and adaptive weights.
 *
 * Each member's score is turned into a tail probability p_i against that member's own recent
 * scores (TailCalibrator). The members are combined by the weighted Bonferroni rule
 *
 *   p = min_i p_i / w_i   (weights w_i normalised to sum to 1 over the members that score),
 *
 * which is a valid tail probability whatever the dependence between members
 * (P(p ≤ α) ≤ Σ_i P(p_i ≤ w_i·α) ≤ Σ_i w_i·α = α):
 * one member very sure, or a highly weighted member fairly sure, is enough. Raw score: −log10 p;
 * score: 1 − p; triggered when p ≤ `tailProbability`. The explanation lists every member with its
 * share of the weighted surprise (w_i · −ln p_i), so it says which detectors contributed.
 *
 * Weights follow each member's recent precision, an exponentially decayed hit rate with a
 * Beta(1, 1) prior: when a member flags a point (p_i ≤ `memberTailProbability`), it scores a hit if
 * another member agrees (p_j ≤ `agreementTailProbability`), a miss otherwise; `feedback(members,
 * anomalous)` — labels or a user's verdict on an anomaly — counts `feedbackWeight` times as much.
 * w_i ∝ max(`minimumWeight`, precision_i).
 *
 * Cost per input: each member scored twice (in `score` and in `learn`) and learnt once, plus one
 * calibrator insert per member (a sorted-window memmove).
 */
import type { Contribution } from '../../core/events.js';
import type { SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import { TailCalibrator } from '../calibration/tail-calibrator.js';
import type { Detector, DetectorScore } from '../detector.js';

export interface EnsembleConfig {
  readonly name: string;
  /** Recent scores kept per member for calibration, and how many before a member counts. */
  readonly calibrationWindow: number;
  readonly minSamples: number;
  /** Combined tail probability that triggers (critical at a tenth of it). */
  readonly tailProbability: number;
  /** A member "flags" a point at or below this tail probability (for precision and the message). */
  readonly memberTailProbability: number;
  /** Another member "agrees" at or below this one. */
  readonly agreementTailProbability: number;
  /** Decay of the precision counts per flag (0.99: about the last 100 flags matter). */
  readonly precisionDecay: number;
  readonly feedbackWeight: number;
  readonly minimumWeight: number;
}

export const DEFAULT_ENSEMBLE: EnsembleConfig = {
  name: 'ensemble',
  calibrationWindow: 2000,
  minSamples: 200,
  tailProbability: 0.001,
  memberTailProbability: 0.01,
  agreementTailProbability: 0.05,
  precisionDecay: 0.99,
  feedbackWeight: 5,
  minimumWeight: 0.05,
};

export interface EnsembleMemberState {
  readonly detector: unknown;
  readonly scores: SortedWindowState;
  readonly hits: number;
  readonly flags: number;
}

export interface EnsembleState {
  readonly members: EnsembleMemberState[];
}

interface Member<I> {
  readonly detector: Detector<I>;
  readonly calibrator: TailCalibrator;
  hits: number;
  flags: number;
}

export class EnsembleDetector<I> implements Detector<I, EnsembleState> {
  readonly name: string;
  readonly kind = 'ensemble';
  readonly warmUp: number;
  private readonly members: Member<I>[];
  /** Per-member tail probabilities of the last evaluation (NaN: not scoring). Scratch. */
  private readonly tails: Float64Array;

  constructor(
    detectors: ReadonlyArray<Detector<I>>,
    private readonly config: EnsembleConfig = DEFAULT_ENSEMBLE,
  ) {
    if (detectors.length === 0) throw new Error('ensemble: give at least one detector');
    const names = detectors.map((d) => d.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) throw new Error(`ensemble: detector ${repeated} is listed twice (names must differ)`);
    if (!(config.tailProbability > 0 && config.tailProbability < 1))
      throw new Error(`ensemble.tailProbability must be in (0, 1), got ${config.tailProbability}`);
    this.name = config.name;
    this.members = detectors.map((detector) => ({
      detector,
      calibrator: new TailCalibrator(config.calibrationWindow),
      hits: 0,
      flags: 0,
    }));
    this.warmUp = Math.min(...detectors.map((d) => d.warmUp)) + config.minSamples;
    this.tails = new Float64Array(detectors.length);
  }

  /** Current weight of each member by name (normalised over all members). */
  weights(): Record<string, number> {
    const raw = this.members.map((m) => this.rawWeight(m));
    const total = raw.reduce((s, w) => s + w, 0);
    return Object.fromEntries(this.members.map((m, i) => [m.detector.name, (raw[i] as number) / total]));
  }

  private rawWeight(member: Member<I>): number {
    const precision = (member.hits + 1) / (member.flags + 2);
    return Math.max(this.config.minimumWeight, precision);
  }

  /** Fills `tails` (NaN for members not scoring yet); returns how many score. */
  private evaluate(input: I, results: Array<DetectorScore | null> | null): number {
    let scoring = 0;
    this.members.forEach((member, i) => {
      const result = member.detector.score(input);
      if (results !== null) results[i] = result;
      if (result === null || member.calibrator.size < this.config.minSamples) this.tails[i] = Number.NaN;
      else {
        this.tails[i] = member.calibrator.tailProbability(result.score);
        scoring++;
      }
    });
    return scoring;
  }

  score(input: I): DetectorScore | null {
    const results: Array<DetectorScore | null> = new Array<DetectorScore | null>(this.members.length).fill(null);
    if (this.evaluate(input, results) === 0) return null;
    let totalWeight = 0;
    this.members.forEach((m, i) => {
      if (this.tails[i] === this.tails[i]) totalWeight += this.rawWeight(m);
    });
    let combined = 1;
    let totalSurprise = 0;
    const parts: Array<{ name: string; tail: number; weight: number; surprise: number }> = [];
    this.members.forEach((m, i) => {
      const tail = this.tails[i] as number;
      if (tail !== tail) return;
      const weight = this.rawWeight(m) / totalWeight;
      combined = Math.min(combined, tail / weight);
      const surprise = weight * -Math.log(tail);
      totalSurprise += surprise;
      parts.push({ name: m.detector.name, tail, weight, surprise });
    });
    combined = Math.min(1, combined);
    const explanation: Contribution[] = parts.map((p) => ({
      feature: p.name,
      value: p.tail,
      contribution: totalSurprise > 0 ? p.surprise / totalSurprise : 0,
    }));
    const flagged = parts.filter((p) => p.tail <= this.config.memberTailProbability).sort((a, b) => a.tail - b.tail);
    const limit = this.config.tailProbability;
    const triggered = combined <= limit;
    const context: Record<string, number | string> = { tailProbability: combined };
    parts.forEach((p) => {
      context[`p_${p.name}`] = p.tail;
      context[`w_${p.name}`] = p.weight;
    });
    // The strongest member's own message says what it saw.
    const strongest = flagged[0] ?? parts.reduce((a, b) => (b.tail < a.tail ? b : a));
    const strongestResult = results[this.members.findIndex((m) => m.detector.name === strongest.name)];
    return {
      raw: -Math.log10(combined),
      score: 1 - combined,
      triggered,
      severity: combined <= limit / 10 ? 'critical' : triggered ? 'warning' : 'info',
      message:
        flagged.length === 0
          ? `no detector flags this (combined p ${combined.toPrecision(2)})`
          : `${flagged.map((p) => `${p.name} (p ${p.tail.toPrecision(2)})`).join(', ')}: ${strongestResult?.message ?? ''}`,
      explanation,
      context,
    };
  }

  learn(input: I): void {
    const results: Array<DetectorScore | null> = new Array<DetectorScore | null>(this.members.length).fill(null);
    this.evaluate(input, results);
    const { memberTailProbability, agreementTailProbability, precisionDecay } = this.config;
    this.members.forEach((member, i) => {
      const tail = this.tails[i] as number;
      if (tail === tail && tail <= memberTailProbability) {
        let agreed = false;
        for (let j = 0; j < this.members.length && !agreed; j++)
          if (j !== i && (this.tails[j] as number) <= agreementTailProbability) agreed = true;
        this.count(member, agreed, 1, precisionDecay);
      }
      member.detector.learn(input);
      const result = results[i];
      if (result !== null && result !== undefined) member.calibrator.record(result.score);
    });
  }

  private count(member: Member<I>, hit: boolean, weight: number, decay: number): void {
    member.hits = member.hits * decay + (hit ? weight : 0);
    member.flags = member.flags * decay + weight;
  }

  /**
   * A verdict on an anomaly (a label, or a user's feedback): the members that contributed to it
   * gain precision if it was real and lose it if not.
   */
  feedback(memberNames: readonly string[], anomalous: boolean): void {
    for (const member of this.members)
      if (memberNames.includes(member.detector.name))
        this.count(member, anomalous, this.config.feedbackWeight, this.config.precisionDecay);
  }

  snapshot(): EnsembleState {
    return {
      members: this.members.map((m) => ({
        detector: m.detector.snapshot(),
        scores: m.calibrator.snapshot(),
        hits: m.hits,
        flags: m.flags,
      })),
    };
  }

  restore(state: EnsembleState): void {
    if (state.members.length !== this.members.length) throw new Error('ensemble: snapshot has another set of members');
    state.members.forEach((saved, i) => {
      const member = this.members[i] as Member<I>;
      member.detector.restore(saved.detector);
      member.calibrator.restore(saved.scores);
      member.hits = saved.hits;
      member.flags = saved.flags;
    });
  }

  reset(): void {
    for (const member of this.members) {
      member.detector.reset();
      member.calibrator.reset();
      member.hits = 0;
      member.flags = 0;
    }
  }
}

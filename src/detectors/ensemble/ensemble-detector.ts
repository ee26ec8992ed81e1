/**
 * Ensemble of detectors with calibrated scores and adaptive weights.
 *
 * Each member's score is turned into a tail probability p_i against that member's own recent
 * scores (TailCalibrator; by default a generalised Pareto tail above the top 5%, so a score far
 * beyond anything recent gets a tail probability far below 1 / window). The members are combined
 * with weights w_i (normalised to sum to 1 over the members that score) by
 *
 *   harmonic (default): p = 1 / Σ_i (w_i / p_i), the weighted harmonic mean p-value (Wilson 2019):
 *                        one very sure member is enough, and several fairly sure members add up;
 *   bonferroni:          p = min_i p_i / w_i, a valid tail probability whatever the dependence
 *                        (P(p ≤ α) ≤ Σ_i P(p_i ≤ w_i·α) ≤ α); the harmonic mean is at most
 *                        this, so at a given threshold it flags more.
 *
 * Raw score: −log10 p; score: 1 − p; triggered when p ≤ `tailProbability`. The explanation lists
 * every member with its share of the weighted surprise (w_i · −ln p_i) and the message names the
 * members that flagged the point with their tail probabilities and weights.
 *
 * Weights follow each member's recent precision. Two exponentially decayed counts per member:
 * - agreement (always): when a member flags a point (p_i ≤ `memberTailProbability`), it scores a
 *   hit if another member agrees (p_j ≤ `agreementTailProbability`), a miss otherwise;
 * - feedback (when there is any): `feedback({ members, anomalous })` — a label, or a user's verdict
 *   on an anomaly whose explanation named those members — a hit or a miss for each of them.
 * precision_i = (feedback hits + 2·a_i) / (feedback verdicts + 2), a_i = (agreement hits + 1) /
 * (agreement flags + 2): the agreement precision is the prior, so feedback takes over as soon as
 * there is some, and agreement alone decides when there is none. w_i ∝ max(`minimumWeight`, precision_i).
 * The ensemble never reads labels itself: verdicts come in through `feedback` (the edge feeds it).
 *
 * Cost per input: each member scored twice (in `score` and in `learn`) and learnt once, plus one
 * calibrator insert per member (a sorted-window memmove) and, after it, one O(tail) refit when
 * the next score is asked for.
 */
import type { Contribution } from '../../core/events.js';
import type { SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import { TailCalibrator } from '../calibration/tail-calibrator.js';
import type { Detector, DetectorFeedback, DetectorScore } from '../detector.js';

export interface EnsembleConfig {
  readonly name: string;
  /** Recent scores kept per member for calibration, and how many before a member counts. */
  readonly calibrationWindow: number;
  readonly minSamples: number;
  /** Member tails: empirical, or a generalised Pareto fit over the top `tailFraction` (TailCalibrator). */
  readonly tail: 'empirical' | 'pareto';
  readonly tailFraction: number;
  /** How member tails combine: weighted Bonferroni (min p_i / w_i) or the weighted harmonic mean p-value. */
  readonly combine: 'bonferroni' | 'harmonic';
  /** Combined tail probability that triggers (critical at a tenth of it). */
  readonly tailProbability: number;
  /** A member "flags" a point at or below this tail probability (for precision and the message). */
  readonly memberTailProbability: number;
  /** Another member "agrees" at or below this one. */
  readonly agreementTailProbability: number;
  /** Decay of the precision counts per flag (0.99: about the last 100 flags matter). */
  readonly precisionDecay: number;
  /** Weight of the agreement precision as a prior against feedback verdicts (in verdicts). */
  readonly agreementPrior: number;
  readonly minimumWeight: number;
}

/** A verdict on an anomaly the ensemble raised (or a label over it): the members it named, and whether it was real. */
export type EnsembleFeedback = DetectorFeedback;

export const DEFAULT_ENSEMBLE: EnsembleConfig = {
  name: 'ensemble',
  calibrationWindow: 2000,
  minSamples: 200,
  tail: 'pareto',
  tailFraction: 0.05,
  combine: 'harmonic',
  tailProbability: 0.001,
  memberTailProbability: 0.01,
  agreementTailProbability: 0.05,
  precisionDecay: 0.99,
  agreementPrior: 2,
  minimumWeight: 0.05,
};

export interface EnsembleMemberState {
  readonly detector: unknown;
  readonly scores: SortedWindowState;
  readonly hits: number;
  readonly flags: number;
  /** Decayed feedback counts (absent in snapshots from before feedback was kept apart: 0). */
  readonly feedbackHits?: number;
  readonly feedbackVerdicts?: number;
}

export interface EnsembleState {
  readonly members: EnsembleMemberState[];
}

interface Member<I> {
  readonly detector: Detector<I>;
  readonly calibrator: TailCalibrator;
  hits: number;
  flags: number;
  feedbackHits: number;
  feedbackVerdicts: number;
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
      calibrator: new TailCalibrator(config.calibrationWindow, {
        tail: config.tail,
        tailFraction: config.tailFraction,
      }),
      hits: 0,
      flags: 0,
      feedbackHits: 0,
      feedbackVerdicts: 0,
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

  /** Recent precision: feedback verdicts with the agreement precision as their prior. */
  private precision(member: Member<I>): number {
    const agreement = (member.hits + 1) / (member.flags + 2);
    const prior = this.config.agreementPrior;
    return (member.feedbackHits + prior * agreement) / (member.feedbackVerdicts + prior);
  }

  private rawWeight(member: Member<I>): number {
    return Math.max(this.config.minimumWeight, this.precision(member));
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
    let harmonic = 0;
    let totalSurprise = 0;
    const parts: Array<{ name: string; tail: number; weight: number; surprise: number }> = [];
    this.members.forEach((m, i) => {
      const tail = this.tails[i] as number;
      if (tail !== tail) return;
      const weight = this.rawWeight(m) / totalWeight;
      combined = Math.min(combined, tail / weight);
      harmonic += weight / tail;
      const surprise = weight * -Math.log(tail);
      totalSurprise += surprise;
      parts.push({ name: m.detector.name, tail, weight, surprise });
    });
    if (this.config.combine === 'harmonic') combined = 1 / harmonic;
    combined = Math.min(1, combined);
    const explanation: Contribution[] = parts.map((p) => ({
      feature: p.name,
      value: p.tail,
      contribution: totalSurprise > 0 ? p.surprise / totalSurprise : 0,
    }));
    const flagged = parts.filter((p) => p.tail <= this.config.memberTailProbability).sort((a, b) => a.tail - b.tail);
    const limit = this.config.tailProbability;
    const triggered = combined <= limit;
    // The strongest member's own message says what it saw.
    const strongest = flagged[0] ?? parts.reduce((a, b) => (b.tail < a.tail ? b : a));
    const strongestResult = results[this.members.findIndex((m) => m.detector.name === strongest.name)];
    // Contributors: the members that flagged the point; when several fairly sure members add up
    // to a trigger without one flagging, the strongest of them.
    const contributors = flagged.length > 0 ? flagged : triggered ? [strongest] : [];
    const context: Record<string, number | string> = {
      tailProbability: combined,
      flagged: contributors.map((p) => p.name).join(','),
    };
    parts.forEach((p) => {
      context[`p_${p.name}`] = p.tail;
      context[`w_${p.name}`] = p.weight;
    });
    return {
      raw: -Math.log10(combined),
      score: 1 - combined,
      triggered,
      severity: combined <= limit / 10 ? 'critical' : triggered ? 'warning' : 'info',
      message:
        contributors.length === 0
          ? `no detector flags this (combined p ${combined.toPrecision(2)})`
          : `${contributors.map((p) => `${p.name} (p ${p.tail.toPrecision(2)}, weight ${p.weight.toFixed(2)})`).join(', ')}: ${strongestResult?.message ?? ''}`,
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
        member.hits = member.hits * precisionDecay + (agreed ? 1 : 0);
        member.flags = member.flags * precisionDecay + 1;
      }
      member.detector.learn(input);
      const result = results[i];
      if (result !== null && result !== undefined) member.calibrator.record(result.score);
    });
  }

  /**
   * A verdict on an anomaly (a label over it, or a user's accept/reject): the members it names
   * (those the anomaly's explanation credits) gain precision if it was real and lose it if not.
   * Names of other detectors are ignored, so an anomaly of another detector does no harm.
   */
  feedback(verdict: EnsembleFeedback): void {
    const decay = this.config.precisionDecay;
    for (const member of this.members) {
      if (!verdict.members.includes(member.detector.name)) continue;
      member.feedbackHits = member.feedbackHits * decay + (verdict.anomalous ? 1 : 0);
      member.feedbackVerdicts = member.feedbackVerdicts * decay + 1;
    }
  }

  /** The members an anomaly of an ensemble credits (those that flagged it), read from its context. */
  static contributors(context: Readonly<Record<string, number | string>>): string[] {
    const flagged = context.flagged;
    return typeof flagged === 'string' && flagged !== '' ? flagged.split(',') : [];
  }

  snapshot(): EnsembleState {
    return {
      members: this.members.map((m) => ({
        detector: m.detector.snapshot(),
        scores: m.calibrator.snapshot(),
        hits: m.hits,
        flags: m.flags,
        feedbackHits: m.feedbackHits,
        feedbackVerdicts: m.feedbackVerdicts,
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
      member.feedbackHits = saved.feedbackHits ?? 0;
      member.feedbackVerdicts = saved.feedbackVerdicts ?? 0;
    });
  }

  reset(): void {
    for (const member of this.members) {
      member.detector.reset();
      member.calibrator.reset();
      member.hits = 0;
      member.flags = 0;
      member.feedbackHits = 0;
      member.feedbackVerdicts = 0;
    }
  }
}

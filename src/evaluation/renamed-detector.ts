/**
 * A detector under another name: an ensemble member that appears twice with different features
 * (`cusum` on volume and on range), or a member evaluated alone next to a same-named rule.
 */
import type { Detector, DetectorScore } from '../detectors/index.js';

export class RenamedDetector<I, S> implements Detector<I, S> {
  readonly kind: string;
  readonly warmUp: number;
  constructor(
    readonly name: string,
    private readonly inner: Detector<I, S>,
  ) {
    this.kind = inner.kind;
    this.warmUp = inner.warmUp;
  }
  score(input: I): DetectorScore | null {
    return this.inner.score(input);
  }
  learn(input: I): void {
    this.inner.learn(input);
  }
  snapshot(): S {
    return this.inner.snapshot();
  }
  restore(state: S): void {
    this.inner.restore(state);
  }
  reset(): void {
    this.inner.reset();
  }
}

/**
 * A trained model as a detector over any vector carrying the model's features by name: each
 * vector is projected onto the model's features and scaled as in training, then scored by the
 * frozen model. Its state is the model file, so the snapshot is empty and `learn` does nothing.
 * One per symbol; they share the model, whose `score` must not change it.
 */
import type { DetectorScore, VectorDetector, VectorPoint } from '../detectors/detector.js';
import { FeatureProjector, type FeatureScaling } from '../detectors/ml/lstm-autoencoder-scaling.js';

export class FrozenModelDetector implements VectorDetector<null> {
  readonly kind = 'outlier';
  readonly warmUp = 0;
  private readonly projector: FeatureProjector;
  private readonly scaled: { ts: number; names: readonly string[]; values: Float64Array };

  constructor(
    /** e.g. `isolation_forest_model`: the anomalies' detector name. */
    readonly name: string,
    private readonly model: Pick<VectorDetector<unknown>, 'score'>,
    scaling: FeatureScaling,
  ) {
    this.projector = new FeatureProjector(scaling);
    this.scaled = { ts: 0, names: scaling.names, values: new Float64Array(scaling.names.length) };
  }

  score(point: VectorPoint): DetectorScore | null {
    this.projector.project(point, this.scaled.values);
    this.scaled.ts = point.ts;
    // Explanation values are the scaled ones (robust z-scores), as the model saw them.
    return this.model.score(this.scaled);
  }

  learn(_point: VectorPoint): void {}

  snapshot(): null {
    return null;
  }

  restore(_state: null): void {}

  reset(): void {}
}

/**
 * The LSTM autoencoder network (TensorFlow.js layers):
 *
 *   input [window, features] → LSTM(units) → RepeatVector(window) → LSTM(units, sequences)
 *   → TimeDistributed(Dense(features))
 *
 * trained to reproduce its input (mean squared error, Adam). Weights are initialised from a seed
 * and windows are shuffled by the seeded generator, so training is repeatable on one backend.
 * Saved as `network.json` (Keras topology and weight specs) plus `weights.bin`. Only training uses
 * TensorFlow.js; scoring runs LSTMAutoencoderNetwork (pure TypeScript) on the saved weights.
 * `NetworkReconstructor` (TensorFlow.js predict) is kept as the reference it is tested against.
 */
import type * as TF from '@tensorflow/tfjs';
import { Random } from '../../core/random.js';
import type { Reconstructor } from '../../detectors/ml/lstm-autoencoder.js';
import type { Tensorflow } from './tensorflow.js';

export const NETWORK_FILE = 'network.json';
export const WEIGHTS_FILE = 'weights.bin';

export interface NetworkShape {
  readonly windowLength: number;
  readonly features: number;
  readonly units: number;
}

export interface TrainingOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: string;
  /** Share of windows (the last ones after shuffling) held out for the validation loss. */
  readonly validationSplit: number;
  readonly onBatch?: (epoch: number, batch: number, batches: number) => void;
  readonly onEpoch?: (epoch: number, loss: number, validationLoss: number | null) => void;
}

export function buildNetwork(tensorflow: Tensorflow, shape: NetworkShape, seed: string): TF.Sequential {
  const { tf } = tensorflow;
  const random = new Random(seed);
  const nextSeed = (): number => Math.floor(random.uniform() * 2 ** 31);
  const glorot = (): ReturnType<typeof tf.initializers.glorotUniform> =>
    tf.initializers.glorotUniform({ seed: nextSeed() });
  const orthogonal = (): ReturnType<typeof tf.initializers.glorotUniform> =>
    tf.initializers.orthogonal({ seed: nextSeed() });
  const model = tf.sequential();
  model.add(
    tf.layers.lstm({
      units: shape.units,
      inputShape: [shape.windowLength, shape.features],
      recurrentActivation: 'sigmoid', // what LSTMAutoencoderNetwork computes (tfjs defaults to hardSigmoid)
      kernelInitializer: glorot(),
      recurrentInitializer: orthogonal(),
    }),
  );
  model.add(tf.layers.repeatVector({ n: shape.windowLength }));
  model.add(
    tf.layers.lstm({
      units: shape.units,
      returnSequences: true,
      recurrentActivation: 'sigmoid', // what LSTMAutoencoderNetwork computes (tfjs defaults to hardSigmoid)
      kernelInitializer: glorot(),
      recurrentInitializer: orthogonal(),
    }),
  );
  model.add(
    tf.layers.timeDistributed({ layer: tf.layers.dense({ units: shape.features, kernelInitializer: glorot() }) }),
  );
  return model;
}

export interface TrainingHistory {
  readonly loss: number;
  readonly validationLoss: number | null;
  readonly epochs: number;
}

export async function trainNetwork(
  tensorflow: Tensorflow,
  model: TF.Sequential,
  shape: NetworkShape,
  windows: Float32Array,
  count: number,
  options: TrainingOptions,
): Promise<TrainingHistory> {
  const { tf } = tensorflow;
  const size = shape.windowLength * shape.features;
  // Seeded shuffle (tfjs's own shuffle uses Math.random), then hold out the tail for validation.
  const order = Array.from({ length: count }, (_, i) => i);
  const random = new Random(`${options.seed}/shuffle`);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const shuffled = new Float32Array(count * size);
  order.forEach((from, to) => shuffled.set(windows.subarray(from * size, (from + 1) * size), to * size));
  const validation = Math.floor(count * options.validationSplit);
  const train = count - validation;
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'meanSquaredError' });
  const x = tf.tensor3d(shuffled.subarray(0, train * size), [train, shape.windowLength, shape.features]);
  const v =
    validation > 0
      ? tf.tensor3d(shuffled.subarray(train * size), [validation, shape.windowLength, shape.features])
      : null;
  const batches = Math.ceil(train / options.batchSize);
  let epoch = 0;
  try {
    const history = await model.fit(x, x, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      shuffle: false,
      validationData: v === null ? undefined : [v, v],
      verbose: 0,
      callbacks: {
        onEpochBegin: (e) => {
          epoch = e;
          return Promise.resolve();
        },
        onBatchEnd: (batch) => {
          options.onBatch?.(epoch, batch + 1, batches);
          return Promise.resolve();
        },
        onEpochEnd: (e, logs) => {
          options.onEpoch?.(e, logs?.loss ?? Number.NaN, logs?.val_loss ?? null);
          return Promise.resolve();
        },
      },
    });
    const losses = history.history.loss ?? [];
    const validationLosses = history.history.val_loss ?? [];
    return {
      loss: Number(losses.at(-1)),
      validationLoss: validationLosses.length > 0 ? Number(validationLosses.at(-1)) : null,
      epochs: losses.length,
    };
  } finally {
    x.dispose();
    v?.dispose();
  }
}

/** Topology and weight specs (JSON) and the weight bytes. */
export async function saveNetwork(
  tensorflow: Tensorflow,
  model: TF.LayersModel,
): Promise<{ network: string; weights: Buffer }> {
  let captured: TF.io.ModelArtifacts | null = null;
  await model.save(
    tensorflow.tf.io.withSaveHandler((artifacts) => {
      captured = artifacts;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } });
    }),
  );
  const artifacts = captured as TF.io.ModelArtifacts | null;
  if (artifacts === null || !(artifacts.weightData instanceof ArrayBuffer))
    throw new Error('TensorFlow.js returned no weights to save');
  return {
    network: JSON.stringify({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs }),
    weights: Buffer.from(artifacts.weightData),
  };
}

export async function loadNetwork(tensorflow: Tensorflow, network: string, weights: Buffer): Promise<TF.LayersModel> {
  const { modelTopology, weightSpecs } = JSON.parse(network) as Pick<
    TF.io.ModelArtifacts,
    'modelTopology' | 'weightSpecs'
  >;
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tensorflow.tf.loadLayersModel(tensorflow.tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));
}

/** The network as the pure detector's Reconstructor (synchronous: dataSync on wasm/cpu). */
export class NetworkReconstructor implements Reconstructor {
  constructor(
    private readonly tensorflow: Tensorflow,
    private readonly model: TF.LayersModel,
    readonly windowLength: number,
    readonly features: number,
  ) {}

  reconstruct(windows: Float32Array, count: number): Float32Array {
    const { tf } = this.tensorflow;
    const x = tf.tensor3d(windows.subarray(0, count * this.windowLength * this.features), [
      count,
      this.windowLength,
      this.features,
    ]);
    const y = this.model.predict(x) as TF.Tensor;
    try {
      return y.dataSync() as Float32Array;
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  /** Reconstructs many windows in batches of `batch` (bounded tensor memory). */
  reconstructMany(windows: Float32Array, count: number, batch = 256): Float32Array {
    const size = this.windowLength * this.features;
    const out = new Float32Array(count * size);
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      out.set(this.reconstruct(windows.subarray(start * size, (start + n) * size), n), start * size);
    }
    return out;
  }
}

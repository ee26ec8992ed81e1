/**
 * Reads the saved network (`network.json` weight specs + `weights.bin`) into the plain arrays the
 * pure inference (LSTMAutoencoderNetwork) runs on. No TensorFlow.js needed to load a model.
 */
import type { AutoencoderWeights, LSTMWeights } from '../../detectors/ml/lstm-autoencoder-network.js';

interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** Throws with a readable reason when the files do not hold this network. */
export function parseAutoencoderWeights(network: string, weights: Buffer, windowLength: number): AutoencoderWeights {
  const { weightSpecs } = JSON.parse(network) as { weightSpecs?: WeightSpec[] };
  if (!Array.isArray(weightSpecs) || weightSpecs.length !== 8)
    throw new Error(`expected 8 weight tensors (2 LSTMs, 1 dense), found ${weightSpecs?.length ?? 'none'}`);
  let offset = 0;
  const tensors = weightSpecs.map((spec) => {
    if (spec.dtype !== 'float32') throw new Error(`${spec.name}: dtype ${spec.dtype}, expected float32`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > weights.byteLength) throw new Error('weights.bin is shorter than its specs');
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = weights.readFloatLE(offset + i * 4);
    offset += size * 4;
    return { spec, values };
  });
  if (offset !== weights.byteLength) throw new Error('weights.bin is longer than its specs');
  const [features, fourUnits] = tensors[0]?.spec.shape ?? [];
  if (features === undefined || fourUnits === undefined || fourUnits % 4 !== 0)
    throw new Error('first tensor is not an LSTM kernel [features, 4·units]');
  const units = fourUnits / 4;
  const lstm = (at: number): LSTMWeights => ({
    kernel: tensors[at]?.values as Float32Array,
    recurrentKernel: tensors[at + 1]?.values as Float32Array,
    bias: tensors[at + 2]?.values as Float32Array,
  });
  return {
    windowLength,
    features,
    units,
    encoder: lstm(0),
    decoder: lstm(3),
    denseKernel: tensors[6]?.values as Float32Array,
    denseBias: tensors[7]?.values as Float32Array,
  };
}

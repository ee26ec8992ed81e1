/**
 * LSTM autoencoder timings: `npx tsx src/models/lstm/lstm-autoencoder.bench.ts [wasm|cpu]`.
 * Training (TensorFlow.js) on synthetic windows of the default shape, and per-bar inference with
 * the pure network (one window per bar; 50 symbols per 1m bar) against TensorFlow.js predict.
 */
import { Random } from '../../core/random.js';
import { LSTMAutoencoderNetwork } from '../../detectors/ml/lstm-autoencoder-network.js';
import { parseAutoencoderWeights } from './autoencoder-weights.js';
import { DEFAULT_LSTM_TRAINING } from './lstm-autoencoder-model.js';
import { NetworkReconstructor, buildNetwork, saveNetwork, trainNetwork } from './lstm-network.js';
import { loadTensorflow } from './tensorflow.js';

const backend = process.argv[2] === 'cpu' ? 'cpu' : 'wasm';
const tensorflow = await loadTensorflow(backend);
const shape = { windowLength: DEFAULT_LSTM_TRAINING.windowLength, features: 9, units: DEFAULT_LSTM_TRAINING.units };
const size = shape.windowLength * shape.features;
const random = new Random('bench');
const count = 5000;
const windows = new Float32Array(count * size).map(() => random.normal());
const model = buildNetwork(tensorflow, shape, 'bench');
let started = performance.now();
await trainNetwork(tensorflow, model, shape, windows, count, { ...DEFAULT_LSTM_TRAINING, epochs: 1 });
const epochSeconds = (performance.now() - started) / 1000;
const saved = await saveNetwork(tensorflow, model);
const network = new LSTMAutoencoderNetwork(parseAutoencoderWeights(saved.network, saved.weights, shape.windowLength));
const reference = new NetworkReconstructor(tensorflow, model, shape.windowLength, shape.features);

function perCall(run: () => void, calls: number): number {
  for (let i = 0; i < Math.min(20, calls); i++) run();
  const start = performance.now();
  for (let i = 0; i < calls; i++) run();
  return (performance.now() - start) / calls;
}
const one = windows.subarray(0, size);
const fifty = windows.subarray(0, 50 * size);
started = performance.now();
const results = {
  backend: tensorflow.backend,
  'train: seconds per epoch of 5000 windows (32 × 9, batch 64)': epochSeconds.toFixed(1),
  'pure: ms per window (one bar)': perCall(() => network.reconstruct(one, 1), 2000).toFixed(3),
  'pure: ms per 50 windows (50 symbols, one 1m bar)': perCall(() => network.reconstruct(fifty, 50), 200).toFixed(2),
  'tfjs predict: ms per window': perCall(() => reference.reconstruct(one, 1), 50).toFixed(2),
  'tfjs predict: ms per batch of 50': perCall(() => reference.reconstruct(fifty, 50), 20).toFixed(1),
};
for (const [name, value] of Object.entries(results)) process.stdout.write(`${name.padEnd(62)} ${value}\n`);

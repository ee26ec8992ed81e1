/**
 * Inference of the trained LSTM autoencoder in plain TypeScript:
 *
 *   encoder LSTM over the window → last hidden state e → decoder LSTM fed e at every step
 *   (RepeatVector) → Dense on each step (TimeDistributed)
 *
 * with Keras's LSTM equations (gates i, f, c, o in that order along the 4·units axis; sigmoid
 * gates, tanh cell), from the weights TensorFlow.js trained. Why not call TensorFlow.js per bar: its
 * per-call dispatch costs tens of milliseconds for one 32-step window, while this loop does the
 * ~0.2 M multiply-adds in well under a millisecond, is pure (no WASM, no timers) and deterministic.
 * The model test checks it against TensorFlow.js's own predict.
 */
import type { Reconstructor } from './lstm-autoencoder.js';

export interface LSTMWeights {
  /** [inputs, 4·units], row-major. */
  readonly kernel: Float32Array;
  /** [units, 4·units]. */
  readonly recurrentKernel: Float32Array;
  /** [4·units]. */
  readonly bias: Float32Array;
}

export interface AutoencoderWeights {
  readonly windowLength: number;
  readonly features: number;
  readonly units: number;
  readonly encoder: LSTMWeights;
  readonly decoder: LSTMWeights;
  /** [units, features]. */
  readonly denseKernel: Float32Array;
  /** [features]. */
  readonly denseBias: Float32Array;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export class LSTMAutoencoderNetwork implements Reconstructor {
  readonly windowLength: number;
  readonly features: number;
  private readonly units: number;
  // Scratch buffers, reused by every call.
  private readonly h: Float64Array;
  private readonly c: Float64Array;
  private readonly z: Float64Array;
  private readonly decoderInput: Float64Array;

  constructor(private readonly weights: AutoencoderWeights) {
    const { features: d, units: u } = weights;
    const expect = (what: string, actual: number, wanted: number): void => {
      if (actual !== wanted)
        throw new Error(`lstm_autoencoder weights: ${what} has ${actual} values, expected ${wanted}`);
    };
    expect('encoder kernel', weights.encoder.kernel.length, d * 4 * u);
    expect('encoder recurrent kernel', weights.encoder.recurrentKernel.length, u * 4 * u);
    expect('encoder bias', weights.encoder.bias.length, 4 * u);
    expect('decoder kernel', weights.decoder.kernel.length, u * 4 * u);
    expect('decoder recurrent kernel', weights.decoder.recurrentKernel.length, u * 4 * u);
    expect('decoder bias', weights.decoder.bias.length, 4 * u);
    expect('dense kernel', weights.denseKernel.length, u * d);
    expect('dense bias', weights.denseBias.length, d);
    this.windowLength = weights.windowLength;
    this.features = d;
    this.units = u;
    this.h = new Float64Array(u);
    this.c = new Float64Array(u);
    this.z = new Float64Array(4 * u);
    this.decoderInput = new Float64Array(4 * u);
  }

  reconstruct(windows: Float32Array, count: number): Float32Array {
    const { windowLength: L, features: d, units: u } = this;
    const { encoder, decoder, denseKernel, denseBias } = this.weights;
    const out = new Float32Array(count * L * d);
    const { h, c, z } = this;
    for (let w = 0; w < count; w++) {
      h.fill(0);
      c.fill(0);
      for (let t = 0; t < L; t++) {
        // z = x·W + b, then the recurrent part.
        z.set(encoder.bias);
        const base = (w * L + t) * d;
        for (let i = 0; i < d; i++) {
          const x = windows[base + i] as number;
          if (x === 0) continue;
          const row = i * 4 * u;
          for (let j = 0; j < 4 * u; j++) z[j] = (z[j] as number) + x * (encoder.kernel[row + j] as number);
        }
        this.step(encoder.recurrentKernel);
      }
      // Decoder: the same input e = h at every step, so its x·W + b is computed once.
      const input = this.decoderInput;
      input.set(decoder.bias);
      for (let i = 0; i < u; i++) {
        const x = h[i] as number;
        const row = i * 4 * u;
        for (let j = 0; j < 4 * u; j++) input[j] = (input[j] as number) + x * (decoder.kernel[row + j] as number);
      }
      h.fill(0);
      c.fill(0);
      for (let t = 0; t < L; t++) {
        z.set(input);
        this.step(decoder.recurrentKernel);
        const at = (w * L + t) * d;
        for (let f = 0; f < d; f++) {
          let y = denseBias[f] as number;
          for (let i = 0; i < u; i++) y += (h[i] as number) * (denseKernel[i * d + f] as number);
          out[at + f] = y;
        }
      }
    }
    return out;
  }

  /** Adds h·U to z (which holds x·W + b) and advances the cell: c, h updated in place. */
  private step(recurrent: Float32Array): void {
    const { h, c, z, units: u } = this;
    for (let i = 0; i < u; i++) {
      const x = h[i] as number;
      if (x === 0) continue;
      const row = i * 4 * u;
      for (let j = 0; j < 4 * u; j++) z[j] = (z[j] as number) + x * (recurrent[row + j] as number);
    }
    for (let k = 0; k < u; k++) {
      const input = sigmoid(z[k] as number);
      const forget = sigmoid(z[u + k] as number);
      const candidate = Math.tanh(z[2 * u + k] as number);
      const output = sigmoid(z[3 * u + k] as number);
      const cell = forget * (c[k] as number) + input * candidate;
      c[k] = cell;
      h[k] = output * Math.tanh(cell);
    }
  }
}

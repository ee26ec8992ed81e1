/**
 * TensorFlow.js, loaded on demand (it is heavy and only the LSTM autoencoder needs it) on the WASM
 * backend: single-threaded in Node but ~4× faster than the pure-JavaScript cpu backend for this
 * network. If WASM fails to initialise, the cpu backend is used and the warning says so.
 * (`@tensorflow/tfjs-node` is not used: it downloads libtensorflow at install time.)
 */
import type * as TF from '@tensorflow/tfjs';

export interface Tensorflow {
  readonly tf: typeof TF;
  readonly backend: string;
  /** Set when the preferred backend could not be used. */
  readonly warning: string | null;
}

let loading: Promise<Tensorflow> | null = null;

export function loadTensorflow(preferred: 'wasm' | 'cpu' = 'wasm'): Promise<Tensorflow> {
  loading ??= initialise(preferred);
  return loading;
}

async function initialise(preferred: 'wasm' | 'cpu'): Promise<Tensorflow> {
  const tf = await import('@tensorflow/tfjs');
  let warning: string | null = null;
  if (preferred === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('setBackend returned false');
    } catch (error) {
      warning = `TensorFlow.js WASM backend unavailable (${(error as Error).message}); using the slower cpu backend`;
    }
  }
  if (tf.getBackend() !== 'wasm' || preferred === 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: tf.getBackend(), warning };
}

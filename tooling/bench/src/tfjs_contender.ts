/** TensorFlow.js 4.22 with its cpu, wasm or webgpu backend, in the same process. */
import * as tf from '@tensorflow/tfjs-core';
import type { Contender } from './contender.js';
import { medianMs, planFor } from './timing.js';
import { convFlops, convOutSize, matmulFlops, seededData } from './workloads.js';
import type { ConvLayer, ConvPass, Layout } from './workloads.js';
import { installDawnGlobals } from './webgpu-globals.js';
import { registerTfjsGradients } from './tfjs-gradients.js';

/** The TensorFlow.js backends the bench loads. */
export type TfjsBackendName = 'cpu' | 'wasm' | 'webgpu';

/** Import the tfjs backend package (it registers itself with tfjs-core). */
async function loadTfjsBackend(name: TfjsBackendName): Promise<void> {
  await registerTfjsGradients();
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm'); // finds its .wasm files next to its dist in Node; single-threaded there
  else {
    const dawnError = await installDawnGlobals();
    if (dawnError !== null) throw new Error(dawnError);
    await import('@tensorflow/tfjs-backend-webgpu');
  }
}

/** Make `name` tfjs's active backend; throws when it does not initialise. */
export async function useTfjsBackend(name: TfjsBackendName): Promise<void> {
  if (tf.getBackend() === name) return;
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend '${name}' failed to initialise`);
  await tf.ready();
}

/** Wait until `t` is computed (webgpu has no cheap synchronous read), then free it. */
export async function settle(t: tf.Tensor): Promise<void> {
  await t.data();
  t.dispose();
}

/**
 * Times tfjs kernels. Convolutions run in tfjs's native NHWC layout (its fastest), through
 * the same three kernels Nabla exposes (Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter).
 */
export class TfjsContender implements Contender {
  readonly name: string;
  readonly notes: string[] = [];

  private constructor(readonly backend: TfjsBackendName) {
    this.name = `tfjs-${backend}`;
  }

  /** Load and initialise one tfjs backend. */
  static async create(backend: TfjsBackendName): Promise<TfjsContender> {
    await loadTfjsBackend(backend);
    await useTfjsBackend(backend);
    return new TfjsContender(backend);
  }

  async matmulMs(n: number, layout: Layout): Promise<number> {
    await useTfjsBackend(this.backend);
    const a = tf.tensor3d(seededData(n * n, 1), [1, n, n]);
    const b = tf.tensor3d(seededData(n * n, 2), [1, n, n]);
    const ms = await medianMs(() => settle(tf.matMul(a, b, layout === 'TN', layout === 'NT')), planFor(matmulFlops(n)));
    a.dispose();
    b.dispose();
    return ms;
  }

  async convMs(layer: ConvLayer, pass: ConvPass): Promise<number | null> {
    await useTfjsBackend(this.backend);
    const { batch: N, inChannels: C, size: S, outChannels: O, kernel: K } = layer;
    const OS = convOutSize(layer);
    const x = tf.tensor4d(seededData(N * S * S * C, 3), [N, S, S, C]);
    const w = tf.tensor4d(seededData(K * K * C * O, 4), [K, K, C, O]);
    const dy = tf.tensor4d(seededData(N * OS * OS * O, 5), [N, OS, OS, O]);
    const common = { strides: 1, pad: 'valid', dataFormat: 'NHWC' } as const;
    const run = (): tf.Tensor => {
      switch (pass) {
        case 'forward':
          return tf.conv2d(x, w, 1, 'valid');
        case 'backpropInput':
          return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...common, inputShape: [N, S, S, C] });
        case 'backpropFilter':
          return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: [K, K, C, O] });
      }
    };
    let ms: number | null;
    try {
      ms = await medianMs(() => settle(run()), planFor(convFlops(layer)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!/not registered/.test(message)) throw err;
      if (!this.notes.includes(message)) this.notes.push(message);
      ms = null;
    }
    x.dispose();
    w.dispose();
    dy.dispose();
    return ms;
  }

  async close(): Promise<void> {
    tf.disposeVariables();
  }
}

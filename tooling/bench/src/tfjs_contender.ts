/** TensorFlow.js with its pure-JS 'cpu' backend, in the same process. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Contender } from './contender.js';
import { medianMs, planFor } from './timing.js';
import { convFlops, convOutSize, matmulFlops, seededData } from './workloads.js';
import type { ConvLayer, ConvPass, Layout } from './workloads.js';

/**
 * Times tfjs-cpu kernels. Convolutions run in tfjs's native NHWC layout (its fastest), through
 * the same three kernels Nabla exposes (Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter).
 */
export class TfjsContender implements Contender {
  readonly name = 'tfjs-cpu';

  static async create(): Promise<TfjsContender> {
    await tf.setBackend('cpu');
    await tf.ready();
    return new TfjsContender();
  }

  async matmulMs(n: number, layout: Layout): Promise<number> {
    const a = tf.tensor3d(seededData(n * n, 1), [1, n, n]);
    const b = tf.tensor3d(seededData(n * n, 2), [1, n, n]);
    const ms = await medianMs(() => {
      const y = tf.matMul(a, b, layout === 'TN', layout === 'NT');
      y.dataSync();
      y.dispose();
    }, planFor(matmulFlops(n)));
    a.dispose();
    b.dispose();
    return ms;
  }

  async convMs(layer: ConvLayer, pass: ConvPass): Promise<number> {
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
    const ms = await medianMs(() => {
      const y = run();
      y.dataSync();
      y.dispose();
    }, planFor(convFlops(layer)));
    x.dispose();
    w.dispose();
    dy.dispose();
    return ms;
  }

  async close(): Promise<void> {
    tf.disposeVariables();
  }
}

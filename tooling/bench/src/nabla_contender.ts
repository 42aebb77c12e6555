/** A Nabla backend, driven through the Backend interface exactly as tensor-core drives it. */
import { setBackend } from '@nabla/tensor-core';
import type { Backend, Conv2dParams, DataId, TensorInfo } from '@nabla/tensor-core';
import type { Contender } from './contender.js';
import { medianMs, planFor } from './timing.js';
import { installDawnGlobals } from './webgpu-globals.js';
import { convFlops, convOutSize, matmulFlops, seededData } from './workloads.js';
import type { ConvLayer, ConvPass, Layout } from './workloads.js';

/** A Nabla backend package the bench can load. */
export interface NablaBackendEntry {
  /** Registry name, also the column header suffix. */
  readonly name: string;
  /** Importing the package registers the backend. */
  readonly load: () => Promise<unknown>;
}

/** The Nabla backends measured, in column order. */
export const NABLA_BACKENDS: readonly NablaBackendEntry[] = [
  { name: 'js', load: () => import('@nabla/backend-js') },
  { name: 'wasm', load: () => import('@nabla/backend-wasm') },
  {
    name: 'webgpu',
    load: async () => {
      // share Dawn's navigator.gpu with tfjs-webgpu so both run on the same adapter
      const dawnError = await installDawnGlobals();
      if (dawnError !== null) throw new Error(dawnError);
      return import('@nabla/backend-webgpu');
    },
  },
];

const VALID: Conv2dParams = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1] };

/** Times kernels on one initialised Nabla backend. */
export class NablaContender implements Contender {
  readonly name: string;
  readonly notes: string[] = [];

  private constructor(private readonly backend: Backend) {
    this.name = `nabla-${backend.name}`;
  }

  /** The registry name of the backend (js, wasm, webgpu). */
  get backendName(): string {
    return this.backend.name;
  }

  /** Load, register and initialise the backend named by `entry`. */
  static async create(entry: NablaBackendEntry): Promise<NablaContender> {
    await entry.load();
    return new NablaContender(await setBackend(entry.name));
  }

  async matmulMs(n: number, layout: Layout): Promise<number> {
    await setBackend(this.backend.name);
    const a = this.upload(seededData(n * n, 1), [1, n, n]);
    const b = this.upload(seededData(n * n, 2), [1, n, n]);
    const ms = await medianMs(
      () => this.runAndSync(() => this.backend.matmul(a, b, layout === 'TN', layout === 'NT', [1, n, n])),
      planFor(matmulFlops(n)),
    );
    this.backend.disposeData(a.dataId);
    this.backend.disposeData(b.dataId);
    return ms;
  }

  async convMs(layer: ConvLayer, pass: ConvPass): Promise<number> {
    await setBackend(this.backend.name);
    const { batch: N, inChannels: C, size: S, outChannels: O, kernel: K } = layer;
    const OS = convOutSize(layer);
    const xShape = [N, C, S, S];
    const wShape = [O, C, K, K];
    const x = this.upload(seededData(N * C * S * S, 3), xShape);
    const w = this.upload(seededData(O * C * K * K, 4), wShape);
    const dy = this.upload(seededData(N * O * OS * OS, 5), [N, O, OS, OS]);
    const kernel = (): DataId => {
      switch (pass) {
        case 'forward': return this.backend.conv2d(x, w, VALID, [N, O, OS, OS]);
        case 'backpropInput': return this.backend.conv2dBackpropInput(dy, w, xShape, VALID);
        case 'backpropFilter': return this.backend.conv2dBackpropFilter(x, dy, wShape, VALID);
      }
    };
    const ms = await medianMs(() => this.runAndSync(kernel), planFor(convFlops(layer)));
    for (const t of [x, w, dy]) this.backend.disposeData(t.dataId);
    return ms;
  }

  async close(): Promise<void> {
    // buffers are disposed per workload; nothing else is held
  }

  private upload(values: Float32Array, shape: number[]): TensorInfo {
    return { dataId: this.backend.write(values, 'float32'), shape, dtype: 'float32' };
  }

  /** Run one kernel and wait until its result is readable, then free it. */
  private async runAndSync(kernel: () => DataId): Promise<void> {
    const out = kernel();
    if (this.backend.readSync) this.backend.readSync(out);
    else await this.backend.read(out);
    this.backend.disposeData(out);
  }
}

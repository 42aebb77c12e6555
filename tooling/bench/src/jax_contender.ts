/** jax-js 0.1.25 on its wasm device, in the same process (Node: single-threaded, no SharedArrayBuffer workers). */
import { defaultDevice, init, jit, numpy as np } from '@jax-js/jax';
import type { Contender } from './contender.js';
import { medianMs, planFor } from './timing.js';
import { matmulFlops, seededData } from './workloads.js';
import type { Layout } from './workloads.js';

/** Initialise jax-js's wasm device and make it the default; throws when it is unavailable. */
export async function useJaxWasm(): Promise<void> {
  const devices = await init('wasm');
  if (!devices.includes('wasm')) throw new Error(`jax-js init('wasm') returned [${devices.join(', ')}]`);
  defaultDevice('wasm');
}

/** A jit-compiled product per layout (jax-js fuses the transpose into the kernel's indexing). */
const PRODUCTS: Record<Layout, (a: np.Array, b: np.Array) => np.Array> = {
  NN: jit((a: np.Array, b: np.Array) => np.matmul(a, b)),
  NT: jit((a: np.Array, b: np.Array) => np.matmul(a, b.transpose())),
  TN: jit((a: np.Array, b: np.Array) => np.matmul(a.transpose(), b)),
};

/** Times jax-js matmuls; convolutions are not timed for it (its conv is lax.convGeneralDilated, outside this table). */
export class JaxContender implements Contender {
  readonly name = 'jax-wasm';
  readonly notes: string[] = ['jax-wasm: conv kernels not timed (matmul and the MLP step only)'];

  static async create(): Promise<JaxContender> {
    await useJaxWasm();
    return new JaxContender();
  }

  async matmulMs(n: number, layout: Layout): Promise<number> {
    const a = np.array(seededData(n * n, 1)).reshape([n, n]);
    const b = np.array(seededData(n * n, 2)).reshape([n, n]);
    const product = PRODUCTS[layout];
    const ms = await medianMs(async () => {
      // jax-js owns its arguments: `.ref` keeps a and b alive across runs
      await product(a.ref, b.ref).data();
    }, planFor(matmulFlops(n)));
    a.dispose();
    b.dispose();
    return ms;
  }

  async convMs(): Promise<null> {
    return null;
  }

  async close(): Promise<void> {}
}

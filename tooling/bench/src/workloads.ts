/** What the bench measures: square matmuls in three layouts and two LeNet-like conv layers. */

/** Operand layouts: NN = a·b, NT = a·bᵀ, TN = aᵀ·b. */
export type Layout = 'NN' | 'NT' | 'TN';

/** One square float32 matmul. */
export interface MatmulWorkload {
  readonly n: number;
  readonly layout: Layout;
}

/** Square sizes timed for matmul. */
export const MATMUL_SIZES = [128, 256, 512, 1024] as const;
/** Layouts timed for every size. */
export const LAYOUTS: readonly Layout[] = ['NN', 'NT', 'TN'];

/** Multiply-adds ×2 of an n×n×n product. */
export function matmulFlops(n: number): number {
  return 2 * n * n * n;
}

/** The three convolution kernels a training step runs. */
export type ConvPass = 'forward' | 'backpropInput' | 'backpropFilter';
/** Every pass, in table order. */
export const CONV_PASSES: readonly ConvPass[] = ['forward', 'backpropInput', 'backpropFilter'];

/** A stride-1, unpadded conv layer: x [batch, inChannels, size, size], w [outChannels, inChannels, k, k]. */
export interface ConvLayer {
  readonly label: string;
  readonly batch: number;
  readonly inChannels: number;
  readonly size: number;
  readonly outChannels: number;
  readonly kernel: number;
}

/** The LeNet-like layers of the brief. */
export const CONV_LAYERS: readonly ConvLayer[] = [
  { label: '64×1×28×28 → 8@5×5', batch: 64, inChannels: 1, size: 28, outChannels: 8, kernel: 5 },
  { label: '64×8×12×12 → 16@5×5', batch: 64, inChannels: 8, size: 12, outChannels: 16, kernel: 5 },
];

/** Output side length of a layer. */
export function convOutSize(layer: ConvLayer): number {
  return layer.size - layer.kernel + 1;
}

/** Multiply-adds ×2 of one pass of a layer (all three passes cost the same). */
export function convFlops(layer: ConvLayer): number {
  const out = convOutSize(layer);
  return 2 * layer.batch * layer.outChannels * out * out * layer.inChannels * layer.kernel * layer.kernel;
}

/** Deterministic float32 data in [-1, 1). */
export function seededData(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

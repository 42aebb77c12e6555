/** Stable argsort along one axis, on the host over the wasm heap's values (a comparison sort has no SIMD to gain). */
import type { TensorInfo } from '@nabla/tensor-core';
import type { WasmBuffer } from '../wasm-buffer.js';
import { bufferOf, type KernelContext } from './kernel-context.js';

/** a before b in ascending order, NaN largest (0 = equal: the stable sort keeps their order). */
function ascending(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** int32 of x's shape: per line along `axis`, the source positions in sorted order. */
export function argsort(ctx: KernelContext, x: TensorInfo, axis: number, descending: boolean): WasmBuffer {
  const values = ctx.heap.download(bufferOf(x, 'argsort'));
  const shape = x.shape;
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const n = shape[axis];
  const result = new Int32Array(values.length);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let j = 0; j < n; j++) order[j] = j;
      order.sort((p, q) => {
        const c = ascending(values[base + p * inner], values[base + q * inner]);
        return (descending ? -c : c) || p - q;
      });
      for (let j = 0; j < n; j++) result[base + j * inner] = order[j];
    }
  }
  const out = ctx.heap.allocBuffer(result.length, 'int32');
  if (result.length > 0) ctx.heap.int32View(out.ptr, result.length).set(result);
  return out;
}

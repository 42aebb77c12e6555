/** Pooling windows laid out as a trailing axis, built from pad + gather (for pooling adjoints). */
import { concat, expandDims, gather, pad, tensor, type Pool2dParams, type Tensor } from '@nabla/tensor-core';

function offsets(count: number, stride: number, shift: number): Tensor {
  const values = new Int32Array(count);
  for (let i = 0; i < count; i++) values[i] = i * stride + shift;
  return tensor(values, [count], 'int32');
}

/**
 * x [N, C, H, W] → [N, C, OH, OW, KH·KW]: the cells of every window in row-major window order,
 * padding cells holding `fill`.
 */
export function poolWindows(x: Tensor, p: Pool2dParams, outHW: readonly [number, number], fill: number): Tensor {
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.strides;
  const [top, bottom, left, right] = p.pads;
  const padded = pad(x, [[0, 0], [0, 0], [top, bottom], [left, right]], fill);
  const cells: Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    const rows = gather(padded, offsets(outHW[0], sh, i), 2);
    for (let j = 0; j < kw; j++) cells.push(expandDims(gather(rows, offsets(outHW[1], sw, j), 3), 4));
  }
  return concat(cells, 4);
}

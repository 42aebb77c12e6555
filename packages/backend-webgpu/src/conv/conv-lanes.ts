/**
 * The channel lanes of the direct convolution kernels: each thread owns one spatial cell and a
 * group of 1, 4 or 8 channels (a scalar or one or two vec4 accumulators). The group index is the
 * grid's z, so within a workgroup every thread reads the same weights — uniform loads, which CPU
 * drivers such as lavapipe issue once per SIMD batch instead of once per thread — and one gathered
 * input value feeds every channel of the group.
 */

/** Threads per workgroup, one spatial cell each. */
export const CELLS_PER_WORKGROUP = 64;

/** WGSL snippets for a group of `count` channels out of `total`. */
export interface ChannelLanes {
  /** Channels per thread: 8 (two vec4), 4 (vec4), or 1 when there are fewer than 4. */
  readonly count: 1 | 4 | 8;
  /** Declarations: the weight offset `cw<j>` of each lane (lanes past the last channel reuse it, in bounds and never stored) and the zeroed accumulators. */
  readonly declare: string;
  /** Statements adding `value` times the weights at word `wo` past each lane's offset. */
  accumulate(value: string): string;
  /** Store lane j to `at + j * stride` when `c0 + j < limit`. */
  store(at: string, stride: string, limit: string): string;
}

/**
 * Lanes over `total` channels (`totalName` in WGSL, with the current group starting at `c0`),
 * whose weights lie `laneStride` words apart (a WGSL expression).
 */
export function channelLanes(total: number, totalName: string, laneStride: string): ChannelLanes {
  const count = total < 4 ? 1 : total < 8 ? 4 : 8;
  const ids = Array.from({ length: count }, (_, j) => j);
  const quads = Array.from({ length: count / 4 }, (_, q) => q);
  const offsets = ids.map((j) => `let cw${j} = min(c0 + ${j}u, ${totalName} - 1u) * (${laneStride});`).join(' ');
  const weights = (q: number): string => `vec4<f32>(${[0, 1, 2, 3].map((i) => `ws[wo + cw${q * 4 + i}]`).join(', ')})`;
  return {
    count,
    declare: count === 1 ? `${offsets} var acc = 0.0;` : `${offsets} ${quads.map((q) => `var acc${q} = vec4<f32>();`).join(' ')}`,
    accumulate: (value) =>
      count === 1
        ? `acc = acc + ${value} * ws[wo + cw0];`
        : `{ let v = ${value}; ${quads.map((q) => `acc${q} = acc${q} + v * ${weights(q)};`).join(' ')} }`,
    store: (at, stride, limit) =>
      count === 1
        ? `out[${at}] = acc;`
        : `let at = ${at}; ${quads
            .map((q) => `for (var j = 0u; j < 4u; j = j + 1u) { if (c0 + ${q * 4}u + j < ${limit}) { out[at + (${q * 4}u + j) * (${stride})] = acc${q}[j]; } }`)
            .join(' ')}`,
  };
}

/** Grid for `cells` threads (x, spread over y past 65535 workgroups) times the channel groups (z). */
export function cellGrid(cells: number, channels: number, perThread: number): [number, number, number] {
  const groups = Math.ceil(cells / CELLS_PER_WORKGROUP);
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x), Math.ceil(channels / perThread)];
}

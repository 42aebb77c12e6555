/**
 * The channel lanes of the direct convolution kernels: each thread owns one spatial cell and a
 * group of 1 or 4 channels (a scalar or vec4 accumulator). The group index is the grid's z, so
 * within a workgroup every thread reads the same weights — uniform loads, which CPU drivers such as
 * lavapipe issue once per SIMD batch instead of once per thread.
 */

/** Threads per workgroup, one spatial cell each. */
export const CELLS_PER_WORKGROUP = 64;

/** WGSL snippets for a group of `count` channels out of `total`. */
export interface ChannelLanes {
  /** Channels per thread: 4 (vec4), or 1 when there are fewer than 4. */
  readonly count: 1 | 4;
  /** Accumulator type. */
  readonly type: string;
  /** `let cw<j> = ...` weight offsets of each lane; lanes past the last channel reuse it (in bounds, never stored). */
  readonly offsets: string;
  /** The weights of every lane at word `wo` past the lane offsets, as the accumulator type. */
  readonly read: string;
  /** Store the accumulator: lane j goes to `at + j * stride` when `c0 + j < limit`. */
  store(at: string, stride: string, limit: string): string;
}

/**
 * Lanes over `total` channels (`totalName` in WGSL, with the current group starting at `c0`),
 * whose weights lie `laneStride` words apart (a WGSL expression).
 */
export function channelLanes(total: number, totalName: string, laneStride: string): ChannelLanes {
  const count = total < 4 ? 1 : 4;
  const ids = Array.from({ length: count }, (_, j) => j);
  const reads = ids.map((j) => `ws[wo + cw${j}]`).join(', ');
  return {
    count,
    type: count === 1 ? 'f32' : 'vec4<f32>',
    offsets: ids.map((j) => `let cw${j} = min(c0 + ${j}u, ${totalName} - 1u) * (${laneStride});`).join(' '),
    read: count === 1 ? reads : `vec4<f32>(${reads})`,
    store: (at, stride, limit) =>
      count === 1
        ? `out[${at}] = acc;`
        : `let at = ${at}; for (var j = 0u; j < 4u; j = j + 1u) { if (c0 + j < ${limit}) { out[at + j * (${stride})] = acc[j]; } }`,
  };
}

/** Grid for `cells` threads (x, spread over y past 65535 workgroups) times the channel groups (z). */
export function cellGrid(cells: number, channels: number, perThread: number): [number, number, number] {
  const groups = Math.ceil(cells / CELLS_PER_WORKGROUP);
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x), Math.ceil(channels / perThread)];
}

/**
 * Signatures of the functions exported by the kernel module (assembly/index.ts). Pointers are
 * byte offsets into the shared memory; parallel kernels take (tid, nt) as their last two
 * arguments and handle their own share of the work.
 */
type Kernel<N extends number> = (...args: FixedArgs<N>) => void;
type FixedArgs<N extends number, Acc extends number[] = []> = Acc['length'] extends N ? Acc : FixedArgs<N, [...Acc, number]>;

/** Exports that the thread pool can run in parallel (their arity includes tid and nt). */
export interface ParallelKernels {
  elementwise_run: Kernel<14>;
  fill_any: Kernel<6>;
  reduce_f32: Kernel<8>;
  reduce_f64: Kernel<8>;
  reduce_i32: Kernel<8>;
  reduce_u8: Kernel<8>;
  reduce_split: Kernel<8>;
  arg_reduce: Kernel<9>;
  copy_nd: Kernel<9>;
  transpose_2d_u32: Kernel<7>;
  gather_any: Kernel<10>;
  accumulate: Kernel<6>;
  matmul_f32: Kernel<14>;
  matmul_f64: Kernel<14>;
  pack_b_f32: Kernel<8>;
  matmul_f32_packed: Kernel<15>;
  conv2d_forward: Kernel<11>;
  conv2d_backprop_input: Kernel<11>;
  conv2d_backprop_filter: Kernel<11>;
  max_pool: Kernel<6>;
  max_pool_backprop: Kernel<7>;
  avg_pool: Kernel<6>;
  avg_pool_backprop: Kernel<6>;
  attention_forward: Kernel<11>;
  attention_backward_rows: Kernel<7>;
  attention_backward_keys: Kernel<19>;
  attention_transpose: Kernel<8>;
  attention_backward_sum: Kernel<7>;
  lstm_cell_forward: Kernel<11>;
  lstm_cell_backward: Kernel<13>;
}

/** Name of a parallel kernel. */
export type ParallelKernelName = keyof ParallelKernels;

/** Every parallel kernel name, in the order workers index them. */
export const PARALLEL_KERNEL_NAMES: readonly ParallelKernelName[] = [
  'elementwise_run', 'fill_any',
  'reduce_f32', 'reduce_f64', 'reduce_i32', 'reduce_u8', 'reduce_split', 'arg_reduce',
  'copy_nd', 'transpose_2d_u32', 'gather_any', 'accumulate',
  'matmul_f32', 'matmul_f64', 'pack_b_f32', 'matmul_f32_packed',
  'conv2d_forward', 'conv2d_backprop_input', 'conv2d_backprop_filter',
  'max_pool', 'max_pool_backprop', 'avg_pool', 'avg_pool_backprop',
  'attention_forward', 'attention_backward_rows', 'attention_backward_keys', 'attention_backward_sum', 'attention_transpose',
  'lstm_cell_forward', 'lstm_cell_backward',
];

/** All exports of the kernel module. */
export interface KernelExports extends ParallelKernels {
  heap_base(): number;
  /** Hash of the op tables the kernels were generated from (see elementwise/op-codes.ts). */
  op_table_fingerprint(): number;
  gemm_scratch_bytes(): number;
  attention_scratch_bytes(E: number, Ev: number): number;
  packed_b_bytes(batchB: number, n: number, k: number): number;
  scatter_add(...args: FixedArgs<9>): void;
  reduce_combine(...args: FixedArgs<6>): void;
}

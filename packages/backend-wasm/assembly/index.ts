// Entry point of the kernel module: every export is callable from JS and from worker threads.
// Parallel kernels take (tid, nt) last and process their own share of the work. The kernel files
// are named after the sections of tensor-core's backend.ts, like src/'s family folders.
export * from './elementwise';
export * from './storage';
export * from './reduce';
export * from './movement';
export { gemm_scratch_bytes, matmul_f32, matmul_f64, matmul_f32_packed, pack_b_f32, packed_b_bytes } from './matmul';
export * from './conv';
export * from './pool';
export * from './attention';
export * from './recurrent';

/** First byte after the module's static data; the JS heap allocator starts above it. */
export function heap_base(): usize {
  return __heap_base;
}

// Entry point of the kernel module: every export is callable from JS and from worker threads.
// Parallel kernels take (tid, nt) last and process their own share of the work.
export * from './elementwise';
export * from './fill';
export * from './reduce';
export * from './copy';
export { gemm_scratch_bytes, matmul_f32, matmul_f64, matmul_f32_packed, pack_b_f32, packed_b_bytes } from './gemm';
export * from './conv';
export * from './pool';
export * from './attention';

/** First byte after the module's static data; the JS heap allocator starts above it. */
export function heap_base(): usize {
  return __heap_base;
}

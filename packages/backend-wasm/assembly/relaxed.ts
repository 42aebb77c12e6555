// Entry point of the relaxed-SIMD overlay module: the float32 kernels whose inner loops are
// multiply-adds, compiled a second time with `--enable relaxed-simd` so that `madd` (lanes.ts)
// becomes f32x4.relaxed_madd. The overlay imports the same memory as the main module; where the
// engine supports relaxed SIMD, its exports replace the main module's exports of the same names
// (src/wasm/relaxed-simd.ts). It must hold no static data: it shares the main module's memory
// and would overwrite the main module's data (scripts/build-wasm.mjs checks).
export { matmul_f32, matmul_f32_packed, pack_b_f32 } from './matmul';
export { conv2d_forward, conv2d_backprop_input, conv2d_backprop_filter } from './conv';

/**
 * The relaxed-SIMD overlay: the float32 GEMM and convolution kernels compiled a second time with
 * `f32x4.relaxed_madd` (assembly/relaxed.ts). Where the engine supports relaxed SIMD (Chromium,
 * Node ≥ 22, Node 20 with --experimental-wasm-relaxed-simd) the overlay is instantiated on the
 * same memory and its exports replace the main module's exports of the same names, on the
 * calling thread and in every worker; elsewhere the SIMD128 kernels run alone.
 *
 * relaxed_madd lets the engine compute a * b + c with one rounding (a fused multiply-add) or two,
 * depending on the CPU, so results can differ from the SIMD128 build in the last bits of each
 * accumulation (well inside the conformance tolerances).
 */
import type { ParallelKernelName } from './kernel-exports.js';

/** The exports the overlay replaces. */
export const RELAXED_KERNEL_NAMES: readonly ParallelKernelName[] = [
  'matmul_f32', 'matmul_f32_packed', 'pack_b_f32',
  'conv2d_forward', 'conv2d_backprop_input', 'conv2d_backprop_filter',
];

/** Which kernels a backend runs. */
export type KernelVariant = 'relaxed-simd' | 'simd128';

/**
 * The smallest module using f32x4.relaxed_madd: one function () → () computing
 * relaxed_madd(0, 0, 0) and dropping it. It validates only where relaxed SIMD is enabled.
 */
function relaxedMaddProbe(): Uint8Array<ArrayBuffer> {
  const zeros = (): number[] => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0
  const body = [0x00, ...zeros(), ...zeros(), ...zeros(), 0xfd, 0x85, 0x02, 0x1a, 0x0b]; // no locals; f32x4.relaxed_madd (0xfd 0x105); drop; end
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: one type, () → ()
    0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
    0x0a, body.length + 2, 0x01, body.length, ...body, // code section: one body
  ]);
}

let supported: boolean | undefined;

/** Whether this engine validates relaxed-SIMD instructions (probed once per realm). */
export function relaxedSimdSupported(): boolean {
  supported ??= WebAssembly.validate(relaxedMaddProbe());
  return supported;
}

/** The probe module's bytes (for tests that check it is well formed apart from the feature). */
export const RELAXED_MADD_PROBE: Uint8Array<ArrayBuffer> = relaxedMaddProbe();

/**
 * `base` with the overlay instance's kernels in place of its own, for every name in
 * RELAXED_KERNEL_NAMES (`overlay` null: `base` unchanged).
 */
export function withOverlay<T extends object>(base: T, overlay: Readonly<Record<string, unknown>> | null): T {
  if (overlay === null) return base;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const name of RELAXED_KERNEL_NAMES) {
    const kernel = overlay[name];
    if (typeof kernel !== 'function') throw new TypeError(`relaxed-SIMD overlay: export '${name}' is missing`);
    merged[name] = kernel;
  }
  return merged as T;
}

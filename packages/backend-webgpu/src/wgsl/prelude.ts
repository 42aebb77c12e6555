/** WGSL shared by every kernel: the parameter block, special float values and thread indexing. */

/** Threads per workgroup for one-thread-per-element kernels. */
export const ELEMENTWISE_WORKGROUP = 64;

/**
 * Binding 0 (`p`, the parameter words) plus helpers. NaN and infinity come from private variables
 * so no constant expression ever evaluates to a non-finite value (WGSL rejects those).
 */
export const PRELUDE = /* wgsl */ `
@group(0) @binding(0) var<storage, read> p: array<u32>;
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_f32() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f32() -> f32 { return bitcast<f32>(INF_BITS); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn pf(i: u32) -> f32 { return bitcast<f32>(p[i]); }
fn pi(i: u32) -> i32 { return bitcast<i32>(p[i]); }
// n / d for d > 0. Below 2^24 both are exact f32s; a correctly rounded f32 quotient then truncates
// to the exact one, and WGSL's looser division (2.5 ULP) is at most one off, which the two
// corrections undo. CPU drivers (lavapipe) run this as SIMD float division instead of one scalar
// integer division per thread.
fn udiv(n: u32, d: u32) -> u32 {
  if (n < 16777216u) {
    var q = u32(f32(n) / f32(d));
    if (q * d > n) { q = q - 1u; } else if (n - q * d >= d) { q = q + 1u; }
    return q;
  }
  return n / d;
}
`;

/** `@compute` entry point header for a linear grid; declares `wid`, `nwg`, `lid`. */
export function entryPoint(workgroupSize: number | string): string {
  return /* wgsl */ `@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {`;
}

/** WGSL statement computing the linear workgroup index `wg` and thread index `gid`. */
export function linearIds(workgroupSize: number): string {
  return `let wg = wid.x + wid.y * nwg.x;\n  let gid = wg * ${workgroupSize}u + lid;`;
}

/** Number of workgroups covering `threads` threads of `workgroupSize`. */
export function workgroupsFor(threads: number, workgroupSize = ELEMENTWISE_WORKGROUP): number {
  return Math.ceil(threads / workgroupSize);
}

/** Declarations of storage bindings 1.. in order: read-only inputs, then read-write outputs. */
export function bindings(inputs: readonly [string, string][], outputs: readonly [string, string][]): string {
  const lines: string[] = [];
  let slot = 1;
  for (const [name, type] of inputs) lines.push(`@group(0) @binding(${slot++}) var<storage, read> ${name}: array<${type}>;`);
  for (const [name, type] of outputs) lines.push(`@group(0) @binding(${slot++}) var<storage, read_write> ${name}: array<${type}>;`);
  return lines.join('\n');
}

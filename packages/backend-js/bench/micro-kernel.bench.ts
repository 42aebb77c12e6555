/**
 * A/B of micro-kernel shapes on L1/L2-resident packed panels, in one process on the CPU-time
 * clock: the shipped 3×4 kernel against 2×4, 3×3 and 4×4 tiles and 3×4 on float32 panels.
 * Each variant sweeps a ~120-row A block against a 256-deep, ~240-column B panel, as gemmBlocked does.
 *
 *   pnpm --filter @nabla/backend-js exec tsx --conditions=@nabla/source bench/micro_kernel.bench.ts
 */
import { microKernel } from '../src/matmul/gemm-kernel.js';

type Panel = Float32Array | Float64Array;
type Kernel = (kc: number, ap: Panel, aAt: number, bp: Panel, bAt: number, c: Float32Array, cAt: number, ldc: number) => void;

function k24(kc: number, ap: Panel, aAt: number, bp: Panel, bAt: number, c: Float32Array, cAt: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  for (const aEnd = aAt + kc * 2; aAt < aEnd; aAt += 2, bAt += 4) {
    const b0 = bp[bAt], b1 = bp[bAt + 1], b2 = bp[bAt + 2], b3 = bp[bAt + 3];
    const a0 = ap[aAt], a1 = ap[aAt + 1];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
  }
  c[cAt] += c00; c[cAt + 1] += c01; c[cAt + 2] += c02; c[cAt + 3] += c03; cAt += ldc;
  c[cAt] += c10; c[cAt + 1] += c11; c[cAt + 2] += c12; c[cAt + 3] += c13;
}

function k33(kc: number, ap: Panel, aAt: number, bp: Panel, bAt: number, c: Float32Array, cAt: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0, c20 = 0, c21 = 0, c22 = 0;
  for (const aEnd = aAt + kc * 3; aAt < aEnd; aAt += 3, bAt += 3) {
    const b0 = bp[bAt], b1 = bp[bAt + 1], b2 = bp[bAt + 2];
    const a0 = ap[aAt], a1 = ap[aAt + 1], a2 = ap[aAt + 2];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2;
  }
  c[cAt] += c00; c[cAt + 1] += c01; c[cAt + 2] += c02; cAt += ldc;
  c[cAt] += c10; c[cAt + 1] += c11; c[cAt + 2] += c12; cAt += ldc;
  c[cAt] += c20; c[cAt + 1] += c21; c[cAt + 2] += c22;
}

function k44(kc: number, ap: Panel, aAt: number, bp: Panel, bAt: number, c: Float32Array, cAt: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (const aEnd = aAt + kc * 4; aAt < aEnd; aAt += 4, bAt += 4) {
    const b0 = bp[bAt], b1 = bp[bAt + 1], b2 = bp[bAt + 2], b3 = bp[bAt + 3];
    const a0 = ap[aAt], a1 = ap[aAt + 1], a2 = ap[aAt + 2], a3 = ap[aAt + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  c[cAt] += c00; c[cAt + 1] += c01; c[cAt + 2] += c02; c[cAt + 3] += c03; cAt += ldc;
  c[cAt] += c10; c[cAt + 1] += c11; c[cAt + 2] += c12; c[cAt + 3] += c13; cAt += ldc;
  c[cAt] += c20; c[cAt + 1] += c21; c[cAt + 2] += c22; c[cAt + 3] += c23; cAt += ldc;
  c[cAt] += c30; c[cAt + 1] += c31; c[cAt + 2] += c32; c[cAt + 3] += c33;
}

/** The shipped kernel, on float64 panels (its only use). */
const shipped: Kernel = (kc, ap, aAt, bp, bAt, c, cAt, ldc) => microKernel(kc, ap as Float64Array, aAt, bp as Float64Array, bAt, c, cAt, ldc, 1);
/** The shipped kernel's text again, on float32 panels (half the bytes, a conversion per load). */
const k34f32 = new Function(`return ${microKernel.toString()}`)() as typeof microKernel;
const shippedF32: Kernel = (kc, ap, aAt, bp, bAt, c, cAt, ldc) => k34f32(kc, ap as Float64Array, aAt, bp as Float64Array, bAt, c, cAt, ldc, 1);

interface Variant {
  readonly name: string;
  readonly kernel: Kernel;
  readonly mr: number;
  readonly nr: number;
  readonly panel: 'f64' | 'f32';
}
const VARIANTS: readonly Variant[] = [
  { name: '3×4 (shipped)', kernel: shipped, mr: 3, nr: 4, panel: 'f64' },
  { name: '2×4', kernel: k24, mr: 2, nr: 4, panel: 'f64' },
  { name: '3×3', kernel: k33, mr: 3, nr: 3, panel: 'f64' },
  { name: '4×4', kernel: k44, mr: 4, nr: 4, panel: 'f64' },
  { name: '3×4 f32 panels', kernel: shippedF32, mr: 3, nr: 4, panel: 'f32' },
];
const KC = 256;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** GFLOPS of `reps` sweeps of the variant's tiles over one A block and one B panel. */
function gflops(v: Variant, reps: number): number {
  const mc = v.mr * Math.floor(120 / v.mr);
  const nc = v.nr * Math.floor(240 / v.nr);
  const alloc = (n: number): Panel => (v.panel === 'f64' ? new Float64Array(n) : new Float32Array(n)).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const ap = alloc(mc * KC);
  const bp = alloc(nc * KC);
  const c = new Float32Array(mc * nc);
  const start = cpuMs();
  for (let r = 0; r < reps; r++) {
    for (let j = 0; j < nc; j += v.nr) for (let i = 0; i < mc; i += v.mr) v.kernel(KC, ap, i * KC, bp, j * KC, c, i * nc + j, nc);
  }
  return (2 * mc * nc * KC * reps) / (cpuMs() - start) / 1e6;
}

for (const v of VARIANTS) gflops(v, 10); // warm up every variant before timing any
const results = VARIANTS.map(() => [] as number[]);
for (let round = 0; round < 5; round++) VARIANTS.forEach((v, i) => results[i].push(gflops(v, 40)));
for (const [i, v] of VARIANTS.entries()) {
  const sorted = results[i].sort((x, y) => x - y);
  console.log(`${v.name.padEnd(16)} ${sorted[2].toFixed(2).padStart(6)} GFLOPS (median of 5 CPU-time rounds; min ${sorted[0].toFixed(2)}, max ${sorted[4].toFixed(2)})`);
}

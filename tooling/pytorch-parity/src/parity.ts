/**
 * The suite driver: run every case in Nabla (float32 and float64) and, in one Python process, in
 * PyTorch (float32 and float64), then compare result by result.
 */
import type { ParityCase } from './cases.js';
import { relativeDifference } from './relative-difference.js';
import { runNabla, type CaseTensors, type HostResults } from './run-nabla.js';
import { runTorch } from './run-torch.js';

/** Tolerance of the float64 cross-check: both libraries in float64 must agree to rounding. */
export const FLOAT64_TOLERANCE = 1e-9;
/** Default tolerance of Nabla float32 against PyTorch float64. */
export const FLOAT32_TOLERANCE = 1e-5;

/** One compared result of a case. */
export interface Comparison {
  readonly name: string;
  /** Nabla float32 vs PyTorch float64. */
  readonly f32: number;
  /** Nabla float64 vs PyTorch float64. */
  readonly f64: number;
  /** Nabla float32 vs PyTorch float32 (for information). */
  readonly f32VsTorchF32: number;
}

/** The outcome of one case: its comparisons, or why it could not be compared. */
export interface CaseOutcome {
  readonly id: string;
  readonly kind: ParityCase['kind'];
  readonly tolerance: number;
  readonly comparisons: readonly Comparison[];
  /** Result names on one side only (a mismatch in what the two libraries produce). */
  readonly unmatched: readonly string[];
  readonly error?: string;
}

function compare(nabla32: HostResults, nabla64: HostResults, torch32: HostResults, torch64: HostResults): { comparisons: Comparison[]; unmatched: string[] } {
  const comparisons: Comparison[] = [];
  const unmatched: string[] = [];
  for (const [name, ref] of torch64) {
    const a = nabla32.get(name), b = nabla64.get(name), t32 = torch32.get(name);
    if (!a || !b || !t32) { unmatched.push(`${name} (PyTorch only)`); continue; }
    const sameShape = a.shape.join(',') === ref.shape.join(',');
    comparisons.push({
      name,
      f32: sameShape ? relativeDifference(a.data, ref.data) : Infinity,
      f64: sameShape ? relativeDifference(b.data, ref.data) : Infinity,
      f32VsTorchF32: sameShape ? relativeDifference(a.data, t32.data) : Infinity,
    });
  }
  for (const name of nabla32.keys()) if (!torch64.has(name)) unmatched.push(`${name} (Nabla only)`);
  return { comparisons, unmatched };
}

/** Run and compare every case. Nabla-side failures are recorded per case; a PyTorch failure throws. */
export async function runParity(cases: readonly ParityCase[]): Promise<Map<string, CaseOutcome>> {
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate parity case id '${c.id}'`);
    if (c.id === '' || c.id.includes('/')) throw new Error(`parity case id '${c.id}' must be non-empty and contain no '/'`);
    ids.add(c.id);
  }
  const nabla = new Map<string, { f32: HostResults; f64: HostResults }>();
  const sent = new Map<string, CaseTensors>();
  const errors = new Map<string, string>();
  for (const c of cases) {
    const tensors: CaseTensors = {};
    try {
      const f32 = runNabla(c, 'float32', tensors);
      const f64 = runNabla(c, 'float64');
      nabla.set(c.id, { f32, f64 });
      sent.set(c.id, tensors);
    } catch (err) {
      errors.set(c.id, `Nabla failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const runnable = cases.filter((c) => sent.has(c.id));
  const torch = await runTorch(runnable, sent);
  const out = new Map<string, CaseOutcome>();
  for (const c of cases) {
    const tolerance = c.tolerance ?? FLOAT32_TOLERANCE;
    const n = nabla.get(c.id), t = torch.get(c.id);
    if (!n || !t) {
      out.set(c.id, { id: c.id, kind: c.kind, tolerance, comparisons: [], unmatched: [], error: errors.get(c.id) ?? 'no PyTorch result' });
      continue;
    }
    out.set(c.id, { id: c.id, kind: c.kind, tolerance, ...compare(n.f32, n.f64, t.f32, t.f64) });
  }
  return out;
}

/** The largest difference of each kind among the results whose name matches `filter`. */
export function worst(outcome: CaseOutcome, filter: (name: string) => boolean): Comparison | null {
  const picked = outcome.comparisons.filter((c) => filter(c.name));
  if (picked.length === 0) return null;
  return {
    name: picked.map((c) => c.name).join(', '),
    f32: Math.max(...picked.map((c) => c.f32)),
    f64: Math.max(...picked.map((c) => c.f64)),
    f32VsTorchF32: Math.max(...picked.map((c) => c.f32VsTorchF32)),
  };
}

/** What every conformance section receives: the backend under test and its tolerances. */
import { scaledTolerance, type Tolerance, type ToleranceKind } from './tolerance.js';

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** Registry name of the backend under test ('js', 'wasm', 'webgpu'...). Its package must be imported first. */
  readonly backend: string;
  /** Multiplier for every non-exact tolerance (default 1); see tolerance.ts. */
  readonly tolerance?: number;
  /** Run the suite with elementwise fusion on (default) or off (`setFusion`). */
  readonly fusion?: boolean;
}

/** Per-run context shared by the sections. */
export interface ConformanceContext {
  readonly backend: string;
  /** The tolerance of a kind, widened by the backend's scale. */
  tol(kind: ToleranceKind): Tolerance;
}

/** Build the context from the options. */
export function makeContext(options: ConformanceOptions): ConformanceContext {
  const scale = options.tolerance ?? 1;
  if (!(scale >= 1) || !Number.isFinite(scale)) throw new RangeError(`runConformance: tolerance scale must be a finite number >= 1, got ${scale}`);
  return { backend: options.backend, tol: (kind) => scaledTolerance(kind, scale) };
}

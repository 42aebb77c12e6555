/**
 * A deferred elementwise result: the program that computes it and the buffers it reads. Fusion
 * (see defer.ts) builds these instead of running `Backend.elementwise` at once; materialize.ts runs
 * them, inlining the deferred inputs they read into one program.
 */
import type { StridedView } from '../backend.js';
import type { ElementwiseProgram } from '../elementwise/program.js';
import type { Storage } from '../storage.js';

/** One operand of a deferred program: a buffer seen through a tensor's shape, or through a strided view. */
export interface DeferredInput {
  readonly storage: Storage;
  /** The shape of the tensor the op read (it broadcasts to the program's output shape). */
  readonly shape: readonly number[];
  /** Where `shape`'s elements lie in the storage's (contiguous) values; absent: contiguous from 0. */
  readonly view?: StridedView;
}

/** An elementwise program waiting to run. */
export interface DeferredElementwise {
  /** The op that built it (named by errors raised when it runs). */
  readonly op: string;
  readonly program: ElementwiseProgram;
  /** One per program input. */
  readonly inputs: readonly DeferredInput[];
  readonly outShape: readonly number[];
  /** Elements of `outShape`. */
  readonly outSize: number;
  /** Upper bound of the steps of the fused program that would run now. */
  readonly fusedSteps: number;
  /** How many of those steps are `float`-kind ops (transcendentals, division): see recompute.ts. */
  readonly fusedFloatSteps: number;
  /** The buffers the fused program would read now (a superset; shapes left aside). */
  readonly fusedLeaves: readonly Storage[];
  /** Longest chain of deferred programs below this one, itself included. */
  readonly depth: number;
}

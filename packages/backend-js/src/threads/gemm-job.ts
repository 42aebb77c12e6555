/** What the workers are told to compute: a GEMM on views of the shared arena. */

/** Element types a shared view may have (the storage types of the js backend). */
export type SharedArrayName = 'Float32Array' | 'Float64Array' | 'Int32Array' | 'Uint8Array';

/** A strided matrix over `length` elements of the arena starting at `byteOffset`. */
export interface SharedMatrix {
  readonly array: SharedArrayName;
  readonly byteOffset: number;
  readonly length: number;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** `length` float64 values of the arena from `byteOffset`. */
export interface SharedPanel {
  readonly byteOffset: number;
  readonly length: number;
}

/**
 * C (m×n) += A (m×k) · B (k×n) in `count` bands of `band` rows of C, claimed by the threads one
 * at a time; A and C are views of the arena, B is packed whole (see `packWholeB`).
 */
export interface GemmJob {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: SharedMatrix;
  readonly packedB: SharedPanel;
  readonly c: SharedMatrix;
  readonly band: number;
  readonly count: number;
}

/** What a worker is told to compute: a GEMM on typed-array views of the shared arena. */

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

/** C (m×n) += A (m×k) · B (k×n), every operand a view of the arena. */
export interface GemmJob {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: SharedMatrix;
  readonly b: SharedMatrix;
  readonly c: SharedMatrix;
}

/** Element types an IDX file can declare (third byte of its magic number). */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The host array each IDX element type decodes into. */
export interface IdxArrayMap {
  /** Type code 0x08: unsigned bytes (MNIST's pixels and labels). */
  uint8: Uint8Array;
  /** Type code 0x09: signed bytes. */
  int8: Int8Array;
  /** Type code 0x0B: big-endian 16-bit integers in the file. */
  int16: Int16Array;
  /** Type code 0x0C: big-endian 32-bit integers in the file. */
  int32: Int32Array;
  /** Type code 0x0D: big-endian 32-bit floats in the file. */
  float32: Float32Array;
  /** Type code 0x0E: big-endian 64-bit floats in the file. */
  float64: Float64Array;
}

/** A decoded IDX file: element type, dimensions and row-major values. */
export interface IdxArray<D extends IdxDType = IdxDType> {
  /** Element type the header declares. */
  readonly dtype: D;
  /** Dimensions the header declares, outermost first. */
  readonly shape: readonly number[];
  /** The values in row-major order, converted to host byte order. */
  readonly data: IdxArrayMap[D];
}

/** IDX type code (magic byte 3) → element type and size in bytes. */
export const IDX_TYPE_CODES: Readonly<Record<number, { dtype: IdxDType; bytes: number }>> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

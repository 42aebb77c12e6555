/** Element types an IDX file can declare (third byte of its magic number). */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The host array each IDX element type decodes into. */
export interface IdxArrayMap {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** A decoded IDX file: element type, dimensions and row-major values. */
export interface IdxArray<D extends IdxDType = IdxDType> {
  readonly dtype: D;
  readonly shape: readonly number[];
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

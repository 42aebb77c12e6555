/** Builds the `array<u32>` parameter block (binding 0) every kernel reads its shapes and scalars from. */
export class ParamBlock {
  private readonly words: number[] = [];
  private static readonly scratch = new DataView(new ArrayBuffer(4));

  /** Append unsigned integers. */
  u32(...values: readonly number[]): this {
    for (const v of values) this.words.push(v >>> 0);
    return this;
  }

  /** Append signed integers (stored as their two's complement bits). */
  i32(...values: readonly number[]): this {
    for (const v of values) this.words.push((v | 0) >>> 0);
    return this;
  }

  /** Append float32 values as raw bits (read in WGSL with `bitcast<f32>`). */
  f32(...values: readonly number[]): this {
    for (const v of values) {
      ParamBlock.scratch.setFloat32(0, v, true);
      this.words.push(ParamBlock.scratch.getUint32(0, true));
    }
    return this;
  }

  /** The packed words (never empty: WebGPU bindings must be non-zero sized). */
  toArray(): Uint32Array<ArrayBuffer> {
    return Uint32Array.from(this.words.length > 0 ? this.words : [0]);
  }
}

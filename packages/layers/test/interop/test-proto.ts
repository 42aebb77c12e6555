/**
 * A protobuf encoder written for the tests only (independent of the library's ProtoWriter): builds
 * ONNX ModelProto bytes field by field, including the typed repeated fields `make_tensor(raw=False)` uses.
 */

/** Bytes of one varint (non-negative bigint or number, or a negative number as 64-bit two's complement). */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

/** A field key (field number, wire type). */
export function key(field: number, wire: number): number[] {
  return varint(field * 8 + wire);
}

/** A length-delimited field. */
export function delimited(field: number, body: ArrayLike<number>): number[] {
  return [...key(field, 2), ...varint(body.length), ...Array.from(body)];
}

/** A varint field. */
export function intField(field: number, value: number | bigint): number[] {
  return [...key(field, 0), ...varint(value)];
}

/** A UTF-8 string field. */
export function stringField(field: number, text: string): number[] {
  return delimited(field, new TextEncoder().encode(text));
}

/** Packed little-endian float32 values. */
export function packedFloats(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** Packed varints (at most 10 bytes each, written into one preallocated buffer). */
export function packedVarints(values: ArrayLike<number | bigint>): Uint8Array {
  const out = new Uint8Array(values.length * 10);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && v >= 0 && v < 2 ** 31) {
      let x = v;
      while (x >= 0x80) {
        out[n++] = (x & 0x7f) | 0x80;
        x >>>= 7;
      }
      out[n++] = x;
    } else for (const b of varint(v)) out[n++] = b;
  }
  return out.slice(0, n);
}

/** Concatenate byte lists without spreading large arrays into a call. */
export function concat(parts: readonly ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A length-delimited field whose body is large (a Uint8Array), without spreading it. */
export function bigDelimited(field: number, body: Uint8Array): Uint8Array {
  return concat([key(field, 2), varint(body.length), body]);
}

/** A ModelProto (ir_version 8, opset 17) whose graph holds the given initializer TensorProto bodies. */
export function modelWithInitializers(initializers: readonly Uint8Array[]): Uint8Array {
  const graph = concat([stringField(2, 'g'), ...initializers.map((t) => bigDelimited(5, t))]);
  const opset = concat([stringField(1, ''), intField(2, 17)]);
  return concat([intField(1, 8), bigDelimited(8, opset), bigDelimited(7, graph)]);
}

/** TensorProto body: dims, data_type, name, then the given data fields. */
export function tensorProto(name: string, dataType: number, dims: readonly number[], data: readonly ArrayLike<number>[]): Uint8Array {
  return concat([...dims.map((d) => intField(1, d)), intField(2, dataType), stringField(8, name), ...data]);
}

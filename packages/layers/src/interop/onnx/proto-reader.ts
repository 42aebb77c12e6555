/** A minimal protobuf wire-format reader: splits a message into its fields, checking every length. */
import { OnnxFormatError } from '../errors.js';
import { WIRE } from './proto-writer.js';

/** One field of a message: varints as bigint, length-delimited and fixed fields as raw bytes. */
export type ProtoField =
  | { readonly field: number; readonly wire: typeof WIRE.varint; readonly value: bigint }
  | { readonly field: number; readonly wire: typeof WIRE.delimited | typeof WIRE.fixed32 | typeof WIRE.fixed64; readonly value: Uint8Array };

const OP = 'readOnnx';
/** Largest protobuf field number (2^29 − 1). */
const MAX_FIELD = 536_870_911;
// ignoreBOM: a leading U+FEFF is part of the string, not a byte-order mark to drop
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads fields from `bytes` in order. */
export class ProtoReader {
  #pos = 0;
  constructor(private readonly buf: Uint8Array, private readonly what: string) {}

  private fail(message: string): never {
    throw new OnnxFormatError(OP, `${this.what}: ${message} at byte ${this.#pos} of ${this.buf.length}`);
  }

  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.#pos >= this.buf.length) this.fail('truncated varint');
      const b = this.buf[this.#pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    return this.fail('varint longer than 10 bytes');
  }

  private take(n: number): Uint8Array {
    if (n > this.buf.length - this.#pos) this.fail(`field of ${n} bytes runs past the end`);
    const out = this.buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** The rest of the buffer as a packed run of varints. */
  packedVarints(): bigint[] {
    const out: bigint[] = [];
    while (this.#pos < this.buf.length) out.push(this.varint());
    return out;
  }

  /** Every field of the message, in order. */
  fields(): ProtoField[] {
    const out: ProtoField[] = [];
    while (this.#pos < this.buf.length) {
      const key = this.varint();
      const field = Number(key >> 3n);
      const wire = Number(key & 7n);
      if (field === 0 || field > MAX_FIELD) this.fail(`field number ${field} outside 1..${MAX_FIELD}`);
      if (wire === WIRE.varint) out.push({ field, wire, value: this.varint() });
      else if (wire === WIRE.delimited) {
        const n = this.varint();
        if (n > BigInt(this.buf.length)) this.fail(`length ${n} exceeds the buffer`);
        out.push({ field, wire, value: this.take(Number(n)) });
      } else if (wire === WIRE.fixed32) out.push({ field, wire, value: this.take(4) });
      else if (wire === WIRE.fixed64) out.push({ field, wire, value: this.take(8) });
      else this.fail(`unsupported wire type ${wire} (field ${field})`);
    }
    return out;
  }
}

/** A varint field as a signed 64-bit value converted to a JS number (exact up to 2^53). */
export function asInt(f: ProtoField, what: string): number {
  if (f.wire !== WIRE.varint) throw new OnnxFormatError(OP, `${what}: field ${f.field} should be a varint, has wire type ${f.wire}`);
  const v = BigInt.asIntN(64, f.value);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new OnnxFormatError(OP, `${what}: integer ${v} does not fit a JS number`);
  }
  return Number(v);
}

/** A length-delimited field's bytes. */
export function asBytes(f: ProtoField, what: string): Uint8Array {
  if (f.wire !== WIRE.delimited) throw new OnnxFormatError(OP, `${what}: field ${f.field} should be length-delimited, has wire type ${f.wire}`);
  return f.value;
}

/** A length-delimited field as UTF-8 text. */
export function asString(f: ProtoField, what: string): string {
  try {
    return utf8.decode(asBytes(f, what));
  } catch (err) {
    if (err instanceof OnnxFormatError) throw err;
    throw new OnnxFormatError(OP, `${what}: field ${f.field} is not valid UTF-8`);
  }
}

/** A float field (fixed32). */
export function asFloat(f: ProtoField, what: string): number {
  if (f.wire !== WIRE.fixed32) throw new OnnxFormatError(OP, `${what}: field ${f.field} should be a fixed32 float, has wire type ${f.wire}`);
  return new DataView(f.value.buffer, f.value.byteOffset, 4).getFloat32(0, true);
}

/** Repeated int64 values, accepting both packed and unpacked encodings. */
export function asInts(f: ProtoField, what: string): number[] {
  if (f.wire === WIRE.varint) return [asInt(f, what)];
  const packed = new ProtoReader(asBytes(f, what), what).packedVarints();
  return packed.map((value) => asInt({ field: f.field, wire: WIRE.varint, value }, what));
}

/** Repeated floats, accepting both packed and unpacked encodings. */
export function asFloats(f: ProtoField, what: string): number[] {
  if (f.wire === WIRE.fixed32) return [asFloat(f, what)];
  const bytes = asBytes(f, what);
  if (bytes.length % 4 !== 0) throw new OnnxFormatError(OP, `${what}: packed floats of ${bytes.length} bytes (not a multiple of 4)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

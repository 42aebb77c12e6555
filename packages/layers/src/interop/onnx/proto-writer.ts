/**
 * A minimal protobuf wire-format writer: varints, length-delimited fields (strings, bytes,
 * nested messages) and fixed32 floats. Enough to encode ONNX's proto2 messages.
 */

/** Protobuf wire types. */
export const WIRE = { varint: 0, fixed64: 1, delimited: 2, fixed32: 5 } as const;

const utf8 = new TextEncoder();

/** Appends encoded fields to a growable byte buffer. */
export class ProtoWriter {
  #bytes = new Uint8Array(256);
  #length = 0;

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  private reserve(n: number): void {
    if (this.#length + n <= this.#bytes.length) return;
    let size = this.#bytes.length * 2;
    while (size < this.#length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.#bytes[this.#length++] = b;
  }

  /** A raw varint; negative numbers are written as 64-bit two's complement (10 bytes), like int64. */
  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  /** An int32/int64/enum/bool field. */
  int(field: number, value: number | bigint): void {
    this.tag(field, WIRE.varint);
    this.varint(value);
  }

  /** A float field (fixed32, little-endian). */
  float(field: number, value: number): void {
    this.tag(field, WIRE.fixed32);
    this.reserve(4);
    new DataView(this.#bytes.buffer).setFloat32(this.#length, value, true);
    this.#length += 4;
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): void {
    this.tag(field, WIRE.delimited);
    this.varint(value.length);
    this.reserve(value.length);
    this.#bytes.set(value, this.#length);
    this.#length += value.length;
  }

  /** A UTF-8 string field. */
  string(field: number, value: string): void {
    this.bytes(field, utf8.encode(value));
  }

  /** A nested message field, encoded by `write` into its own buffer first. */
  message(field: number, write: (w: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    write(inner);
    this.bytes(field, inner.finish());
  }
}

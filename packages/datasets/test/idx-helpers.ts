/** Test helper: encode an IDX file with a naive big-endian writer (independent of the reader). */
export function encodeIdx(typeCode: number, shape: number[], values: number[]): Uint8Array {
  const sizes: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };
  const size = sizes[typeCode];
  const out = new Uint8Array(4 + 4 * shape.length + values.length * size);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  let o = 4 + 4 * shape.length;
  for (const v of values) {
    if (typeCode === 0x08) view.setUint8(o, v);
    else if (typeCode === 0x09) view.setInt8(o, v);
    else if (typeCode === 0x0b) view.setInt16(o, v, false);
    else if (typeCode === 0x0c) view.setInt32(o, v, false);
    else if (typeCode === 0x0d) view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
    o += size;
  }
  return out;
}

/** Hand-built safetensors bytes, as PyTorch's `safetensors.torch.save_file` lays them out. */

/** One tensor: name, safetensors dtype code, shape and little-endian bytes. */
export interface FixtureTensor {
  readonly name: string;
  readonly dtype: 'F32' | 'F16' | 'I64';
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

function encode(t: FixtureTensor): Uint8Array {
  const width = t.dtype === 'F32' ? 4 : t.dtype === 'F16' ? 2 : 8;
  const bytes = new Uint8Array(t.values.length * width);
  const view = new DataView(bytes.buffer);
  t.values.forEach((v, i) => {
    if (t.dtype === 'F32') view.setFloat32(4 * i, v, true);
    else if (t.dtype === 'I64') view.setBigInt64(8 * i, BigInt(v), true);
    else view.setUint16(2 * i, toHalf(v), true);
  });
  return bytes;
}

/** float → IEEE half bits, for values exactly representable in half precision (the fixtures use such values). */
function toHalf(v: number): number {
  if (v === 0) return 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const exp = Math.floor(Math.log2(a));
  const frac = Math.round((a / 2 ** exp - 1) * 1024);
  return sign | ((exp + 15) << 10) | frac;
}

/** The safetensors file holding `tensors` (8-byte header length, JSON header, data). */
export function safetensorsBytes(tensors: readonly FixtureTensor[]): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const t of tensors) {
    const data = encode(t);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + data.length] };
    chunks.push(data);
    offset += data.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Deterministic pseudo-random values in [−1, 1) with 8 fractional bits (exact in F16 too). */
export function values(count: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * 512 - 256) / 256;
  });
}

/** Alignment of every heap block (one cache line; also satisfies v128 and f64 alignment). */
export const BLOCK_ALIGN = 64;

/**
 * Block size that serves a request of `bytes`: multiples of 64 up to 256 bytes, then four
 * classes per power of two (2^k, 1.25·2^k, 1.5·2^k, 1.75·2^k), so at most 25% is wasted.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(BLOCK_ALIGN, Math.ceil(bytes / BLOCK_ALIGN) * BLOCK_ALIGN);
  // the highest power of two below `bytes`: from the leading zeros while they fit 32 bits
  const power = bytes <= 2 ** 31 ? 2 ** (31 - Math.clz32(bytes - 1)) : 2 ** Math.floor(Math.log2(bytes - 1));
  const quarter = power / 4;
  return power + Math.ceil((bytes - power) / quarter) * quarter;
}

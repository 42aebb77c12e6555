/**
 * WGSL that maps a flat output index `gid` to offsets into several broadcast inputs, unrolled for
 * one `rank` (part of the pipeline key; with the kernel kit's `coalesce` it is small). Parameter
 * layout from word `base`: rank, outShape[rank], then for each input its strides[rank] (0 on
 * broadcast axes). The innermost axis needs no division: its index is what the others leave.
 * `starts` are WGSL expressions of each offset's start (a strided view's first element; 0 when absent).
 */
export function broadcastOffsets(names: readonly string[], base: number, rank: number, starts: readonly string[] = []): string {
  const lines = [`var rem = gid;`, ...names.map((n, k) => `var ${n} = ${starts[k] ?? '0u'};`)];
  for (let d = rank - 1; d >= 0; d--) {
    const dim = `p[${base + 1 + d}u]`;
    if (d > 0) lines.push(`{ let q = udiv(rem, ${dim}); let c = rem - q * ${dim}; rem = q;`);
    else lines.push(`{ let c = rem;`);
    names.forEach((n, k) => lines.push(`  ${n} = ${n} + c * p[${base + 1 + (k + 1) * rank + d}u];`));
    lines.push('}');
  }
  return lines.join('\n  ');
}

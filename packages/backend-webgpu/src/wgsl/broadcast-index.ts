/**
 * WGSL that maps a flat output index to offsets into several broadcast inputs. Parameter layout
 * from word `base`: rank, outShape[rank], then for each input its strides[rank] (0 on broadcast axes).
 */
export function broadcastOffsets(names: readonly string[], base: number): string {
  const decl = names.map((n) => `var ${n} = 0u;`).join(' ');
  const accumulate = names.map((n, k) => `${n} = ${n} + c * p[${base + 1}u + (${k + 1}u * rank) + du];`).join('\n    ');
  return /* wgsl */ `let rank = p[${base}u];
  ${decl}
  var rem = gid;
  for (var d = i32(rank) - 1; d >= 0; d = d - 1) {
    let du = u32(d);
    let dim = p[${base + 1}u + du];
    let c = rem % dim;
    rem = rem / dim;
    ${accumulate}
  }`;
}

// Generates assembly/generated/ops.ts — the per-op block loops of the elementwise interpreter —
// from the op tables in @nabla/tensor-core (src/op-table). Op codes are table positions
// (UNARY_OPS / BINARY_OPS order), the same positions the JS side sends at run time, so the kernels
// can never drift from the table. Run by build-wasm.mjs before asc.
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** Directory of the op tables (the workspace link to @nabla/tensor-core). */
export function opTableDir(root) {
  return join(root, 'node_modules', '@nabla', 'tensor-core', 'src', 'op-table');
}

/** Newest modification time of the op table sources. */
export async function opTableTime(root) {
  const dir = opTableDir(root);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.ts'));
  const times = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).mtimeMs));
  return Math.max(...times);
}

async function loadTables(root) {
  const result = await build({
    entryPoints: [join(opTableDir(root), 'index.ts')],
    bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent',
  });
  const source = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
}

/** FNV-1a hash of the op names in order: the JS side checks it against the module's. */
export function fingerprint(names) {
  let h = 0x811c9dc5;
  for (const ch of names.join(',')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

const at = (ptr, shift) => `${ptr} + (<usize>i << ${shift})`;

/** Scalar loop: `pre` declares the operands for element i, `store` writes the result. */
function scalarLoop(pre, store) {
  return `for (let i = 0; i < n; i++) {\n        ${pre}\n        ${store}\n      }`;
}

function vectorLoop(operands, expr, storeShift = 2) {
  const loads = operands.map(([name, ptr]) => `const ${name} = v128.load(${at(ptr, 2)});`).join(' ');
  const tails = operands.map(([name, ptr]) => `const ${name} = loadTail32(${at(ptr, 2)}, n - i);`).join(' ');
  return `let i = 0;
      for (; i + 4 <= n; i += 4) { ${loads} v128.store(${at('po', storeShift)}, ${expr}); }
      if (i < n) { ${tails} storeTail32(${at('po', storeShift)}, ${expr}, n - i); }`;
}

function unaryCases(ops, table, lane) {
  const cases = [];
  ops.forEach((op, code) => {
    const spec = table[op];
    const predicate = spec.kind === 'predicate';
    let body;
    if (lane === 'f32') {
      const pre = `const x = <f64>load<f32>(${at('px', 2)});`;
      if (predicate) body = scalarLoop(pre, `store<i32>(${at('po', 2)}, <i32>(${spec.wasm.f64}));`);
      else if (spec.wasm.f32x4) body = vectorLoop([['x', 'px']], spec.wasm.f32x4);
      else body = scalarLoop(pre, `store<f32>(${at('po', 2)}, <f32>(${spec.wasm.f64}));`);
    } else if (lane === 'f64') {
      const pre = `const x = load<f64>(${at('px', 3)});`;
      body = predicate
        ? scalarLoop(pre, `store<i32>(${at('po', 2)}, <i32>(${spec.wasm.f64}));`)
        : scalarLoop(pre, `store<f64>(${at('po', 3)}, ${spec.wasm.f64});`);
    } else {
      if (spec.wasm.i32 === undefined) return;
      const pre = `const x = load<i32>(${at('px', 2)});`;
      body = scalarLoop(pre, `store<i32>(${at('po', 2)}, <i32>(${spec.wasm.i32}));`);
    }
    cases.push(`    case ${code}: { // ${op}\n      ${body}\n      return;\n    }`);
  });
  return cases.join('\n');
}

function binaryCases(ops, table, lane) {
  const cases = [];
  ops.forEach((op, code) => {
    const spec = table[op];
    const bool = spec.kind === 'comparison' || spec.kind === 'logical';
    let body;
    if (lane === 'f32') {
      const pre = `const a = <f64>load<f32>(${at('pa', 2)}); const b = <f64>load<f32>(${at('pb', 2)});`;
      if (bool) body = scalarLoop(pre, `store<i32>(${at('po', 2)}, <i32>(${spec.wasm.f64}));`);
      else if (spec.wasm.f32x4) body = vectorLoop([['a', 'pa'], ['b', 'pb']], spec.wasm.f32x4);
      else body = scalarLoop(pre, `store<f32>(${at('po', 2)}, <f32>(${spec.wasm.f64}));`);
    } else if (lane === 'f64') {
      const pre = `const a = load<f64>(${at('pa', 3)}); const b = load<f64>(${at('pb', 3)});`;
      body = bool
        ? scalarLoop(pre, `store<i32>(${at('po', 2)}, <i32>(${spec.wasm.f64}));`)
        : scalarLoop(pre, `store<f64>(${at('po', 3)}, ${spec.wasm.f64});`);
    } else {
      if (spec.wasm.i32 === undefined) return;
      const pre = `const a = load<i32>(${at('pa', 2)}); const b = load<i32>(${at('pb', 2)});`;
      if (!bool && spec.wasm.i32x4) body = vectorLoop([['a', 'pa'], ['b', 'pb']], spec.wasm.i32x4);
      else body = scalarLoop(pre, `store<i32>(${at('po', 2)}, <i32>(${spec.wasm.i32}));`);
    }
    cases.push(`    case ${code}: { // ${op}\n      ${body}\n      return;\n    }`);
  });
  return cases.join('\n');
}

/** Write assembly/generated/ops.ts from the op tables. */
export async function generateOps(root) {
  const { UNARY_TABLE, UNARY_OPS, BINARY_TABLE, BINARY_OPS } = await loadTables(root);
  const unary = (lane) => unaryCases(UNARY_OPS, UNARY_TABLE, lane);
  const binary = (lane) => binaryCases(BINARY_OPS, BINARY_TABLE, lane);
  const source = `// Generated by scripts/generate-ops.mjs from @nabla/tensor-core's op tables; do not edit.
// Block loops of the elementwise interpreter: op codes are table positions. Register lanes:
// f32 for float32, f64 for float64, i32 for int32 and bool (0/1). Bool results are i32 lanes.
import { erf, sigmoid, softplus, modF64, modI32, floorDivI32 } from '../scalar-math';
import { erfF32x4, expF32x4, sigmoidF32x4, tanhF32x4 } from '../vector-math';
import { loadTail32, storeTail32 } from '../lanes';

/** FNV-1a hash of the unary and binary op names in table order. */
export function op_table_fingerprint(): i32 {
  return ${fingerprint([...UNARY_OPS, '|', ...BINARY_OPS])};
}

/** n lanes of unary op \`op\` on float32 lanes at px into po. */
export function unaryF32(op: i32, px: usize, po: usize, n: i32): void {
  switch (op) {
${unary('f32')}
  }
  unreachable();
}

/** n lanes of unary op \`op\` on float64 lanes. */
export function unaryF64(op: i32, px: usize, po: usize, n: i32): void {
  switch (op) {
${unary('f64')}
  }
  unreachable();
}

/** n lanes of unary op \`op\` on int32 lanes (int32 and bool values). */
export function unaryI32(op: i32, px: usize, po: usize, n: i32): void {
  switch (op) {
${unary('i32')}
  }
  unreachable();
}

/** n lanes of binary op \`op\` on float32 lanes. */
export function binaryF32(op: i32, pa: usize, pb: usize, po: usize, n: i32): void {
  switch (op) {
${binary('f32')}
  }
  unreachable();
}

/** n lanes of binary op \`op\` on float64 lanes. */
export function binaryF64(op: i32, pa: usize, pb: usize, po: usize, n: i32): void {
  switch (op) {
${binary('f64')}
  }
  unreachable();
}

/** n lanes of binary op \`op\` on int32 lanes (int32 and bool values). */
export function binaryI32(op: i32, pa: usize, pb: usize, po: usize, n: i32): void {
  switch (op) {
${binary('i32')}
  }
  unreachable();
}
`;
  const out = join(root, 'assembly', 'generated', 'ops.ts');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, source);
  return { unary: UNARY_OPS, binary: BINARY_OPS };
}

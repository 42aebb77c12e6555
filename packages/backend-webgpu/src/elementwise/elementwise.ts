/**
 * The elementwise compiler: one WGSL shader per program shape (cached by the program's key and the
 * inputs' broadcast pattern), splicing in the op tables' WGSL expressions. Constants travel in the
 * parameter block, so programs differing only in constant values share a pipeline.
 */
import {
  BINARY_TABLE, UNARY_TABLE, programOutDType, sizeOf, valueDType,
  type DType, type ElementwiseProgram, type ElementwiseStep, type StridedView,
} from '@nabla/tensor-core';
import { WebGPUDTypeError } from '../errors.js';
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { ParamBlock } from '../runtime/params.js';
import { broadcastStrides, coalesce } from '@nabla/tensor-core/kernel-kit';
import { loadAsCompute, storageType, storeFromCompute } from '../storage/storage-layout.js';
import { broadcastOffsets } from '../wgsl/broadcast-index.js';
import { FLOAT_MATH, INT_MATH } from '../wgsl/float-math.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';

/** Replace the operand names of a table expression (`x`, or `a` and `b`) by value expressions. */
function substitute(expr: string, operands: Readonly<Record<string, string>>): string {
  return expr.replace(/\b[xab]\b/g, (name) => `(${operands[name] ?? name})`);
}

/** Whether values of `dtype` compute as f32 (else i32; bool is 0/1). */
function isF32(dtype: DType, what: string): boolean {
  return storageType(dtype, what) === 'f32';
}

/** The table expression of a unary or binary step for its operand dtype. */
function tableExpr(table: { readonly f32: string; readonly i32?: string }, operand: DType, op: string): string {
  const expr = isF32(operand, op) ? table.f32 : table.i32;
  if (expr === undefined) throw new WebGPUDTypeError(op, `no WGSL form of '${op}' for ${operand}`);
  return expr;
}

/** WGSL converting compute value `v` of `from` to the compute representation of `to`. */
function castExpr(v: string, from: DType, to: DType): string {
  const fromF32 = isF32(from, 'cast');
  if (to === 'bool') return fromF32 ? `i32(!f_is_zero(${v}))` : `select(0, 1, ${v} != 0)`;
  if (to === 'float32') return fromF32 ? v : `f32(${v})`;
  storageType(to, 'cast');
  return fromF32 ? `f_to_i32(${v})` : v;
}

/** The WGSL statement defining value `v{index}` for one step. */
function stepStatement(program: ElementwiseProgram, step: ElementwiseStep, index: number, constWord: number): string {
  const v = (ref: number): string => `v${ref}`;
  const boolResult = (expr: string): string => (step.dtype === 'bool' ? `i32(${expr})` : expr);
  switch (step.kind) {
    case 'const':
      return `let v${index} = ${isF32(step.dtype, 'const') ? 'pf' : 'pi'}(${constWord}u);`;
    case 'unary': {
      const operand = valueDType(program, step.x);
      const expr = substitute(tableExpr(UNARY_TABLE[step.op].wgsl, operand, step.op), { x: v(step.x) });
      // WGSL does not promise NaN propagation (Chrome's compiler may fold NaN away), and every
      // non-predicate unary op maps NaN to NaN, so f32 inputs are guarded explicitly.
      if (UNARY_TABLE[step.op].kind !== 'predicate' && isF32(operand, step.op)) {
        return `let v${index} = select(${expr}, ${v(step.x)}, is_nan(${v(step.x)}));`;
      }
      return `let v${index} = ${boolResult(expr)};`;
    }
    case 'binary': {
      const expr = tableExpr(BINARY_TABLE[step.op].wgsl, valueDType(program, step.a), step.op);
      return `let v${index} = ${boolResult(substitute(expr, { a: v(step.a), b: v(step.b) }))};`;
    }
    case 'where':
      return `let v${index} = select(${v(step.b)}, ${v(step.a)}, ${v(step.cond)} != 0);`;
    case 'cast':
      return `let v${index} = ${castExpr(v(step.x), valueDType(program, step.x), step.dtype)};`;
  }
}

/** How input k is indexed: the output index itself, element 0, or through (view or broadcast) strides. */
type Access = 'flat' | 'scalar' | 'strided';

/**
 * Run `program` on `inputs` broadcast to `outShape`, writing `out`. Input k reads its buffer through
 * `views[k]` when given (offset and strides); inputs viewing one buffer share one binding.
 */
export function elementwise(
  rt: GPURuntime, program: ElementwiseProgram, inputs: readonly GPUInput[], outShape: readonly number[], out: GPUBuffer,
  views: readonly (StridedView | undefined)[] = [],
): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  const n = inputs.length;
  const outDType = programOutDType(program);
  // one binding per distinct buffer: slot[k] is the binding input k reads
  const bound: GPUInput[] = [];
  const slot = inputs.map((x) => {
    const at = bound.findIndex((b) => b.buffer === x.buffer);
    if (at !== -1) return at;
    bound.push(x);
    return bound.length - 1;
  });
  const access: Access[] = inputs.map((x, k) => {
    if (views[k] !== undefined) return 'strided';
    const s = sizeOf(x.shape);
    return s === size ? 'flat' : s === 1 ? 'scalar' : 'strided';
  });
  const params = new ParamBlock().u32(size);
  let word = 1;
  const constWords: number[] = [];
  for (const step of program.steps) {
    if (step.kind !== 'const') continue;
    constWords.push(word++);
    if (isF32(step.dtype, 'const')) params.f32(step.value);
    else params.i32(step.value);
  }
  const stridedInputs = inputs.map((_, k) => k).filter((k) => access[k] === 'strided');
  let indexCode = '';
  let rank = 0;
  if (stridedInputs.length > 0) {
    // view offsets first, then the broadcast geometry
    const viewed = stridedInputs.filter((k) => views[k] !== undefined);
    const startWord = new Map<number, number>();
    for (const k of viewed) {
      startWord.set(k, word++);
      params.u32(views[k]?.offset ?? 0);
    }
    const { dims: shape, strides } = coalesce(outShape, stridedInputs.map((k) => broadcastStrides(inputs[k].shape, outShape, views[k]?.strides)));
    rank = shape.length;
    params.u32(rank, ...shape, ...strides.flat());
    const starts = stridedInputs.map((k) => (startWord.has(k) ? `p[${startWord.get(k)}u]` : '0u'));
    indexCode = broadcastOffsets(stridedInputs.map((k) => `i${k}`), word, rank, starts);
  }
  const loads = inputs.map((x, k) => {
    const index = access[k] === 'flat' ? 'gid' : access[k] === 'scalar' ? '0u' : `i${k}`;
    return `let v${k} = ${loadAsCompute(x.dtype, `in${slot[k]}[${index}]`)};`;
  });
  let c = 0;
  const body = program.steps.map((step, s) => stepStatement(program, step, n + s, step.kind === 'const' ? constWords[c++] : 0));
  const result = `v${n + program.steps.length - 1}`;
  const viewKey = views.some((v) => v !== undefined) ? `:${views.map((v) => (v === undefined ? '-' : 'v')).join('')}` : '';
  rt.dispatch({
    key: `elementwise:${program.key}:${access.join(',')}:${slot.join(',')}${viewKey}:${rank}`,
    source: () => /* wgsl */ `${PRELUDE}${FLOAT_MATH}${INT_MATH}
${bindings(bound.map((x, b) => [`in${b}`, storageType(x.dtype, 'elementwise')]), [['out', storageType(outDType, 'elementwise')]])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  if (gid >= p[0]) { return; }
  ${indexCode}
  ${loads.join('\n  ')}
  ${body.join('\n  ')}
  out[gid] = ${storeFromCompute(outDType, result)};
}`,
    params: params.toArray(),
    buffers: [...bound.map((x) => x.buffer), out],
    workgroups: workgroupsFor(size),
  });
}

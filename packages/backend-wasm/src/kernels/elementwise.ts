/**
 * The elementwise compiler: a program becomes instructions for the kernels' block interpreter
 * (assembly/elementwise.ts). Instructions are cached by the program's key; constants, input
 * pointers and the coalesced geometry are written to the parameter block per call.
 */
import {
  programConstants, programOutDType, sizeOf, valueDType,
  type DType, type ElementwiseProgram, type TensorInfo,
} from '@nabla/tensor-core';
import { broadcastStrides, coalesce } from '@nabla/tensor-core/kernel-kit';
import { WasmBackendError } from '../errors.js';
import { dtypeCode } from '../memory/dtype-layout.js';
import type { WasmBuffer } from '../wasm-buffer.js';
import { PARAM_WORDS, bufferOf, type KernelContext } from './kernel-context.js';
import { binaryCode, unaryCode } from './op-codes.js';
import { MIN_PARALLEL_ELEMENTS } from './parallel-thresholds.js';

/** Elements per interpreter block (BLOCK in assembly/elementwise.ts); each register holds BLOCK 8-byte lanes. */
const BLOCK = 256;
const OP_CONST = 1;
const OP_UNARY = 2;
const OP_BINARY = 3;
const OP_WHERE = 4;
const OP_CAST = 5;
/** int32 words per instruction. */
const WORDS = 6;

const compiled = new Map<string, Int32Array>();

/** The interpreter instructions of `program` (constants by index, so they depend only on its key). */
function instructions(program: ElementwiseProgram): Int32Array {
  let code = compiled.get(program.key);
  if (code !== undefined) return code;
  code = new Int32Array(program.steps.length * WORDS);
  const lanes = (dtype: DType): number => dtypeCode(dtype);
  let constIndex = 0;
  program.steps.forEach((step, s) => {
    const dst = program.inputs.length + s;
    let words: number[];
    switch (step.kind) {
      case 'const': words = [OP_CONST, dst, lanes(step.dtype), constIndex++, 0, 0]; break;
      case 'unary': words = [OP_UNARY, dst, lanes(valueDType(program, step.x)), unaryCode(step.op), step.x, 0]; break;
      case 'binary': words = [OP_BINARY, dst, lanes(valueDType(program, step.a)), binaryCode(step.op), step.a, step.b]; break;
      case 'where': words = [OP_WHERE, dst, step.dtype === 'float64' ? 8 : 4, step.cond, step.a, step.b]; break;
      case 'cast': words = [OP_CAST, dst, lanes(valueDType(program, step.x)), lanes(step.dtype), step.x, 0]; break;
    }
    code.set(words, s * WORDS);
  });
  compiled.set(program.key, code);
  return code;
}

/** Bytes of one thread's registers for `values` program values: a pointer table, then the blocks. */
export function registerBytes(values: number): number {
  return Math.ceil((values * 4) / 16) * 16 + values * BLOCK * 8;
}

/** Run `program` on `inputs` broadcast to `outShape` into a new buffer. */
export function elementwise(ctx: KernelContext, program: ElementwiseProgram, inputs: readonly TensorInfo[], outShape: readonly number[]): WasmBuffer {
  const buffers = inputs.map((x) => bufferOf(x, 'elementwise'));
  const size = sizeOf(outShape);
  const outDType = programOutDType(program);
  const out = ctx.heap.allocBuffer(size, outDType);
  if (size === 0) return out;
  const values = inputs.length + program.steps.length;
  if (registerBytes(values) > ctx.gemmScratchStride) {
    throw new WasmBackendError('elementwise', `a program of ${values} values exceeds the ${ctx.gemmScratchStride}-byte register area`);
  }
  const code = instructions(program);
  const space = coalesce(outShape, inputs.map((x) => broadcastStrides(x.shape, outShape)));
  const rank = space.dims.length;
  const consts = programConstants(program);
  // parameter block: code | (pointer, dtype) per input | dims | strides per input | f64 constants
  const codeAt = 0;
  const inputsAt = codeAt + code.length;
  const dimsAt = inputsAt + 2 * inputs.length;
  const stridesAt = dimsAt + rank;
  const constsAt = Math.ceil((stridesAt + rank * inputs.length) / 2) * 2;
  const words = constsAt + 2 * consts.length;
  if (words > PARAM_WORDS) throw new WasmBackendError('elementwise', `a program needing ${words} parameter words exceeds the ${PARAM_WORDS}-word block`);
  const view = ctx.heap.int32View(ctx.paramPtr, words);
  view.set(code, codeAt);
  buffers.forEach((buffer, k) => {
    view[inputsAt + 2 * k] = buffer.ptr;
    view[inputsAt + 2 * k + 1] = dtypeCode(inputs[k].dtype);
  });
  view.set(space.dims, dimsAt);
  space.strides.forEach((s, k) => view.set(s, stridesAt + k * rank));
  if (consts.length > 0) new Float64Array(view.buffer, ctx.paramPtr + constsAt * 4, consts.length).set(consts);
  const threads = ctx.pool.threadsFor(size, MIN_PARALLEL_ELEMENTS);
  const at = (word: number): number => ctx.paramPtr + word * 4;
  ctx.pool.run('elementwise_run', [
    at(codeAt), program.steps.length, at(constsAt), at(inputsAt), inputs.length, out.ptr, dtypeCode(outDType),
    rank, at(dimsAt), at(stridesAt), ctx.gemmScratchPtr, ctx.gemmScratchStride,
  ], threads);
  return out;
}

/** A new buffer of `size` elements equal to `value`. */
export function fill(ctx: KernelContext, size: number, value: number, dtype: DType): WasmBuffer {
  const out = ctx.heap.allocBuffer(size, dtype);
  fillInto(ctx, out, value);
  return out;
}

/** Set every element of an existing buffer to `value`. */
export function fillInto(ctx: KernelContext, out: WasmBuffer, value: number): void {
  if (out.size === 0) return;
  const threads = ctx.pool.threadsFor(out.size, MIN_PARALLEL_ELEMENTS);
  ctx.pool.run('fill_any', [dtypeCode(out.dtype), out.ptr, out.size, value], threads);
}

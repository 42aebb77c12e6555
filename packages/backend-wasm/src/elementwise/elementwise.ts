/**
 * The elementwise compiler: a program becomes instructions for the kernels' block interpreter
 * (assembly/elementwise.ts). Instructions are cached by the program's key; constants, input
 * pointers and the coalesced geometry are written to the parameter block per call.
 */
import {
  programConstants, programOutDType, sizeOf, valueDType,
  type DType, type ElementwiseInput, type ElementwiseProgram,
} from '@nabla/tensor-core';
import { broadcastStrides, coalesce } from '@nabla/tensor-core/kernel-kit';
import { WasmBackendError } from '../errors.js';
import { bytesPerElement, dtypeCode } from '../storage/dtype-layout.js';
import type { WasmBuffer } from '../storage/wasm-buffer.js';
import { PARAM_WORDS, bufferOf, paramBlock, type KernelContext } from '../runtime/kernel-context.js';
import { binaryCode, unaryCode } from './op-codes.js';
import { MIN_PARALLEL_ELEMENTS } from '../runtime/parallel-thresholds.js';

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

/** Whether `shape` equals `outShape` (the operand needs no broadcasting). */
function sameShape(shape: readonly number[], outShape: readonly number[]): boolean {
  if (shape.length !== outShape.length) return false;
  for (let i = 0; i < shape.length; i++) if (shape[i] !== outShape[i]) return false;
  return true;
}

/**
 * The coalesced iteration space: one contiguous axis when no operand broadcasts or is a strided
 * view (the common case of small ops in a training step, so it skips the general coalescing and
 * its allocations).
 */
function iterationSpace(inputs: readonly ElementwiseInput[], outShape: readonly number[], size: number): { dims: readonly number[]; strides: readonly (readonly number[])[] } {
  let plain = true;
  for (let k = 0; k < inputs.length && plain; k++) plain = inputs[k].view === undefined && sameShape(inputs[k].shape, outShape);
  if (plain) return { dims: [size], strides: inputs.map(() => [1]) };
  return coalesce(outShape, inputs.map((x) => broadcastStrides(x.shape, outShape, x.view?.strides)));
}

/** Run `program` on `inputs` (each contiguous or a strided view) broadcast to `outShape` into a new buffer. */
export function elementwise(ctx: KernelContext, program: ElementwiseProgram, inputs: readonly ElementwiseInput[], outShape: readonly number[]): WasmBuffer {
  const buffers: WasmBuffer[] = [];
  for (const x of inputs) buffers.push(bufferOf(x, 'elementwise'));
  const size = sizeOf(outShape);
  const outDType = programOutDType(program);
  const out = ctx.heap.allocBuffer(size, outDType);
  if (size === 0) return out;
  const values = inputs.length + program.steps.length;
  if (registerBytes(values) > ctx.gemmScratchStride) {
    throw new WasmBackendError('elementwise', `a program of ${values} values exceeds the ${ctx.gemmScratchStride}-byte register area`);
  }
  const code = instructions(program);
  const space = iterationSpace(inputs, outShape, size);
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
  const block = paramBlock(ctx);
  const view = block.words;
  view.set(code, codeAt);
  for (let k = 0; k < buffers.length; k++) {
    view[inputsAt + 2 * k] = buffers[k].ptr + (inputs[k].view?.offset ?? 0) * bytesPerElement(inputs[k].dtype);
    view[inputsAt + 2 * k + 1] = dtypeCode(inputs[k].dtype);
  }
  for (let d = 0; d < rank; d++) view[dimsAt + d] = space.dims[d];
  for (let k = 0; k < inputs.length; k++) {
    const strides = space.strides[k];
    for (let d = 0; d < rank; d++) view[stridesAt + k * rank + d] = strides[d];
  }
  for (let c = 0; c < consts.length; c++) block.doubles[constsAt / 2 + c] = consts[c];
  const threads = ctx.pool.threadsFor(size, MIN_PARALLEL_ELEMENTS);
  const base = ctx.paramPtr;
  ctx.pool.run('elementwise_run', [
    base + codeAt * 4, program.steps.length, base + constsAt * 4, base + inputsAt * 4, inputs.length, out.ptr, dtypeCode(outDType),
    rank, base + dimsAt * 4, base + stridesAt * 4, ctx.gemmScratchPtr, ctx.gemmScratchStride,
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

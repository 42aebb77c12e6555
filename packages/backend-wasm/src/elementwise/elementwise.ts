/**
 * The elementwise compiler: a program becomes instructions for the kernels' block interpreter
 * (assembly/elementwise.ts). Instructions are cached by the program's key; constants, input
 * pointers and the coalesced geometry are written to the parameter block per call.
 */
import {
  programConstants, programOutDType, sizeOf, valueDType,
  type DType, type ElementwiseInput, type ElementwiseProgram,
} from '@nabla/tensor-core';
import { coalesceInPlace } from '@nabla/tensor-core/kernel-kit';
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
 * The coalesced iteration space of the last call, reused by every call (filled and read within one
 * `elementwise`; grown on demand): `spaceDims[d]` for d < rank, and input k's stride on axis d at
 * `spaceStrides[d * inputs + k]`. Kept out of the heap's young generation because every small op
 * of a training step comes through here.
 */
const spaceDims: number[] = [1];
const spaceStrides: number[] = [1];

/**
 * Fill spaceDims / spaceStrides with the fewest axes visiting the same elements as `outShape`
 * walked by every input (broadcast, or through its strided view), by kernel-kit's
 * `coalesceInPlace`; returns the rank (≥ 1). No view and no broadcast — the common case — is one
 * contiguous axis at once.
 */
function iterationSpace(inputs: readonly ElementwiseInput[], outShape: readonly number[], size: number): number {
  const n = inputs.length;
  let plain = true;
  for (let k = 0; k < n && plain; k++) plain = inputs[k].view === undefined && sameShape(inputs[k].shape, outShape);
  if (plain) {
    spaceDims[0] = size;
    for (let k = 0; k < n; k++) spaceStrides[k] = 1;
    return 1;
  }
  const outRank = outShape.length;
  for (let d = 0; d < outRank; d++) for (let k = 0; k < n; k++) spaceStrides[d * n + k] = inputStride(inputs[k], outRank, d);
  return coalesceInPlace(outShape, n, spaceStrides, spaceDims);
}

/**
 * Element stride of `input` along output axis `d` of an output of rank `outRank` (right-aligned
 * broadcasting: 0 on an axis it lacks or has size 1; its view's stride, else its contiguous one).
 */
function inputStride(input: ElementwiseInput, outRank: number, d: number): number {
  const shape = input.shape;
  const axis = d - (outRank - shape.length);
  if (axis < 0 || shape[axis] === 1) return 0;
  const view = input.view;
  if (view !== undefined) return view.strides[axis];
  let stride = 1;
  for (let i = axis + 1; i < shape.length; i++) stride *= shape[i];
  return stride;
}

/** Run `program` on `inputs` (each contiguous or a strided view) broadcast to `outShape` into a new buffer. */
export function elementwise(ctx: KernelContext, program: ElementwiseProgram, inputs: readonly ElementwiseInput[], outShape: readonly number[]): WasmBuffer {
  for (let k = 0; k < inputs.length; k++) bufferOf(inputs[k], 'elementwise');
  const size = sizeOf(outShape);
  const outDType = programOutDType(program);
  const out = ctx.heap.allocBuffer(size, outDType);
  if (size === 0) return out;
  const n = inputs.length;
  const values = n + program.steps.length;
  if (registerBytes(values) > ctx.gemmScratchStride) {
    throw new WasmBackendError('elementwise', `a program of ${values} values exceeds the ${ctx.gemmScratchStride}-byte register area`);
  }
  const code = instructions(program);
  const rank = iterationSpace(inputs, outShape, size);
  // parameter block: code | (pointer, dtype) per input | dims | strides per input | f64 constants
  const codeAt = 0;
  const inputsAt = codeAt + code.length;
  const dimsAt = inputsAt + 2 * n;
  const stridesAt = dimsAt + rank;
  const constsAt = Math.ceil((stridesAt + rank * n) / 2) * 2;
  const consts = programConstants(program);
  const words = constsAt + 2 * consts.length;
  if (words > PARAM_WORDS) throw new WasmBackendError('elementwise', `a program needing ${words} parameter words exceeds the ${PARAM_WORDS}-word block`);
  const block = paramBlock(ctx);
  const view = block.words;
  view.set(code, codeAt);
  for (let k = 0; k < n; k++) {
    const input = inputs[k];
    view[inputsAt + 2 * k] = (input.dataId as WasmBuffer).ptr + (input.view?.offset ?? 0) * bytesPerElement(input.dtype);
    view[inputsAt + 2 * k + 1] = dtypeCode(input.dtype);
  }
  for (let d = 0; d < rank; d++) view[dimsAt + d] = spaceDims[d];
  for (let k = 0; k < n; k++) for (let d = 0; d < rank; d++) view[stridesAt + k * rank + d] = spaceStrides[d * n + k];
  for (let c = 0; c < consts.length; c++) block.doubles[constsAt / 2 + c] = consts[c];
  const threads = ctx.pool.threadsFor(size, MIN_PARALLEL_ELEMENTS);
  const base = ctx.paramPtr;
  ctx.pool.run('elementwise_run', [
    base + codeAt * 4, program.steps.length, base + constsAt * 4, base + inputsAt * 4, n, out.ptr, dtypeCode(outDType),
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

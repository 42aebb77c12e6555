import { gemmBands, macroKernel, microKernel, packA } from '../matmul/gemm-kernel.js';
import { WORKER_PORT_PRELUDE } from '@nabla/tensor-core/host';
import { CONTROL, MESSAGE_CHARS, messageByteOffset } from './control-block.js';

/**
 * Source of a GEMM worker, evaluated as a classic script (a Node `eval: true` worker or a browser
 * Blob worker), so no bundler or loader has to resolve a worker file. The kernel is the very
 * code the calling thread runs: the text of the engine's functions, which reference nothing
 * outside themselves. A job names views of the shared arena; the worker claims bands of it with
 * `gemmBands` like every other thread, records any error in its message slot, counts itself done
 * and notifies.
 */
export function workerSource(): string {
  return `'use strict';
${[gemmBands, packA, macroKernel, microKernel].map(declaration).join('\n')}
const runBands = ${gemmBands.name};
${WORKER_PORT_PRELUDE}
const ARRAYS = { Float32Array, Float64Array, Int32Array, Uint8Array };
const workspace = { a: new Float64Array(0), b: new Float64Array(0), edge: new Float64Array(12) };
let control = null;
let tid = 0;
function view(arena, v) {
  const Array = ARRAYS[v.array];
  if (Array === undefined) throw new TypeError('unknown element type ' + String(v.array));
  return { data: new Array(arena, v.byteOffset, v.length), offset: v.offset, rowStride: v.rowStride, colStride: v.colStride };
}
function report(error) {
  const text = String(error && error.message !== undefined ? error.message : error).slice(0, ${MESSAGE_CHARS});
  const at = ${messageByteOffset(0)} + tid * ${4 + MESSAGE_CHARS * 2};
  const chars = new Uint16Array(control.buffer, at + 4, text.length);
  for (let i = 0; i < text.length; i++) chars[i] = text.charCodeAt(i);
  Atomics.store(control, at >> 2, text.length);
  Atomics.add(control, ${CONTROL.failures}, 1);
}
function run(message) {
  try {
    const job = message.job;
    const arena = message.arena;
    const packedB = new Float64Array(arena, job.packedB.byteOffset, job.packedB.length);
    runBands(job.m, job.n, job.k, view(arena, job.a), packedB, view(arena, job.c), job.band, job.count, control, ${CONTROL.next}, workspace);
  } catch (error) {
    report(error);
  } finally {
    Atomics.add(control, ${CONTROL.done}, 1);
    Atomics.notify(control, ${CONTROL.done});
  }
}
function onMessage(message) {
  if (message.type === 'init') {
    control = new Int32Array(message.control);
    tid = message.tid;
    port.postMessage({ type: 'ready', tid });
  } else {
    run(message);
  }
}
if (isNode) port.on('message', onMessage);
else self.onmessage = (event) => onMessage(event.data);
`;
}

/**
 * `fn` as a declaration under its runtime name. A minifier renames the engine's functions (and
 * their calls to each other) consistently, so the worker must call them by `fn.name`, never by
 * the names written in this file; a function a bundler turned into an expression is bound to it.
 */
function declaration(fn: (...args: never[]) => unknown): string {
  const text = String(fn);
  if (!/^[\w$]+$/.test(fn.name)) throw new TypeError(`GEMM worker source: an engine function has no usable name (${JSON.stringify(fn.name)})`);
  return text.startsWith(`function ${fn.name}(`) ? text : `var ${fn.name} = ${text};`;
}

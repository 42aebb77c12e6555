import { WORKER_PORT_PRELUDE } from '@nabla/tensor-core/host';
import { ARGS_BYTE_OFFSET, CONTROL, CONTROL_INT_SLOTS, JOB_CLOSED, JOB_TAG_UNIT, JOB_TAGS, MAX_ARGS } from './control-block.js';

/** How long an idle worker keeps polling for the next job before it sleeps in Atomics.wait. */
export const WORKER_SPIN_MS = 0.03;

/**
 * Source of the kernel worker, evaluated as a classic script (Node `eval: true` worker or a
 * browser Blob worker). It instantiates the kernel module (and the relaxed-SIMD overlay, whose
 * exports take the place of the module's of the same name) on the shared memory, reports
 * 'ready', then loops: wait for a new generation (polling briefly, then Atomics.wait), join the
 * job if it is still open, take shares until none are left, count itself done. A worker that
 * wakes after the caller has taken every share never touches the job (see control-block.ts).
 * Kept as plain JavaScript text so no bundler or loader has to resolve a worker file.
 */
export const WORKER_SOURCE = `
'use strict';
const G = ${CONTROL.generation}, DONE = ${CONTROL.done}, KERNEL = ${CONTROL.kernel};
const ARGC = ${CONTROL.argCount}, FAILURES = ${CONTROL.failures}, STOP = ${CONTROL.stop};
const NEXT = ${CONTROL.nextShare}, SHARES = ${CONTROL.shares}, ADMISSION = ${CONTROL.admission};
const TAG_UNIT = ${JOB_TAG_UNIT}, CLOSED = ${JOB_CLOSED}, TAGS = ${JOB_TAGS}, SPIN_MS = ${WORKER_SPIN_MS};
${WORKER_PORT_PRELUDE}
function post(message) { port.postMessage(message); }
function join(ctrl, tag) {
  for (;;) {
    const word = Atomics.load(ctrl, ADMISSION);
    if (Math.floor(word / TAG_UNIT) !== tag || (word & CLOSED) !== 0) return false;
    if (Atomics.compareExchange(ctrl, ADMISSION, word, word + 1) === word) return true;
  }
}
function nextGeneration(ctrl, seen) {
  const until = performance.now() + SPIN_MS;
  for (let i = 1; ; i++) {
    const generation = Atomics.load(ctrl, G);
    if (generation !== seen) return generation;
    if ((i & 63) === 0 && performance.now() > until) break;
  }
  for (;;) {
    Atomics.wait(ctrl, G, seen);
    const generation = Atomics.load(ctrl, G);
    if (generation !== seen) return generation;
  }
}
function start(init) {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const overlay = init.overlay ? new WebAssembly.Instance(init.overlay, { env: { memory: init.memory } }).exports : {};
  const kernels = init.kernelNames.map((name) => overlay[name] || instance.exports[name]);
  const ctrl = new Int32Array(init.control, 0, ${CONTROL_INT_SLOTS});
  const slots = new Float64Array(init.control, ${ARGS_BYTE_OFFSET}, ${MAX_ARGS});
  let seen = Atomics.load(ctrl, G);
  post({ type: 'ready', tid: init.tid });
  for (;;) {
    seen = nextGeneration(ctrl, seen);
    if (Atomics.load(ctrl, STOP) !== 0) break;
    if (!join(ctrl, seen & (TAGS - 1))) continue;
    const kernel = kernels[Atomics.load(ctrl, KERNEL)];
    const argc = Atomics.load(ctrl, ARGC);
    const shares = Atomics.load(ctrl, SHARES);
    const args = new Array(argc + 2);
    for (let i = 0; i < argc; i++) args[i] = slots[i];
    args[argc + 1] = shares;
    try {
      for (let share = Atomics.add(ctrl, NEXT, 1); share < shares; share = Atomics.add(ctrl, NEXT, 1)) {
        args[argc] = share;
        kernel.apply(null, args);
      }
    } catch (error) {
      Atomics.add(ctrl, FAILURES, 1);
    }
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}
if (isNode) port.once('message', start);
else self.onmessage = (event) => { self.onmessage = null; start(event.data); };
`;

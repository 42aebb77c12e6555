import { ARGS_BYTE_OFFSET, CONTROL, CONTROL_INT_SLOTS, MAX_ARGS } from './control-block.js';

/**
 * Source of the kernel worker, evaluated as a classic script (Node `eval: true` worker or a
 * browser Blob worker). It instantiates the kernel module on the shared memory, reports
 * 'ready', then loops: wait for a new generation, run its share of the kernel, count itself
 * done. Kept as plain JavaScript text so no bundler or loader has to resolve a worker file.
 */
export const WORKER_SOURCE = `
'use strict';
const G = ${CONTROL.generation}, DONE = ${CONTROL.done}, KERNEL = ${CONTROL.kernel};
const ARGC = ${CONTROL.argCount}, FAILURES = ${CONTROL.failures}, STOP = ${CONTROL.stop};
const isNode = typeof require === 'function' && typeof process === 'object' && !!(process.versions && process.versions.node);
const port = isNode ? require('node:worker_threads').parentPort : self;
function post(message) { port.postMessage(message); }
function start(init) {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const kernels = init.kernelNames.map((name) => instance.exports[name]);
  const ctrl = new Int32Array(init.control, 0, ${CONTROL_INT_SLOTS});
  const slots = new Float64Array(init.control, ${ARGS_BYTE_OFFSET}, ${MAX_ARGS});
  const tid = init.tid, nt = init.numThreads;
  let seen = Atomics.load(ctrl, G);
  post({ type: 'ready', tid });
  for (;;) {
    Atomics.wait(ctrl, G, seen);
    const generation = Atomics.load(ctrl, G);
    if (generation === seen) continue;
    seen = generation;
    if (Atomics.load(ctrl, STOP) !== 0) break;
    const kernel = kernels[Atomics.load(ctrl, KERNEL)];
    const argc = Atomics.load(ctrl, ARGC);
    const args = new Array(argc + 2);
    for (let i = 0; i < argc; i++) args[i] = slots[i];
    args[argc] = tid;
    args[argc + 1] = nt;
    try {
      kernel.apply(null, args);
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

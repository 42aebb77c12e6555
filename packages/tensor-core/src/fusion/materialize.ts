/**
 * Running deferred elementwise programs: when a deferred value is read, used by a routine, cut
 * from a chain that grew too long, made persistent (`assign`), or at `flushFusion()`.
 */
import type { Backend, DataId, ElementwiseInput } from '../backend.js';
import { currentOpName, enterOp } from '../allocation.js';
import { evaluateProgram } from '../elementwise/scalar-semantics.js';
import { programOutDType } from '../elementwise/program.js';
import { sizeOf } from '../shape.js';
import type { Storage } from '../storage.js';
import { compose } from './compose.js';
import type { DeferredElementwise } from './deferred.js';

/** Deferred storages some tensor still views. */
const pendingStorages = new Set<Storage>();

/** @internal Count `storage` as deferred until it runs or is released. */
export function trackPending(storage: Storage): void {
  pendingStorages.add(storage);
}

/** @internal `storage` ran or no tensor views it any more. */
export function forgetPending(storage: Storage): void {
  pendingStorages.delete(storage);
}

/** Number of deferred elementwise results that tensors still view (not yet computed). */
export function pendingFusionCount(): number {
  return pendingStorages.size;
}

/** Compute every deferred elementwise result that a tensor still views (each as one fused program). */
export function flushFusion(): void {
  for (const storage of [...pendingStorages]) storage.materializePending();
}

/** @internal Run `node` (with the deferred programs it can inline) on `backend`: its new buffer. */
export function materialize(backend: Backend, node: DeferredElementwise): DataId {
  const fused = compose(node, backend.fusionCosts);
  const program = fused?.program ?? node.program;
  const leaves = fused?.leaves ?? node.inputs;
  const size = sizeOf(node.outShape);
  const outer = currentOpName(); // the op that needs the value: named again once this kernel is launched
  try {
    if (leaves.length === 0) {
      // constants only: one value for every element
      enterOp(node.op);
      return backend.fill(size, evaluateProgram(program, []), programOutDType(program));
    }
    const infos: ElementwiseInput[] = leaves.map(({ storage, shape, view }) => (view === undefined ? { dataId: storage.dataId, shape, dtype: storage.dtype } : { dataId: storage.dataId, shape, dtype: storage.dtype, view }));
    enterOp(node.op);
    return backend.elementwise(program, infos, node.outShape);
  } finally {
    enterOp(outer);
  }
}

/**
 * Checks an asynchronous backend cannot make at the op without stalling (WebGPU: are these
 * indices in range?). The check is computed on the device as a tiny tensor and reported at the
 * next read on that backend, like CUDA's device-side assertions: the op itself returns at once,
 * and `await t.data()` throws a typed error naming the op that saw the bad input.
 *
 * Per backend there is one pending int32 scalar: 0 while every check passed, otherwise the
 * 1-based number of the first failed check, whose message is kept on the host.
 */
import type { Backend } from './backend.js';
import { keep, tidy, withoutRecording } from './engine.js';
import { ArgumentError, fmtShape } from './errors.js';
import { flushFusion } from './fusion/materialize.js';
import { getBackend } from './registry.js';
import type { Storage } from './storage.js';
import type { Tensor } from './tensor.js';

/**
 * Messages kept per backend between reads. Later checks share one number (MAX_MESSAGES + 1) and
 * are reported by op name only.
 */
const MAX_MESSAGES = 1024;

interface PendingChecks {
  /** int32 scalar on the backend: 0 = all passed, k = check k failed first. */
  flag: Tensor;
  /** Op name and message of each check, by its 1-based number. */
  readonly checks: { readonly op: string; readonly message: string }[];
  /** Ops of the checks past MAX_MESSAGES, in first-seen order. */
  readonly overflowOps: Set<string>;
}

const pending = new Map<Backend, PendingChecks>();

/**
 * Index buffers already checked, with the smallest limit they were checked against. A buffer's
 * values never change (only reshape/clone share one), and indices outside [0, L') are outside
 * [0, L) for any L ≤ L', so a later check against a limit at least as large adds nothing: the
 * labels of a batch checked by `oneHot`, or token ids by an embedding's `gather` and again by its
 * gradient's `scatterAdd`, cost one device check, not one per use.
 */
let checkedIndices = new WeakMap<Storage, number>();

/**
 * Queue a check that `indices` lie in [0, limit), unless the same buffer was already checked
 * against a limit no larger. See {@link deferDeviceCheck}.
 */
export function deferIndexCheck(op: string, indices: Tensor, limit: number): void {
  const checked = checkedIndices.get(indices.storage);
  if (checked !== undefined && checked <= limit) return;
  checkedIndices.set(indices.storage, limit);
  const message = `indices ${fmtShape(indices.shape)} hold a value out of range [0, ${limit})`;
  const outOfRange = (): Tensor => indices.less(0).logicalOr(indices.greaterEqual(limit)).any();
  deferDeviceCheck(indices.backend, op, message, outOfRange);
}

/**
 * Queue a device-side check: `failed` (built inside `tidy`, a bool scalar on `backend`) is true
 * when the input was bad. `op` and `message` are reported by the next read on that backend.
 */
function deferDeviceCheck(backend: Backend, op: string, message: string, failed: () => Tensor): void {
  const state = pending.get(backend);
  const checks = state?.checks ?? [];
  const overflowOps = state?.overflowOps ?? new Set<string>();
  if (checks.length < MAX_MESSAGES) checks.push({ op, message });
  else overflowOps.add(op);
  const code = overflowOps.size === 0 ? checks.length : MAX_MESSAGES + 1;
  const flag = withoutRecording(() =>
    tidy(() => {
      const mine = failed().cast('int32').mul(code);
      return state === undefined ? mine : state.flag.where(state.flag.greater(0), mine);
    }),
  );
  state?.flag.dispose();
  pending.set(backend, { flag: keep(flag), checks, overflowOps });
}

/**
 * Read and clear the checks pending on `backend`, concurrently with `read`; throws the first
 * failed check's typed error (after `read` settled), otherwise returns what `read` returned.
 */
export async function settleDeviceChecks<T>(backend: Backend, read: () => Promise<T>): Promise<T> {
  const state = pending.get(backend);
  if (state === undefined) return read();
  pending.delete(backend);
  const flagRead = backend.read(state.flag.dataId).finally(() => state.flag.dispose());
  const [flagValues, result] = await Promise.all([flagRead, read()]);
  const code = flagValues[0];
  if (code > 0) {
    // Bad indices must fail again if used again: forget every buffer checked so far (the cache only
    // saves work, and which buffers this batch covered is not kept: that would pin them until the read).
    checkedIndices = new WeakMap();
    const check = code <= MAX_MESSAGES
      ? state.checks[code - 1]
      : { op: [...state.overflowOps].join('/'), message: `indices out of range in one of the checks after the first ${MAX_MESSAGES} since the last read` };
    throw new ArgumentError(
      check.op,
      `${check.message} (found on the ${backend.name} device by an earlier ${check.op}; reported at this read because ${backend.name} cannot stop at the op)`,
    );
  }
  return result;
}

/**
 * Run every deferred (fusible) elementwise program, wait for the work enqueued on `backend`
 * (default: the current one) and report any pending device check, like `torch.cuda.synchronize()`:
 * afterwards `memory()` counts no check tensors.
 */
export async function synchronize(backend: Backend = getBackend()): Promise<void> {
  flushFusion();
  await settleDeviceChecks(backend, async () => {
    await backend.flush?.();
  });
}

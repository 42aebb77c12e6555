/**
 * The allocation limit: the largest single buffer any backend may allocate. It is the smaller of
 * the user's limit (`setAllocationLimit`, else the `NABLA_MAX_ALLOC_BYTES` environment variable,
 * else 4 GiB) and the backend's own capacity (`Backend.maxAllocationBytes`: a GPU's maximum buffer size, the
 * WebAssembly heap's maximum...). Requests above it throw an OutOfMemoryError naming the op, the
 * shape and the bytes before anything is allocated, instead of a bare RangeError, a device error
 * that poisons later work, or a multi-GiB array that "succeeds" until its pages are touched.
 */
import type { Backend } from './backend.js';
import { BYTES_PER_ELEMENT, type DType } from './dtype.js';
import { ArgumentError, OutOfMemoryError, fmtShape } from './errors.js';
import { sizeOf } from './shape.js';

/** The variable that sets the limit when `setAllocationLimit` was not called. */
export const ALLOCATION_LIMIT_ENV = 'NABLA_MAX_ALLOC_BYTES';

/** The limit when neither `setAllocationLimit` nor the environment sets one: 4 GiB. */
export const DEFAULT_ALLOCATION_LIMIT = 4 * 1024 ** 3;

let userLimit: number | null = null;
/** The environment's limit: undefined until read (once, and again after setAllocationLimit(null)). */
let envCache: number | null | undefined;
/** The op whose inputs were checked last (see backendOf): names the op in a backend's refusal. */
let currentOp = '';

function checkedLimit(op: string, bytes: number, source: string): number {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new ArgumentError(op, `the allocation limit must be a positive whole number of bytes, got ${String(bytes)}${source}`);
  }
  return bytes;
}

function envLimit(): number | null {
  if (envCache !== undefined) return envCache;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const raw = env?.[ALLOCATION_LIMIT_ENV];
  envCache = raw === undefined || raw.trim() === '' ? null : checkedLimit('allocation limit', Number(raw), ` (${ALLOCATION_LIMIT_ENV}='${raw}')`);
  return envCache;
}

/**
 * Set the largest single allocation, in bytes, on every backend (capped by each backend's own
 * capacity); `null` goes back to the `NABLA_MAX_ALLOC_BYTES` environment variable (read again),
 * else to the 4 GiB default.
 */
export function setAllocationLimit(bytes: number | null): void {
  userLimit = bytes === null ? null : checkedLimit('setAllocationLimit', bytes, '');
  if (bytes === null) envCache = undefined;
}

/** The limit in force on `backend`, in bytes: the user's (or the 4 GiB default), capped by the backend's capacity. */
export function allocationLimit(backend: Backend): number {
  const user = userLimit ?? envLimit() ?? DEFAULT_ALLOCATION_LIMIT;
  const capacity = backend.maxAllocationBytes;
  return capacity !== undefined && capacity < user ? capacity : user;
}

/** Where the limit in force on `backend` comes from, for messages. */
function limitSource(backend: Backend): string {
  const user = userLimit ?? envLimit();
  const capacity = backend.maxAllocationBytes;
  if (capacity !== undefined && capacity < (user ?? DEFAULT_ALLOCATION_LIMIT)) return `the '${backend.name}' backend's capacity`;
  if (userLimit !== null) return 'setAllocationLimit';
  return user !== null ? ALLOCATION_LIMIT_ENV : 'the default';
}

/** Human-readable bytes: `4.00 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(2)} ${units[unit]}`;
}

/**
 * Throws an OutOfMemoryError naming `op` when a `dtype` buffer of `shape` (or of that many
 * elements) is above the allocation limit on `backend`. Call before allocating anything.
 */
export function checkAllocation(op: string, backend: Backend, shape: readonly number[] | number, dtype: DType): void {
  if (op) currentOp = op; // a refusal further down (the backend's own) names this op too
  const elements = typeof shape === 'number' ? shape : sizeOf(shape);
  const bytes = elements * BYTES_PER_ELEMENT[dtype];
  const limit = allocationLimit(backend);
  if (bytes <= limit) return;
  const what = typeof shape === 'number' ? `${elements} ${dtype} elements` : `${dtype} ${fmtShape(shape)}`;
  throw new OutOfMemoryError(
    op || 'allocate',
    `${what} needs ${bytes} bytes (${formatBytes(bytes)}), above the allocation limit of ${limit} bytes (${formatBytes(limit)}, from ${limitSource(backend)}) on backend '${backend.name}'; nothing was allocated (change the limit with setAllocationLimit(bytes) or ${ALLOCATION_LIMIT_ENV})`,
    bytes,
  );
}

/**
 * For backends: throws an OutOfMemoryError naming the op being computed when `elements` of
 * `dtype` are above the limit. Call in the backend's allocation path, before allocating.
 */
export function guardAllocation(backend: Backend, elements: number, dtype: DType, shape?: readonly number[]): void {
  checkAllocation(currentOp, backend, shape ?? elements, dtype);
}

/** @internal Record the op about to call kernels (set by backendOf and the creation functions). */
export function enterOp(op: string): void {
  currentOp = op;
}

/** The op that called kernels last (for a backend's own out-of-memory errors). */
export function currentOpName(): string {
  return currentOp || 'allocate';
}

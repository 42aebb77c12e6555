import type { DType, TensorInfo, TypedArray } from '@nabla/tensor-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { createWasmBackend } from '../../src/create-wasm-backend.js';
import type { WasmBackend } from '../../src/wasm-backend.js';
import { withOutShapes, type ShapedRoutines } from '@nabla/test-kit/routine-shapes';

/** Thread counts every kernel suite runs with. */
export const THREAD_COUNTS = [1, 2] as const;

/** A backend plus small helpers to move host arrays in and out. */
export interface Harness {
  readonly backend: WasmBackend;
  /** The backend's routines called with the output shapes test-kit works out for their operands. */
  readonly routines: ShapedRoutines;
  /** Upload values as a TensorInfo of the given shape and dtype. */
  t(values: ArrayLike<number>, shape: readonly number[], dtype?: DType): TensorInfo;
  /** Read a result back as a plain number array. */
  read(id: object): number[];
  /** Read a result back as its typed array. */
  readTyped(id: object): TypedArray;
}

function makeHarness(backend: WasmBackend): Harness {
  return {
    backend,
    routines: withOutShapes(backend),
    t(values, shape, dtype = 'float32') {
      const host =
        dtype === 'float32' ? Float32Array.from(values)
        : dtype === 'int32' ? Int32Array.from(values)
        : dtype === 'float64' ? Float64Array.from(values)
        : Uint8Array.from(values);
      return { dataId: backend.write(host, dtype), shape, dtype };
    },
    read: (id) => Array.from(backend.readSync(id)),
    readTyped: (id) => backend.readSync(id),
  };
}

/** Run `body` once per thread count, each time with a fresh backend created for the block. */
export function withBackends(body: (get: () => Harness, numThreads: number) => void): void {
  for (const numThreads of THREAD_COUNTS) {
    describe(`${numThreads} thread(s)`, () => {
      let harness: Harness | undefined;
      beforeAll(async () => {
        harness = makeHarness(await createWasmBackend({ numThreads }));
      });
      afterAll(() => harness?.backend.dispose());
      body(() => {
        if (harness === undefined) throw new Error('backend not created yet');
        return harness;
      }, numThreads);
    });
  }
}

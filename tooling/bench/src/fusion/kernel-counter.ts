/**
 * Counting kernel launches at the Backend boundary: every Backend method that computes a buffer
 * (elementwise, reductions, matmul, data movement, convolution, pooling, attention, LSTM cells, fill) is
 * wrapped on the instance while counting. WebGPU also reports its own compute dispatches
 * (`memory().details.dispatches`), which include the extra passes a routine may launch.
 */
import type { Backend } from '@nabla/tensor-core';

/** The Backend methods that launch work on the device. */
const KERNEL_METHODS = [
  'fill', 'elementwise', 'reduce', 'argReduce', 'matmul', 'transpose', 'broadcastTo', 'slice', 'pad', 'concat', 'gather',
  'scatterAdd', 'argsort', 'attention', 'attentionBackward', 'lstmCell', 'lstmCellBackward', 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter',
  'maxPool2d', 'maxPool2dBackprop', 'avgPool2d', 'avgPool2dBackprop',
] as const satisfies readonly (keyof Backend)[];

/** Launch counts since `start()`, per Backend method. */
export class KernelCounter {
  private readonly counts = new Map<string, number>();
  private readonly originals = new Map<string, unknown>();

  constructor(private readonly backend: Backend) {}

  /** Start counting (wraps the instance's methods). */
  start(): void {
    const target = this.backend as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of KERNEL_METHODS) {
      const original = target[name];
      this.originals.set(name, Object.prototype.hasOwnProperty.call(target, name) ? original : undefined);
      target[name] = (...args: unknown[]) => {
        this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        return original.apply(this.backend, args);
      };
    }
  }

  /** Stop counting (restores the methods). */
  stop(): void {
    const target = this.backend as unknown as Record<string, unknown>;
    for (const [name, original] of this.originals) {
      if (original === undefined) delete target[name];
      else target[name] = original;
    }
    this.originals.clear();
  }

  /** Launches since the last reset. */
  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** Launches per method since the last reset. */
  byMethod(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort((a, b) => b[1] - a[1]));
  }

  /** Zero the counts. */
  reset(): void {
    this.counts.clear();
  }
}

/** WebGPU's own count of compute dispatches so far, or null on other backends. */
export function deviceDispatches(backend: Backend): number | null {
  const value = backend.memory().details?.dispatches;
  return typeof value === 'number' ? value : null;
}

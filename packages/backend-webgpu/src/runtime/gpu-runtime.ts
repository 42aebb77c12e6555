import { BufferPool } from '../storage/buffer-pool.js';
import { WebGPUDeviceError } from '../errors.js';
import { PipelineCache } from './pipeline-cache.js';

/** Largest workgroup count per dispatch dimension guaranteed by WebGPU. */
const MAX_WORKGROUPS_PER_DIM = 65535;

/** One kernel launch: a cached pipeline, its buffers and its grid. */
export interface Dispatch {
  /** Pipeline cache key: op, dtypes, variant; never a shape. */
  readonly key: string;
  /** WGSL source, generated on a cache miss only. */
  readonly source: () => string;
  /** Parameter words bound at binding 0. */
  readonly params: Uint32Array<ArrayBuffer>;
  /** Read-only storage buffers at bindings 1..n, then the output(s). */
  readonly buffers: readonly GPUBuffer[];
  /** Linear workgroup count (spread over x and y by {@link workgroupGrid}) or an explicit grid. */
  readonly workgroups: number | readonly [number, number, number];
}

/** Spread a linear workgroup count over x and y; shaders recover it as `wid.x + wid.y * nwg.x`. */
export function workgroupGrid(count: number): [number, number, number] {
  if (count <= MAX_WORKGROUPS_PER_DIM) return [count, 1, 1];
  return [MAX_WORKGROUPS_PER_DIM, Math.ceil(count / MAX_WORKGROUPS_PER_DIM), 1];
}

/**
 * Owns the device and records work. Kernels are encoded into one command encoder and submitted
 * in batches (every `maxDispatchesPerSubmit` dispatches, and before every read). Each batch runs
 * inside validation, out-of-memory and internal error scopes; an error reported for a batch, an
 * uncaptured error, or device loss is stored and thrown by the next operation.
 */
export class GPURuntime {
  /** Pool of data and parameter buffers (STORAGE | COPY_SRC | COPY_DST). */
  readonly storage: BufferPool;
  /** Pool of MAP_READ staging buffers used by reads. */
  readonly staging: BufferPool;
  /** Compiled pipelines by key. */
  readonly pipelines: PipelineCache;

  private encoder: GPUCommandEncoder | null = null;
  private dispatchesInBatch = 0;
  private afterSubmit: (() => void)[] = [];
  private failure: Error | null = null;
  private lost = false;
  private submits = 0;
  private dispatches = 0;

  constructor(
    readonly device: GPUDevice,
    private readonly maxDispatchesPerSubmit: number,
  ) {
    this.storage = new BufferPool(
      device,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      'nabla-storage',
      Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize),
    );
    this.staging = new BufferPool(device, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'nabla-staging', device.limits.maxBufferSize);
    this.pipelines = new PipelineCache(device);
    void device.lost.then((info) => {
      this.lost = true;
      this.fail(new WebGPUDeviceError('device', `WebGPU device lost (${info.reason}): ${info.message || 'no message'}`));
    });
    device.addEventListener('uncapturederror', (event) => {
      this.fail(new WebGPUDeviceError('device', `WebGPU uncaptured error: ${(event as GPUUncapturedErrorEvent).error.message}`));
    });
    this.pushScopes();
  }

  /** Throw the stored failure, if any, naming the operation that hit it. */
  check(op: string): void {
    if (this.failure !== null) {
      throw new WebGPUDeviceError(op, `the WebGPU device is unusable: ${this.failure.message}`);
    }
  }

  /** The command encoder of the current batch. */
  commandEncoder(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder({ label: 'nabla-batch' });
    return this.encoder;
  }

  /** Run `fn` once the current batch is submitted (e.g. return buffers to a pool). */
  whenSubmitted(fn: () => void): void {
    if (this.encoder === null) fn();
    else this.afterSubmit.push(fn);
  }

  /** A storage buffer holding `words`, released after the current batch is submitted. */
  uploadParams(words: Uint32Array<ArrayBuffer>): GPUBuffer {
    const buffer = this.storage.acquire(words.byteLength);
    this.device.queue.writeBuffer(buffer, 0, words);
    this.whenSubmitted(() => this.storage.release(buffer));
    return buffer;
  }

  /** Encode one kernel launch; submits the batch when it is full. */
  dispatch(d: Dispatch): void {
    const encoder = this.commandEncoder();
    const pipeline = this.pipelines.get(d.key, d.source);
    const paramBuffer = this.uploadParams(d.params);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: paramBuffer } }];
    d.buffers.forEach((buffer, i) => entries.push({ binding: i + 1, resource: { buffer } }));
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries, label: d.key });
    const pass = encoder.beginComputePass({ label: d.key });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    const [x, y, z] = typeof d.workgroups === 'number' ? workgroupGrid(d.workgroups) : d.workgroups;
    pass.dispatchWorkgroups(x, y, z);
    pass.end();
    this.dispatches++;
    if (++this.dispatchesInBatch >= this.maxDispatchesPerSubmit) {
      // The failure is recorded and rethrown by the next operation.
      this.submit().catch(() => undefined);
    }
  }

  /**
   * Submit the current batch (if any). The returned promise settles once the batch's error scopes
   * are known; it rejects with a {@link WebGPUDeviceError} when the batch failed.
   */
  submit(): Promise<void> {
    if (this.encoder !== null) {
      const commands = this.encoder.finish();
      this.encoder = null;
      this.dispatchesInBatch = 0;
      this.device.queue.submit([commands]);
      this.submits++;
      const callbacks = this.afterSubmit;
      this.afterSubmit = [];
      for (const fn of callbacks) fn();
    }
    const outcome = this.popScopes();
    this.pushScopes();
    return outcome;
  }

  /** Number of kernel launches (compute dispatches) encoded so far. */
  get dispatchCount(): number {
    return this.dispatches;
  }

  /** Number of queue submissions so far. */
  get submitCount(): number {
    return this.submits;
  }

  /** Whether an error was recorded (every later operation throws it). */
  get hasFailed(): boolean {
    return this.failure !== null;
  }

  /** Whether the device was lost. */
  get isLost(): boolean {
    return this.lost;
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  private pushScopes(): void {
    this.device.pushErrorScope('validation');
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('internal');
  }

  private popScopes(): Promise<void> {
    const scopes = [this.device.popErrorScope(), this.device.popErrorScope(), this.device.popErrorScope()];
    return Promise.all(scopes).then(
      (errors) => {
        const error = errors.find((e) => e !== null);
        if (error !== undefined && error !== null) {
          const kind = error instanceof GPUOutOfMemoryError ? 'out of memory' : error instanceof GPUValidationError ? 'validation error' : 'internal error';
          this.fail(new WebGPUDeviceError('device', `WebGPU ${kind}: ${error.message}`));
        }
        if (this.failure !== null) throw this.failure;
      },
      (reason: unknown) => {
        this.fail(new WebGPUDeviceError('device', `WebGPU error scope failed: ${String(reason)}`));
        throw this.failure;
      },
    );
  }
}

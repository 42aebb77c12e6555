/**
 * Compute pipelines keyed by shader key. Keys name the op, dtypes and layout variant only, never a
 * shape: shapes, strides and scalars travel in the parameter buffer, so a new shape reuses the
 * pipeline. WGSL is generated only on a cache miss.
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  /** The pipeline for `key`, compiling `source()` the first time. */
  get(key: string, source: () => string): GPUComputePipeline {
    let pipeline = this.pipelines.get(key);
    if (pipeline === undefined) {
      const module = this.device.createShaderModule({ code: source(), label: key });
      pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: key });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /** Number of compiled pipelines. */
  get size(): number {
    return this.pipelines.size;
  }
}

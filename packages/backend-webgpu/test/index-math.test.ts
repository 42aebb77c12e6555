import { describe, expect, it } from 'vitest';
import { PRELUDE, bindings } from '../src/wgsl/prelude.js';
import { acquireBackend, rng } from './gpu.js';

const backend = await acquireBackend();

describe.skipIf(backend === null)('udiv (float-based u32 division in the prelude)', () => {
  it('matches integer division around 2^24, at multiples of the divisor and for huge numerators', async () => {
    const b = backend!;
    const r = rng(7);
    const pairs: [number, number][] = [];
    for (const d of [1, 2, 3, 7, 24, 576, 4095, 4097, 65535, 1 << 20, 16777215, 16777216, 4294967295]) {
      for (const n of [0, 1, d - 1, d, d + 1, 3 * d - 1, 3 * d, 16777213, 16777215, 16777216, 16777217, 4294967295]) {
        if (n >= 0 && n <= 4294967295) pairs.push([n >>> 0, d]);
      }
    }
    for (let i = 0; i < 4000; i++) pairs.push([Math.floor(r() * 16777216), 1 + Math.floor(r() * 5000)]);
    const words = Uint32Array.from(pairs.flat());
    const input = b.device.createBuffer({ size: words.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    b.device.queue.writeBuffer(input, 0, words);
    const out = b.device.createBuffer({ size: pairs.length * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const staging = b.device.createBuffer({ size: pairs.length * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const module = b.device.createShaderModule({
      code: `${PRELUDE}
${bindings([['xs', 'u32']], [['out', 'u32']])}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x < arrayLength(&out)) { out[g.x] = udiv(xs[2u * g.x], xs[2u * g.x + 1u]); }
}`,
    });
    const pipeline = b.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bindGroup = b.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0), // binding 0 (the unused parameter block) is not in the 'auto' layout
      entries: [{ binding: 1, resource: { buffer: input } }, { binding: 2, resource: { buffer: out } }],
    });
    const encoder = b.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(pairs.length / 64));
    pass.end();
    encoder.copyBufferToBuffer(out, 0, staging, 0, pairs.length * 4);
    b.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const got = new Uint32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    const wrong = pairs.map(([n, d], i) => [n, d, got[i], Math.floor(n / d)]).filter(([, , g, e]) => g !== e);
    expect(wrong).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { getBackend, matmul, setBackend, tensor } from '@nabla/tensor-core';
import { JsBackend } from '../src/index.js';

describe('registration', () => {
  it("registers 'js' with tensor-core on import and runs tensor ops end to end", async () => {
    const backend = await setBackend('js');
    expect(backend).toBeInstanceOf(JsBackend);
    expect(getBackend().name).toBe('js');
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    const y = matmul(a, b, { transposeB: true });
    // [[1,2],[3,4]] · [[5,7],[6,8]]
    expect(Array.from(await y.data())).toEqual([17, 23, 39, 53]);
    for (const t of [a, b, y]) t.dispose();
  });
});

/** One import: every export of the six library packages is reachable from @nabla/nabla, by name and by namespace. */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/nabla';
import * as core from '@nabla/tensor-core';
import * as autograd from '@nabla/autograd';
import * as layers from '@nabla/layers';
import * as optim from '@nabla/optim';
import * as datasets from '@nabla/datasets';
import * as train from '@nabla/train';

const packages = { core, autograd, layers, optim, datasets, train } as const;
const umbrella = nb as unknown as Record<string, unknown>;

describe('@nabla/nabla', () => {
  it('exports every name of tensor-core, autograd, layers, optim, datasets and train, as the same object', () => {
    const differ: string[] = [];
    for (const [pkg, module] of Object.entries(packages)) {
      for (const [name, value] of Object.entries(module)) {
        if (umbrella[name] === value) continue;
        // the one clash: autograd's autodiffHooks object is reached through its namespace
        if (pkg === 'autograd' && name === 'autodiffHooks') continue;
        differ.push(`${pkg}.${name}`);
      }
    }
    expect(differ).toEqual([]);
    expect(nb.autodiffHooks).toBe(core.autodiffHooks);
    expect(nb.autograd.autodiffHooks).toBe(autograd.autodiffHooks);
  });

  it('exports each package as a namespace', () => {
    expect(nb.core).toBe(core);
    expect(nb.layers.Dense).toBe(layers.Dense);
    expect(nb.optim.Adam).toBe(optim.Adam);
    expect(nb.datasets.DataLoader).toBe(datasets.DataLoader);
    expect(nb.autograd.noGrad).toBe(autograd.noGrad);
    expect(nb.train.fit).toBe(train.fit);
    expect(nb.fit).toBe(train.fit);
  });

  it('trains with one import: autograd is installed and a backend is registered', async () => {
    await nb.ready({ backend: 'js' });
    const w = nb.tensor([[0.5], [-0.5]]);
    w.requiresGrad = true;
    const loss = nb.mse(nb.tensor([[1, 2]]).matmul(w), nb.tensor([[1]]));
    loss.backward();
    // y = 0.5 − 1 = −0.5; d/dw (y − 1)² = 2(y − 1)·x = −3·[1, 2]
    expect(Array.from(await (w.grad as nb.Tensor).data())).toEqual([-3, -6]);
  });
});

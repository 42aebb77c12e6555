/** Plugs the tape into tensor-core: importing '@nabla/autograd' installs these hooks. */
import { installAutodiff, type AutodiffHooks } from '@nabla/tensor-core';
import { runBackward } from './graph/backward.js';
import { recordOp } from './graph/record.js';

/** The hooks tensor-core calls: record every op, and implement Tensor.backward(). */
export const autodiffHooks: AutodiffHooks = {
  record: recordOp,
  backward(root, grad, options) {
    const createGraph = options.createGraph ?? false;
    runBackward({ root, seed: grad, createGraph, retainGraph: options.retainGraph ?? createGraph });
  },
};

installAutodiff(autodiffHooks);

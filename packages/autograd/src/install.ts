/**
 * Plugs the tape into tensor-core: importing '@nabla/autograd' installs these hooks. The tape is
 * a trace observer (tensor-core's one tracing point) that turns each recorded op into a node.
 */
import { installAutodiff, isRecording, type AutodiffHooks } from '@nabla/tensor-core';
import { runBackward } from './graph/backward.js';
import { recordOp } from './graph/record.js';

/** The hooks tensor-core calls: observe every op (recording those it may), and implement Tensor.backward(). */
export const autodiffHooks: AutodiffHooks = {
  tape: {
    onOp(event) {
      if (event.recorded && isRecording()) recordOp(event.op, event.inputs, event.output, event.attrs);
    },
  },
  backward(root, grad, options) {
    const createGraph = options.createGraph ?? false;
    runBackward({ root, seed: grad, createGraph, retainGraph: options.retainGraph ?? createGraph });
  },
};

installAutodiff(autodiffHooks);

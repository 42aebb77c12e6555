/**
 * The tape's recording step (autograd observes tensor-core's one tracing point): turn one executed op
 * into a tape node when gradients can flow.
 */
import type { DType, OpAttrMap, OpName, Tensor } from '@nabla/tensor-core';
import { gradientRules } from '../rules/index.js';
import type { GradRule } from '../rules/grad-rule.js';
import { carriesGradient, edgeOf, newNodeId, saveValue, setProducer, watchSaved, type Edge, type Node } from './node.js';

/**
 * Record `op` when its output is a float and some input requires grad or was itself recorded.
 * Saves (as kept detached views) exactly the values the op's gradient rule reads.
 */
export function recordOp<K extends OpName>(op: K, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrMap[K]): void {
  if (!carriesGradient(output.dtype)) return;
  const n = inputs.length;
  const edges = new Array<Edge>(n);
  let tracked = false;
  for (let i = 0; i < n; i++) {
    edges[i] = edgeOf(inputs[i]);
    if (edges[i] !== null) tracked = true;
  }
  if (!tracked) return;
  const rule: GradRule<K> = gradientRules[op];
  const inputShapes = new Array<readonly number[]>(n);
  const inputDTypes = new Array<DType>(n);
  for (let i = 0; i < n; i++) {
    inputShapes[i] = inputs[i].shape;
    inputDTypes[i] = inputs[i].dtype;
  }
  const node: Node<K> = {
    id: newNodeId(),
    op,
    attrs,
    edges,
    inputShapes,
    inputDTypes,
    outputShape: output.shape,
    outputDType: output.dtype,
    savedInputs: [],
    savedOutput: undefined,
    released: false,
  };
  // an optional trailing input (attention's bias) is saved only when the op received it
  for (const i of rule.saveInputs) if (i < n) node.savedInputs[i] = saveValue(inputs[i]);
  if (rule.saveOutput) node.savedOutput = saveValue(output);
  setProducer(output, node);
  watchSaved(node);
}

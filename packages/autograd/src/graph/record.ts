/** The `record` hook: turn one executed tensor-core op into a tape node when gradients can flow. */
import type { OpAttrMap, OpName, Tensor } from '@nabla/tensor-core';
import { gradientRules } from '../rules/index.js';
import type { GradRule } from '../rules/grad-rule.js';
import { carriesGradient, edgeOf, newNodeId, saveValue, setProducer, watchSaved, type Node } from './node.js';
import { currentObserver } from './tracer.js';

/**
 * Record `op` when its output is a float and some input requires grad or was itself recorded.
 * Saves (as kept detached views) exactly the values the op's gradient rule reads.
 */
export function recordOp<K extends OpName>(op: K, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrMap[K]): void {
  if (!carriesGradient(output.dtype)) return;
  const edges = inputs.map(edgeOf);
  if (edges.every((e) => e === null)) return;
  const rule: GradRule<K> = gradientRules[op];
  const node: Node<K> = {
    id: newNodeId(),
    op,
    attrs,
    edges,
    inputShapes: inputs.map((t) => t.shape),
    inputDTypes: inputs.map((t) => t.dtype),
    outputShape: output.shape,
    outputDType: output.dtype,
    savedInputs: [],
    savedOutput: undefined,
    released: false,
  };
  for (const i of rule.saveInputs) node.savedInputs[i] = saveValue(inputs[i]);
  if (rule.saveOutput) node.savedOutput = saveValue(output);
  setProducer(output, node);
  watchSaved(node);
  currentObserver()?.onRecord(node, inputs, output);
}

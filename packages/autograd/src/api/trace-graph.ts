/**
 * Graph introspection for teaching and the playground: run a function on fresh leaves, backward
 * from its output, and export every recorded op with its forward value and gradient.
 */
import {
  isTensor, keep, onesLike, tidy, withRecording, withTrace,
  type DType, type TraceObserver, type TracedOp, type TracedOpName, type Tensor,
} from '@nabla/tensor-core';
import { GradientError } from '../errors.js';
import { runBackward } from '../graph/backward.js';
import { producerOf, type Node } from '../graph/node.js';
import { withGradientObserver, type GradientObserver } from '../graph/tracer.js';

/** One vertex of an exported graph. */
export interface GraphNode {
  /** Unique within the trace: `x<tensorId>` for inputs, `c<tensorId>` for constants, `n<k>` for the k-th op. */
  readonly id: string;
  /** 'input': an argument of the traced function; 'constant': a tensor computed without the inputs; 'op': an op on them. */
  readonly kind: 'input' | 'constant' | 'op';
  /** The op, recorded (float, with gradient) or not (comparisons, argmax...); null for inputs and constants. */
  readonly op: TracedOpName | null;
  /** The tensor's `name` when it has one. */
  readonly name: string | null;
  /** Text to display: `name = op` for a named op, the op alone, or the name (`const` for an unnamed constant). */
  readonly label: string;
  /** Shape of the node's tensor. */
  readonly shape: readonly number[];
  /** dtype of the node's tensor. */
  readonly dtype: DType;
  /** Forward value, row-major. */
  readonly value: readonly number[];
  /** Gradient of the traced output with respect to this value; null when none reached it. */
  readonly grad: readonly number[] | null;
}

/** An input of an op: `from` feeds input slot `input` of `to`. */
export interface GraphEdge {
  /** Id of the node whose value is consumed. */
  readonly from: string;
  /** Id of the op node that consumes it. */
  readonly to: string;
  /** Which argument of `to` it is (0-based). */
  readonly input: number;
}

/** A recorded computation with values and gradients. */
export interface GraphTrace {
  /** Inputs first (in argument order), then ops and the constants they read, in execution order. */
  readonly nodes: readonly GraphNode[];
  /** Every op input that is a node of the trace. */
  readonly edges: readonly GraphEdge[];
  /** Id of the node holding the traced output. */
  readonly output: string;
}

/** Options for traceGraph. */
export interface TraceOptions {
  /** Names of the inputs (default: each tensor's `name`, else x0, x1, ...). */
  readonly names?: readonly string[];
}

interface Entry {
  readonly id: string;
  readonly kind: GraphNode['kind'];
  readonly op: TracedOpName | null;
  readonly tensor: Tensor;
  readonly value: Tensor;
  grad: Tensor | null;
}

/**
 * Builds the graph from tensor-core's trace: an op joins it when one of its inputs is a traced
 * input or the output of an op already in it (other tensors it reads become constants); the
 * autograd node behind each output (if any) links it to its gradient during backward.
 */
class Recorder implements TraceObserver, GradientObserver {
  readonly entries: Entry[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly byTensor = new Map<Tensor, Entry>();
  private readonly byNode = new Map<Node, Entry>();
  private nextOp = 0;

  constructor(private readonly leaves: readonly Tensor[]) {
    for (const leaf of leaves) this.add(`x${leaf.id}`, 'input', null, leaf);
  }

  private add(id: string, kind: Entry['kind'], op: TracedOpName | null, t: Tensor): Entry {
    const entry: Entry = { id, kind, op, tensor: t, value: keep(t.detach()), grad: null };
    this.entries.push(entry);
    this.byTensor.set(t, entry);
    return entry;
  }

  onOp(traced: TracedOp): void {
    if (!traced.inputs.some((t) => this.entryOf(t) !== undefined)) return;
    const entry = this.add(`n${this.nextOp++}`, 'op', traced.op, traced.output);
    const node = producerOf(traced.output);
    if (node) this.byNode.set(node, entry);
    traced.inputs.forEach((t, input) => {
      const source = this.byTensor.get(t) ?? this.add(`c${t.id}`, 'constant', null, t);
      this.edges.push({ from: source.id, to: entry.id, input });
    });
  }

  onGradient(node: Node, grad: Tensor): void {
    const entry = this.byNode.get(node);
    if (entry && !entry.grad) entry.grad = keep(grad.detach());
  }

  entryOf(t: Tensor): Entry | undefined {
    const entry = this.byTensor.get(t);
    return entry?.kind === 'constant' ? undefined : entry;
  }

  dispose(): void {
    for (const e of this.entries) {
      e.value.dispose();
      e.grad?.dispose();
    }
    for (const leaf of this.leaves) {
      leaf.grad?.dispose();
      leaf.dispose();
    }
  }
}

/**
 * Run `fn` on leaf copies of `inputs` under `withTrace`, backpropagate from its output (a
 * gradient of ones, i.e. of sum(output)), and return every op that depends on the inputs
 * (comparisons and other ops without gradient included) with forward values and gradients.
 */
export async function traceGraph(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: TraceOptions = {}): Promise<GraphTrace> {
  const leaves = inputs.map((t, i) => {
    const leaf = t.detach();
    leaf.requiresGrad = leaf.dtype === 'float32' || leaf.dtype === 'float64'; // integer inputs (indices) carry no gradient
    leaf.name = options.names?.[i] ?? t.name ?? `x${i}`;
    return leaf;
  });
  const recorder = new Recorder(leaves);
  try {
    const outputId = withRecording(() =>
      tidy(() => {
        const out = withTrace(recorder, () => fn(...leaves));
        if (!isTensor(out)) throw new GradientError('traceGraph', 'fn must return a Tensor');
        const entry = recorder.entryOf(out);
        if (!entry || entry.kind !== 'op') throw new GradientError('traceGraph', 'the output does not depend on the inputs');
        if (producerOf(out)) {
          withGradientObserver(recorder, () => runBackward({ root: out, seed: onesLike(out), createGraph: false, retainGraph: false }));
        }
        return entry.id;
      }),
    );
    for (const [i, leaf] of leaves.entries()) {
      const entry = recorder.entries[i];
      if (leaf.grad) entry.grad = keep(leaf.grad.detach());
    }
    const nodes: GraphNode[] = [];
    for (const e of recorder.entries) {
      const name = e.tensor.name ?? null;
      nodes.push({
        id: e.id,
        kind: e.kind,
        op: e.op,
        name,
        label: e.op === null ? (name ?? 'const') : name ? `${name} = ${e.op}` : e.op,
        shape: [...e.value.shape],
        dtype: e.value.dtype,
        value: Array.from(await e.value.data()),
        grad: e.grad ? Array.from(await e.grad.data()) : null,
      });
    }
    return { nodes, edges: recorder.edges, output: outputId };
  } finally {
    recorder.dispose();
  }
}

function formatValues(values: readonly number[] | null): string {
  if (values === null) return '—';
  const shown = values.slice(0, 6).map((v) => Number(v.toPrecision(4)).toString());
  return values.length > 6 ? `[${shown.join(', ')}, …]` : values.length === 1 ? shown[0] : `[${shown.join(', ')}]`;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The trace as Graphviz DOT: ops are boxes, inputs ellipses, constants plain text. */
export function toDot(trace: GraphTrace): string {
  const lines = ['digraph nabla {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  for (const n of trace.nodes) {
    const shape = n.kind === 'op' ? 'box' : n.kind === 'input' ? 'ellipse' : 'plaintext';
    const label = `${n.label}\n[${n.shape.join(',')}] ${n.dtype}\nvalue ${formatValues(n.value)}\ngrad ${formatValues(n.grad)}`;
    const extra = n.id === trace.output ? ', penwidth=2' : '';
    lines.push(`  ${quote(n.id)} [shape=${shape}, label=${quote(label)}${extra}];`);
  }
  for (const e of trace.edges) lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(String(e.input))}];`);
  lines.push('}');
  return lines.join('\n');
}

/** The trace as indented JSON. */
export function toJSON(trace: GraphTrace): string {
  return JSON.stringify(trace, null, 2);
}

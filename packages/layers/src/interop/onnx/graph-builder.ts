/** Accumulates ONNX nodes and initializers with unique names while a traced model is lowered. */
import type { OnnxAttribute, OnnxNode, OnnxTensor } from './model-proto.js';
import { int64Raw, scalarRaw } from './host-bytes.js';
import type { OnnxDataType } from './schema.js';

/** An int attribute. */
export const intAttr = (name: string, value: number): OnnxAttribute => ({ name, kind: 'int', value });
/** An ints attribute. */
export const intsAttr = (name: string, value: readonly number[]): OnnxAttribute => ({ name, kind: 'ints', value });
/** A float attribute. */
export const floatAttr = (name: string, value: number): OnnxAttribute => ({ name, kind: 'float', value });

/** Nodes and initializers of the graph being built; every value name is unique. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  /** Prefix of node names: the dotted path of the module being lowered. */
  scope = 'model';
  readonly #used = new Set<string>();

  /** Claim `name` exactly (graph inputs, outputs, state-dict initializers); false if already taken. */
  claim(name: string): boolean {
    if (this.#used.has(name)) return false;
    this.#used.add(name);
    return true;
  }

  /** A fresh name starting with `base`. */
  fresh(base: string): string {
    if (this.claim(base)) return base;
    for (let i = 1; ; i++) if (this.claim(`${base}_${i}`)) return `${base}_${i}`;
  }

  /** Add an initializer under exactly `name` (already claimed or fresh) and return the name. */
  initializer(name: string, dataType: OnnxDataType, dims: readonly number[], raw: Uint8Array): string {
    this.initializers.push({ name, dataType, dims: [...dims], raw });
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, pads, slice bounds). */
  int64s(values: readonly number[], hint: string): string {
    return this.initializer(this.fresh(`${this.scope}/${hint}`), 'int64', [values.length], int64Raw(values));
  }

  /** A rank-0 constant of the given element type. */
  scalar(value: number, dataType: OnnxDataType, hint: string): string {
    return this.initializer(this.fresh(`${this.scope}/${hint}`), dataType, [], scalarRaw(value, dataType));
  }

  /** Append a node with `count` outputs; returns their names. Empty input names mark omitted optional inputs. */
  nodeOutputs(opType: string, inputs: readonly string[], attributes: readonly OnnxAttribute[], count: number): string[] {
    const name = this.fresh(`${this.scope}/${opType}`);
    const outputs = Array.from({ length: count }, (_, i) => this.fresh(`${name}:${i}`));
    this.nodes.push({ name, opType, inputs: [...inputs], outputs, attributes: [...attributes] });
    return outputs;
  }

  /** Append a node with one output; returns the output's name (or writes to `output` when given). */
  node(opType: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = [], output?: string): string {
    const name = this.fresh(`${this.scope}/${opType}`);
    const out = output ?? this.fresh(`${name}:0`);
    this.nodes.push({ name, opType, inputs: [...inputs], outputs: [out], attributes: [...attributes] });
    return out;
  }
}

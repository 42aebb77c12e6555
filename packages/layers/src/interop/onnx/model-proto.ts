/** Plain TypeScript shapes of the ONNX messages Nabla writes and reads. */
import type { OnnxDataType } from './schema.js';

/** An initializer or tensor attribute: dims and little-endian raw bytes. */
export interface OnnxTensor {
  /** Name the graph's nodes refer to it by. */
  readonly name: string;
  /** Element type. */
  readonly dataType: OnnxDataType;
  /** Shape ([] for a scalar). */
  readonly dims: readonly number[];
  /** The values, row-major, little-endian, of the element type's width (bool: one byte each). */
  readonly raw: Uint8Array;
}

/** A node attribute. */
export type OnnxAttribute =
  | {
    /** The attribute's name, as the operator's spec spells it (e.g. `axis`, `perm`). */
    readonly name: string;
    /** Which value field it has: an integer (int64 in the file). */
    readonly kind: 'int';
    /** The value: an integer (int64 in the file). */
    readonly value: number;
  }
  | {
    /** The attribute's name, as the operator's spec spells it (e.g. `axis`, `perm`). */
    readonly name: string;
    /** Which value field it has: a float32 number. */
    readonly kind: 'float';
    /** The value: a float32 number. */
    readonly value: number;
  }
  | {
    /** The attribute's name, as the operator's spec spells it (e.g. `axis`, `perm`). */
    readonly name: string;
    /** Which value field it has: a UTF-8 string. */
    readonly kind: 'string';
    /** The value: a UTF-8 string. */
    readonly value: string;
  }
  | {
    /** The attribute's name, as the operator's spec spells it (e.g. `axis`, `perm`). */
    readonly name: string;
    /** Which value field it has: a list of integers. */
    readonly kind: 'ints';
    /** The value: a list of integers. */
    readonly value: readonly number[];
  }
  | {
    /** The attribute's name, as the operator's spec spells it (e.g. `axis`, `perm`). */
    readonly name: string;
    /** Which value field it has: a list of float32 numbers. */
    readonly kind: 'floats';
    /** The value: a list of float32 numbers. */
    readonly value: readonly number[];
  }
  | {
    /** The attribute's name, as the operator's spec spells it (e.g. `axis`, `perm`). */
    readonly name: string;
    /** Which value field it has: a list of strings. */
    readonly kind: 'strings';
    /** The value: a list of strings. */
    readonly value: readonly string[];
  }
  | {
    /** The attribute's name, as the operator's spec spells it (e.g. `axis`, `perm`). */
    readonly name: string;
    /** Which value field it has: a constant tensor. */
    readonly kind: 'tensor';
    /** The value: a constant tensor. */
    readonly value: OnnxTensor;
  };

/** One operator application. */
export interface OnnxNode {
  /** Node name, unique in the graph (may be empty in files from elsewhere). */
  readonly name: string;
  /** The operator in the default domain, e.g. `MatMul`, `Gemm`, `LSTM`. */
  readonly opType: string;
  /** Names of the values it reads, in the operator's argument order (empty string: an omitted optional input). */
  readonly inputs: readonly string[];
  /** Names of the values it writes. */
  readonly outputs: readonly string[];
  /** The operator's attributes. */
  readonly attributes: readonly OnnxAttribute[];
}

/** A graph input or output: name, element type and shape (a string names a symbolic dimension). */
export interface OnnxValueInfo {
  /** The value's name in the graph. */
  readonly name: string;
  /** Element type. */
  readonly dataType: OnnxDataType;
  /** Dimensions: a number for a fixed size, a string for a symbolic one (e.g. `batch`). */
  readonly shape: readonly (number | string)[];
}

/** A computation graph. */
export interface OnnxGraph {
  /** The graph's name. */
  readonly name: string;
  /** Operators in topological order. */
  readonly nodes: readonly OnnxNode[];
  /** Constant tensors (the model's weights), referred to by name. */
  readonly initializers: readonly OnnxTensor[];
  /** What the caller feeds, in order. */
  readonly inputs: readonly OnnxValueInfo[];
  /** What the graph returns, in order. */
  readonly outputs: readonly OnnxValueInfo[];
}

/** A model: IR version, the default-domain opset, producer and graph. */
export interface OnnxModel {
  /** ONNX IR version of the file (7 for opsets 13–14 up to 10 for opset 21 in what Nabla writes). */
  readonly irVersion: number;
  /** Version of the default-domain (`ai.onnx`) opset the nodes follow. */
  readonly opsetVersion: number;
  /** The tool that wrote the file (Nabla writes `nabla`). */
  readonly producerName: string;
  /** Version of that tool. */
  readonly producerVersion: string;
  /** The computation. */
  readonly graph: OnnxGraph;
}

/**
 * The Module base class, in the PyTorch style: parameters (tensors with `requiresGrad`),
 * submodules and arrays of submodules assigned as fields are found automatically by scanning the
 * module's own fields; buffers (running statistics...) are registered with `registerBuffer`.
 */
import { ArgumentError, isTensor, isTracing, keep, traceScope, type Tensor } from '@nabla/tensor-core';
import { asParameter } from './parameter.js';
import { StateDictError } from '../errors.js';
import { formatSummary } from './summary.js';

/** A module's learnable and persistent tensors by dotted name (`fc1.weight`, `0.bias`...). */
export type StateDict = Record<string, Tensor>;

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Throw on missing or unexpected keys (default true). Mis-shaped keys always throw. */
  readonly strict?: boolean;
}

/** What `loadStateDict` reports when not strict. */
export interface LoadStateDictResult {
  /** Keys of the module's state dict that the given dict lacks (those tensors keep their values). */
  readonly missing: readonly string[];
  /** Keys of the given dict that the module does not have (ignored). */
  readonly unexpected: readonly string[];
}

/** One entry of the field scan: a direct parameter, buffer or child. */
type OwnEntry =
  | { readonly kind: 'parameter'; readonly name: string; readonly tensor: Tensor }
  | { readonly kind: 'buffer'; readonly name: string; readonly tensor: Tensor }
  | { readonly kind: 'module'; readonly name: string; readonly module: Module<never[], unknown> };

/** Any module, whatever its forward signature. */
export type AnyModule = Module<never[], unknown>;

/**
 * Base class of every layer and model. Subclasses assign parameters and submodules as fields
 * and implement `forward`. `I` is the tuple of forward arguments, `O` its result.
 *
 * @example
 * ```ts
 * import { Dense, Module, ReLU } from '@nabla/layers';
 * import type { Tensor } from '@nabla/tensor-core';
 *
 * class MLP extends Module {
 *   readonly hidden = new Dense(784, 128);  // parameters and submodules found by field
 *   readonly act = new ReLU();
 *   readonly out = new Dense(128, 10);
 *   forward(x: Tensor): Tensor {
 *     return this.out.forward(this.act.forward(this.hidden.forward(x)));
 *   }
 * }
 * const model = new MLP();
 * console.log(model.parameters().length, Object.keys(model.stateDict())); // 4 ['hidden.weight', ...]
 * ```
 */
export abstract class Module<I extends unknown[] = [Tensor], O = Tensor> {
  /** True in training mode (dropout active, batch norm uses batch statistics). */
  training = true;
  readonly #bufferNames = new Set<string>();

  /** The computation; call it directly or through `call`. */
  abstract forward(...inputs: I): O;

  /**
   * Same as `forward`, reading like PyTorch's `module(x)`; inside `withTrace` it also opens a trace
   * scope owned by this module, so tracers (the ONNX exporter, graph views) see which module ran
   * each op. Call children with `call` for them to appear in traces.
   */
  call(...inputs: I): O {
    if (!isTracing()) return this.forward(...inputs);
    return traceScope(this, inputs, () => this.forward(...inputs));
  }

  /** A short description of the configuration, shown by `summary()` and `toString()`. */
  protected describe(): string {
    return '';
  }

  /** Class name plus configuration, e.g. `Dense(3 → 4)`. */
  toString(): string {
    const d = this.describe();
    return d ? `${this.constructor.name}(${d})` : this.constructor.name;
  }

  // ---- registration -------------------------------------------------------------------------

  /** Register `tensor` as a trainable parameter under a field named `name` (e.g. `weight_ih_l0`). */
  registerParameter(name: string, tensor: Tensor): Tensor {
    this.defineField('registerParameter', name, asParameter(tensor));
    return tensor;
  }

  /** Register a non-trainable persistent tensor (saved in `stateDict`, not in `parameters()`). */
  registerBuffer(name: string, tensor: Tensor): Tensor {
    tensor.requiresGrad = false;
    this.defineField('registerBuffer', name, keep(tensor));
    this.#bufferNames.add(name);
    return tensor;
  }

  /** Register a child module under `name` (what `Sequential` uses for `0`, `1`, ...). */
  registerModule<M extends AnyModule>(name: string, module: M): M {
    this.defineField('registerModule', name, module);
    return module;
  }

  /** A tensor field registered under a dynamic name (e.g. `weight_hh_l1`). */
  protected tensorField(name: string): Tensor {
    const value: unknown = (this as Record<string, unknown>)[name];
    if (!isTensor(value)) throw new ArgumentError(this.constructor.name, `no tensor registered as '${name}'`);
    return value;
  }

  private defineField(op: string, name: string, value: unknown): void {
    if (name === '' || name.includes('.')) throw new ArgumentError(op, `name '${name}' must be non-empty and contain no '.'`);
    Object.defineProperty(this, name, { value, enumerable: true, writable: true, configurable: true });
  }

  /** The direct parameters, buffers and children, in field order. */
  private ownEntries(): OwnEntry[] {
    const out: OwnEntry[] = [];
    for (const [name, value] of Object.entries(this)) {
      if (isTensor(value)) {
        if (this.#bufferNames.has(name)) out.push({ kind: 'buffer', name, tensor: value });
        else if (value.requiresGrad) out.push({ kind: 'parameter', name, tensor: value });
      } else if (value instanceof Module) {
        out.push({ kind: 'module', name, module: value as AnyModule });
      } else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module)) {
        value.forEach((m: AnyModule, i) => out.push({ kind: 'module', name: `${name}.${i}`, module: m }));
      }
    }
    return out;
  }

  // ---- traversal ----------------------------------------------------------------------------

  /** Direct children with their names. */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const e of this.ownEntries()) if (e.kind === 'module') out.push([e.name, e.module]);
    return out;
  }

  /** Direct children. */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module ('' name) and every descendant, each once, with dotted names. */
  namedModules(prefix = '', seen = new Set<AnyModule>()): [string, AnyModule][] {
    const self = this as unknown as AnyModule;
    if (seen.has(self)) return [];
    seen.add(self);
    const out: [string, AnyModule][] = [[prefix, self]];
    for (const [name, child] of this.namedChildren()) {
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, seen));
    }
    return out;
  }

  /** Every descendant module and this one. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Trainable parameters with dotted names (`fc1.weight`, `lstm.weight_ih_l0`); shared ones once. */
  namedParameters(): [string, Tensor][] {
    return this.collect('parameter');
  }

  /** Trainable parameters (what an optimizer takes). */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** The parameter at a dotted path (`lstm.weight_ih_l0`), or an ArgumentError naming the path. */
  getParameter(path: string): Tensor {
    const found = this.namedParameters().find(([name]) => name === path);
    if (!found) throw new ArgumentError('getParameter', `${this.constructor.name} has no parameter '${path}'`);
    return found[1];
  }

  /** The buffer at a dotted path (`bn.running_mean`), or an ArgumentError naming the path. */
  getBuffer(path: string): Tensor {
    const found = this.namedBuffers().find(([name]) => name === path);
    if (!found) throw new ArgumentError('getBuffer', `${this.constructor.name} has no buffer '${path}'`);
    return found[1];
  }

  /** Registered buffers with dotted names. */
  namedBuffers(): [string, Tensor][] {
    return this.collect('buffer');
  }

  /** Registered buffers. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  private collect(kind: 'parameter' | 'buffer'): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const e of m.ownEntries()) {
        if (e.kind !== kind || seen.has(e.tensor)) continue;
        seen.add(e.tensor);
        out.push([prefix ? `${prefix}.${e.name}` : e.name, e.tensor]);
      }
    }
    return out;
  }

  // ---- modes and gradients ------------------------------------------------------------------

  /** Set training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Set evaluation mode (dropout off, batch norm uses running statistics). */
  eval(): this {
    return this.train(false);
  }

  /** Dispose and clear every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Total number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** A readable table: one row per module with its parameters and counts, then the total. */
  summary(): string {
    const rows = this.namedModules().map(([name, m]) => ({
      name: name || '(root)',
      type: m.toString(),
      parameters: m.ownEntries().flatMap((e) => (e.kind === 'parameter' ? [{ name: e.name, shape: e.tensor.shape }] : [])),
    }));
    return formatSummary(this.toString(), rows, this.numParameters());
  }

  /** Free every parameter and buffer. */
  dispose(): void {
    for (const t of [...this.parameters(), ...this.buffers()]) {
      t.grad?.dispose();
      t.dispose();
    }
  }

  // ---- state --------------------------------------------------------------------------------

  /** Parameters and buffers by dotted name, in registration order. The tensors themselves, not copies. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [prefix, m] of this.namedModules()) {
      for (const e of m.ownEntries()) {
        if (e.kind === 'module') continue;
        const key = prefix ? `${prefix}.${e.name}` : e.name;
        if (!(key in out)) out[key] = e.tensor;
      }
    }
    return out;
  }

  /**
   * Copy values from `dict` into this module's parameters and buffers with `assign`, so each
   * parameter keeps its identity (optimizers holding it stay valid). Strict by default: missing
   * or unexpected keys throw a StateDictError naming them; mis-shaped keys always throw. Nothing
   * is written unless every key checks out.
   */
  loadStateDict(dict: Readonly<StateDict> | ReadonlyMap<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const source = dict instanceof Map ? dict : new Map(Object.entries(dict as Readonly<StateDict>));
    const target = this.stateDict();
    const missing = Object.keys(target).filter((k) => !source.has(k));
    const unexpected = [...source.keys()].filter((k) => !(k in target));
    const mismatched: string[] = [];
    for (const [key, value] of source) {
      const own = target[key];
      if (!own) continue;
      const sameShape = own.shape.length === value.shape.length && own.shape.every((d, i) => d === value.shape[i]);
      if (!sameShape || own.dtype !== value.dtype) {
        mismatched.push(`${key} expects ${own.dtype} [${own.shape.join(',')}], got ${value.dtype} [${value.shape.join(',')}]`);
      }
    }
    if (mismatched.length > 0 || (strict && (missing.length > 0 || unexpected.length > 0))) {
      throw new StateDictError(missing, unexpected, mismatched);
    }
    for (const [key, value] of source) {
      const own = target[key];
      if (own && own !== value) own.assign(value);
    }
    return { missing, unexpected };
  }
}

/** A chain of modules applied one after another. */
import { ArgumentError, type Tensor } from '@nabla/tensor-core';
import { Module } from './module.js';

/** A module mapping one tensor to one tensor (what `Sequential` chains). */
export type TensorModule = Module<[Tensor], Tensor>;

/**
 * Applies its layers in order: `Sequential(a, b, c).forward(x) = c(b(a(x)))`. Children are named
 * `0`, `1`, ... like PyTorch, so parameters read `0.weight`, `2.bias`. Shapes are its layers':
 * input [...] as the first layer takes it → output [...] as the last layer returns it.
 *
 * @example
 * ```ts
 * import { Dense, ReLU, Sequential } from '@nabla/layers';
 * import { randn } from '@nabla/tensor-core';
 *
 * const model = new Sequential(new Dense(4, 16), new ReLU(), new Dense(16, 3));
 * const logits = model.forward(randn([8, 4]));   // [8, 3]
 * ```
 */
export class Sequential extends Module<[Tensor], Tensor> {
  #count = 0;

  constructor(...layers: TensorModule[]) {
    super();
    for (const layer of layers) this.add(layer);
  }

  /** Append a layer; returns this for chaining. */
  add(layer: TensorModule): this {
    this.registerModule(String(this.#count), layer);
    this.#count++;
    return this;
  }

  /** Number of layers. */
  get length(): number {
    return this.#count;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): TensorModule {
    const i = index < 0 ? index + this.#count : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#count) throw new ArgumentError('Sequential.at', `index ${index} is out of range for ${this.#count} layers`);
    return this.layers()[i];
  }

  /** The layers in order. */
  layers(): TensorModule[] {
    return this.children() as unknown as TensorModule[];
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers()) y = layer.call(y);
    return y;
  }

  protected override describe(): string {
    return `${this.#count} layers`;
  }
}

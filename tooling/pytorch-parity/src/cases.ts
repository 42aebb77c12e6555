/**
 * Parity cases: each pairs a Nabla computation with the PyTorch expression that should compute the
 * same thing. Inputs are built by the harness after the backend is set (`inputs()`), weights come
 * from the Nabla module and are loaded into PyTorch with `load_state_dict(strict=True)`.
 */
import type { AnyModule } from '@nabla/layers';
import type { Hyperparameters, LRScheduler, Optimizer } from '@nabla/optim';

/** Any optimizer. */
export type AnyOptimizer = Optimizer<Hyperparameters>;
import type { Tensor } from '@nabla/tensor-core';

/** What a Nabla forward may return: one tensor, several, or a record (e.g. `{ output, h, c }`, flattened in field order). */
export type NablaOutput = Tensor | readonly Tensor[] | Readonly<Record<string, Tensor>>;

/**
 * One forward + backward comparison. Every output i is weighted by a random tensor `up<i>` and
 * summed; the gradients of that scalar with respect to the inputs named in `grads` and to every
 * module parameter are compared, as are the outputs and the module's state dict afterwards.
 */
export interface ForwardCase {
  readonly kind: 'forward';
  /** Unique name, also the test's and the report row's label (no '/'). */
  readonly id: string;
  /** Python expression building the torch module (namespace: torch, nn, F), or absent for functions. */
  readonly torchModule?: string;
  /** Python expression computing the result from `m` and the inputs by name. */
  readonly torchCall: string;
  /** Builds the Nabla module (float32, seeded). */
  readonly build?: () => AnyModule;
  /** The Nabla computation. */
  readonly call: (m: AnyModule | undefined, inputs: Readonly<Record<string, Tensor>>) => NablaOutput;
  /** The inputs (float32 or int32; integer inputs reach PyTorch as int64). */
  readonly inputs: () => Record<string, Tensor>;
  /** Inputs to differentiate (float only). */
  readonly grads?: readonly string[];
  /** Module in training mode (default false: eval). */
  readonly train?: boolean;
  /** Tolerance of Nabla float32 against PyTorch float64 (default 1e-5, relative to the largest reference value). */
  readonly tolerance?: number;
}

/** `steps` optimizer steps on a fixed batch; the parameters afterwards are compared. */
export interface TrainCase {
  readonly kind: 'train';
  readonly id: string;
  readonly torchModule: string;
  readonly build: () => AnyModule;
  readonly inputs: () => Record<string, Tensor>;
  /** Python expression of the loss from `m` and the inputs. */
  readonly torchLoss: string;
  readonly loss: (m: AnyModule, inputs: Readonly<Record<string, Tensor>>) => Tensor;
  /** Python expression of the optimizer over `params`. */
  readonly torchOptimizer: string;
  readonly optimizer: (params: Tensor[]) => AnyOptimizer;
  /** Python expression of the scheduler over `opt`, stepped after every optimizer step. */
  readonly torchScheduler?: string;
  readonly scheduler?: (optimizer: AnyOptimizer) => LRScheduler;
  readonly steps: number;
  readonly tolerance?: number;
}

/** Any parity case. */
export type ParityCase = ForwardCase | TrainCase;

/** Builder for a forward case (fills `kind`). */
export function forwardCase(spec: Omit<ForwardCase, 'kind'>): ForwardCase {
  return { kind: 'forward', ...spec };
}

/** Builder for a training case (fills `kind`; 20 steps unless given). */
export function trainCase(spec: Omit<TrainCase, 'kind' | 'steps'> & { readonly steps?: number }): TrainCase {
  return { kind: 'train', steps: 20, ...spec };
}

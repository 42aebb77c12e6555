/** The optimizer base class: parameter groups, per-parameter state, zeroGrad/step and state dicts. */
import {
  ArgumentError, DTypeError, NablaError, ShapeError, fmtShape, isTensor, keep, tidy, withoutRecording, type Tensor,
} from '@nabla/tensor-core';
import type { HyperValue, Hyperparameters } from './hyper.js';

/** A parameter group as passed to a constructor: its tensors plus optional hyperparameter overrides. */
export type ParamGroupSpec<H extends Hyperparameters> = {
  /** The group's tensors (each must be a float parameter that appears in no other group). */
  readonly params: Iterable<Tensor>;
} & Partial<H>;

/** What optimizer constructors take: the parameters, or groups of parameters with their own settings. */
export type ParamsInput<H extends Hyperparameters> = Iterable<Tensor> | readonly ParamGroupSpec<H>[];

/** A live parameter group: its tensors and its (mutable) hyperparameters, e.g. `group.lr`. */
export type ParamGroup<H extends Hyperparameters> = H & {
  /** The group's tensors, in the order they were given. */
  readonly params: readonly Tensor[];
};

/** Per-parameter optimizer state: the update count and named buffers (moments, momentum...). */
export interface ParamState {
  /** Updates applied to this parameter so far (1 during its first update). */
  step: number;
  /** The optimizer's state tensors for this parameter by name (e.g. Adam's `expAvg`), each shaped like the parameter. */
  readonly buffers: Record<string, Tensor>;
}

/** JSON-able part of an optimizer state dict. */
export type OptimizerMeta = {
  /** Which optimizer wrote it (`'Adam'`, `'SGD'`...). */
  readonly optimizer: string;
  /** Each group's hyperparameters and its number of parameters. */
  readonly groups: readonly {
    /** The group's hyperparameters by name, as they were when the state dict was written. */
    readonly hyper: Readonly<Record<string, HyperValue>>;
    /** How many parameters the group holds; loading checks it against the optimizer's groups. */
    readonly params: number;
  }[];
  /** Update count per parameter, in group order; null where the parameter has no state yet. */
  readonly steps: readonly (number | null)[];
};

/**
 * Everything needed to resume training: the state tensors, named `<paramIndex>.<buffer>` with
 * parameters numbered across groups in order, and the JSON-able hyperparameters and step counts.
 */
export interface OptimizerStateDict {
  /** State buffers keyed `<paramIndex>.<buffer>` (e.g. `0.expAvg`); the optimizer's own tensors, not copies. */
  readonly tensors: Readonly<Record<string, Tensor>>;
  /** Optimizer name, group hyperparameters and step counts (plain JSON). */
  readonly meta: OptimizerMeta;
}

/** A state dict as read back from storage: the meta part is checked before use. */
export interface LoadableStateDict {
  /** State buffers keyed `<paramIndex>.<buffer>`; each must match its parameter's shape and dtype. */
  readonly tensors: Readonly<Record<string, Tensor>>;
  /** The JSON part as parsed from storage; loadStateDict checks it has OptimizerMeta's form and throws OptimizerStateError otherwise. */
  readonly meta: unknown;
}

/** Thrown when a state dict does not fit the optimizer loading it. */
export class OptimizerStateError extends NablaError {}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'an array' : 'an object that is neither';
}

function isGroupSpecList<H extends Hyperparameters>(input: ParamsInput<H>): input is readonly ParamGroupSpec<H>[] {
  return Array.isArray(input) && input.length > 0 && !isTensor(input[0]);
}

/**
 * Base of all optimizers. Subclasses implement `update` for one parameter; `step()` runs it for
 * every parameter that has a gradient, without autodiff recording, inside a `tidy` per parameter,
 * writing results with `assign` so parameters and state buffers keep their identity.
 */
export abstract class Optimizer<H extends Hyperparameters> {
  /** Parameter groups with their hyperparameters (change `group.lr` to set one group's rate). */
  readonly paramGroups: ParamGroup<H>[];
  /** Name written into state dicts. */
  abstract readonly name: string;
  private readonly state = new Map<Tensor, ParamState>();

  protected constructor(op: string, params: ParamsInput<H>, defaults: H) {
    if (isTensor(params)) {
      throw new ArgumentError(op, `expected a list of parameters, got a single tensor ${params.dtype} ${fmtShape(params.shape)}: pass [param] or model.parameters()`);
    }
    if (!isIterable(params)) throw new ArgumentError(op, `expected a list of parameters (or of parameter groups), got ${describe(params)}`);
    const specs: readonly ParamGroupSpec<H>[] = isGroupSpecList(params) ? params : [{ params } as ParamGroupSpec<H>];
    const seen = new Set<Tensor>();
    this.paramGroups = specs.map((spec, g) => {
      if (typeof spec !== 'object' || spec === null || !isIterable(spec.params) || isTensor(spec.params)) {
        throw new ArgumentError(op, `parameter group ${g} must be { params: [tensors...], ...options }, got ${describe(spec)}`);
      }
      const list = [...spec.params];
      for (const p of list) {
        if (!isTensor(p)) throw new ArgumentError(op, `group ${g} contains a non-tensor parameter (${describe(p)})`);
        p.assertAlive(op);
        if (p.dtype !== 'float32' && p.dtype !== 'float64') {
          throw new DTypeError(op, `parameters must be float32 or float64, got ${p.dtype} ${fmtShape(p.shape)}`);
        }
        if (seen.has(p)) throw new ArgumentError(op, `parameter #${p.id} ${p.dtype} ${fmtShape(p.shape)} appears more than once`);
        seen.add(p);
      }
      const hyper: Record<string, HyperValue> = { ...(defaults as unknown as Record<string, HyperValue>) };
      const overrides = spec as unknown as Record<string, HyperValue | undefined>;
      for (const key of Object.keys(defaults)) {
        const value = overrides[key];
        if (value !== undefined) hyper[key] = value;
      }
      this.validate(hyper as unknown as H);
      return Object.assign(hyper, { params: list }) as unknown as ParamGroup<H>;
    });
    if (seen.size === 0) throw new ArgumentError(op, 'got an empty parameter list');
  }

  /** Throw an ArgumentError if `hyper` holds a value outside its domain. */
  protected abstract validate(hyper: H): void;

  /** Names of the state buffers a parameter has after its first update under `hyper`. */
  protected abstract bufferNames(hyper: H): string[];

  /**
   * Compute one update of `param` from `grad`; `state.step` is already incremented. Runs inside
   * `tidy` with recording off; write results with `param.assign(...)` and `setBuffer`.
   */
  protected abstract update(param: Tensor, grad: Tensor, group: ParamGroup<H>, state: ParamState): void;

  /** Learning rate of the first group; setting it sets every group's. */
  get lr(): number {
    return this.paramGroups[0].lr;
  }

  set lr(value: number) {
    for (const group of this.paramGroups) {
      const next = { ...group, lr: value };
      this.validate(next);
      group.lr = value;
    }
  }

  /** Every parameter, in group order. */
  parameters(): Tensor[] {
    return this.paramGroups.flatMap((g) => [...g.params]);
  }

  /** Drop all gradients: dispose them and set `grad = null` (or, with `setToNone = false`, fill with zeros). */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      const grad = p.grad;
      if (!grad) continue;
      if (setToNone) {
        p.grad = null;
        grad.dispose();
      } else {
        withoutRecording(() => tidy(() => {
          grad.assign(grad.mul(0));
        }));
      }
    }
  }

  /** Apply one update to every parameter that has a gradient. */
  step(): void {
    withoutRecording(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const grad = p.grad;
          if (!grad) continue;
          p.assertAlive(`${this.name}.step`);
          grad.assertAlive(`${this.name}.step`);
          if (grad.dtype !== p.dtype || grad.shape.length !== p.shape.length || grad.shape.some((d, i) => d !== p.shape[i])) {
            throw new ShapeError(`${this.name}.step`, `gradient ${grad.dtype} ${fmtShape(grad.shape)} does not match parameter ${p.dtype} ${fmtShape(p.shape)}`);
          }
          let state = this.state.get(p);
          if (!state) {
            state = { step: 0, buffers: {} };
            this.state.set(p, state);
          }
          state.step += 1;
          const current = state;
          tidy(() => {
            this.update(p, grad, group, current);
          });
        }
      }
    });
  }

  /** Store `value` as buffer `name`: assigned into the existing buffer, or kept as a new one. */
  protected setBuffer(state: ParamState, name: string, value: Tensor): Tensor {
    const existing = state.buffers[name] as Tensor | undefined;
    if (existing) return existing.assign(value);
    const owned = keep(value.detach());
    state.buffers[name] = owned;
    return owned;
  }

  /** The state tensors and JSON-able settings needed to resume exactly (tensors are shared, not copied). */
  stateDict(): OptimizerStateDict {
    const tensors: Record<string, Tensor> = {};
    const steps: (number | null)[] = [];
    this.parameters().forEach((p, i) => {
      const state = this.state.get(p);
      steps.push(state ? state.step : null);
      if (state) for (const [name, t] of Object.entries(state.buffers)) tensors[`${i}.${name}`] = t;
    });
    const groups = this.paramGroups.map((group) => {
      const hyper: Record<string, HyperValue> = {};
      for (const [key, value] of Object.entries(group)) if (key !== 'params') hyper[key] = value as HyperValue;
      return { hyper, params: group.params.length };
    });
    return { tensors, meta: { optimizer: this.name, groups, steps } };
  }

  /**
   * Restore a state dict written by `stateDict()` of the same optimizer over parameters of the
   * same shapes. Everything is checked before anything changes; tensors are shared, not copied.
   */
  loadStateDict(dict: LoadableStateDict): void {
    const op = `${this.name}.loadStateDict`;
    const meta = dict.meta;
    if (!isRecord(meta)) throw new OptimizerStateError(op, 'meta must be an object');
    if (meta.optimizer !== this.name) throw new OptimizerStateError(op, `state was written by '${String(meta.optimizer)}', not '${this.name}'`);
    const groups = meta.groups;
    if (!Array.isArray(groups) || groups.length !== this.paramGroups.length) {
      throw new OptimizerStateError(op, `expected ${this.paramGroups.length} parameter group(s), got ${Array.isArray(groups) ? groups.length : 'none'}`);
    }
    const hypers = this.paramGroups.map((group, g) => {
      const saved: unknown = groups[g];
      if (!isRecord(saved) || !isRecord(saved.hyper)) throw new OptimizerStateError(op, `group ${g} has no hyperparameters`);
      if (saved.params !== group.params.length) {
        throw new OptimizerStateError(op, `group ${g} has ${group.params.length} parameters, the state dict ${String(saved.params)}`);
      }
      const hyper = {} as H;
      for (const [key, current] of Object.entries(group)) {
        if (key === 'params') continue;
        const value = saved.hyper[key];
        if (typeof value !== typeof current) throw new OptimizerStateError(op, `group ${g} hyperparameter '${key}' is ${String(value)}, expected a ${typeof current}`);
        (hyper as unknown as Record<string, HyperValue>)[key] = value as HyperValue;
      }
      this.validate(hyper);
      return hyper;
    });
    const params = this.parameters();
    const steps = meta.steps;
    if (!Array.isArray(steps) || steps.length !== params.length) {
      throw new OptimizerStateError(op, `expected ${params.length} step counts, got ${Array.isArray(steps) ? steps.length : 'none'}`);
    }
    const groupOf = this.paramGroups.flatMap((group, g) => group.params.map(() => g));
    const expected = new Set<string>();
    params.forEach((p, i) => {
      const step: unknown = steps[i];
      if (step === null) return;
      if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) throw new OptimizerStateError(op, `step count of parameter ${i} must be a positive integer or null, got ${String(step)}`);
      for (const name of this.bufferNames(hypers[groupOf[i]])) {
        const key = `${i}.${name}`;
        expected.add(key);
        const t = dict.tensors[key] as Tensor | undefined;
        if (!t) throw new OptimizerStateError(op, `missing state tensor '${key}'`);
        t.assertAlive(op);
        if (t.dtype !== p.dtype || t.shape.length !== p.shape.length || t.shape.some((d, k) => d !== p.shape[k])) {
          throw new OptimizerStateError(op, `state tensor '${key}' is ${t.dtype} ${fmtShape(t.shape)}, parameter ${i} is ${p.dtype} ${fmtShape(p.shape)}`);
        }
        if (t.backend !== p.backend) throw new OptimizerStateError(op, `state tensor '${key}' lives on backend '${t.backend.name}', parameter ${i} on '${p.backend.name}'`);
      }
    });
    for (const key of Object.keys(dict.tensors)) if (!expected.has(key)) throw new OptimizerStateError(op, `unexpected state tensor '${key}'`);

    this.disposeState();
    this.paramGroups.forEach((group, g) => Object.assign(group, hypers[g]));
    params.forEach((p, i) => {
      const step = steps[i] as number | null;
      if (step === null) return;
      const buffers: Record<string, Tensor> = {};
      for (const name of this.bufferNames(hypers[groupOf[i]])) buffers[name] = keep(dict.tensors[`${i}.${name}`].detach());
      this.state.set(p, { step, buffers });
    });
  }

  /** Free the state tensors (the optimizer starts afresh at the next step). */
  disposeState(): void {
    for (const state of this.state.values()) for (const t of Object.values(state.buffers)) t.dispose();
    this.state.clear();
  }

  /** Update count of `param` (0 before its first step). */
  stepCount(param: Tensor): number {
    return this.state.get(param)?.step ?? 0;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

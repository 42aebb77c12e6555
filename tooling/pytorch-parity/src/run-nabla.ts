/** The Nabla side of a case, in float32 or float64: outputs, gradients and state, read to the host. */
import { asParameter, type AnyModule } from '@nabla/layers';
import { Rng, isTensor, keep, randn, tensor, tidy, type DType, type Tensor } from '@nabla/tensor-core';
import type { ForwardCase, NablaOutput, ParityCase, TrainCase } from './cases.js';

/** Host values by result name (`out0`, `grad/x`, `grad/param/weight`, `after/running_mean`, `param/…`, `lrs`). */
export type HostResults = Map<string, { readonly shape: readonly number[]; readonly data: Float64Array }>;

/** What the harness sends to PyTorch for a case besides its spec: tensors by name (`state/…`, inputs, `up<i>`). */
export type CaseTensors = Record<string, Tensor>;

function host(t: Tensor): { shape: readonly number[]; data: Float64Array } {
  return { shape: [...t.shape], data: Float64Array.from(t.dataSync() as ArrayLike<number>) };
}

function flatten(out: NablaOutput): Tensor[] {
  if (isTensor(out)) return [out];
  if (Array.isArray(out)) return [...(out as readonly Tensor[])];
  return Object.values(out as Readonly<Record<string, Tensor>>);
}

/**
 * Replace every float32 parameter and buffer of `m` (and its descendants) by a float64 copy,
 * keeping parameters trainable: the float64 run of the cross-check.
 */
export function castModule(m: AnyModule, dtype: DType): void {
  for (const [, sub] of m.namedModules()) {
    const fields = sub as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(fields)) {
      if (!isTensor(value) || value.dtype === dtype || (value.dtype !== 'float32' && value.dtype !== 'float64')) continue;
      // a fresh leaf (not value.cast(), which would route gradients back to the float32 tensor)
      const copy = tensor(Float64Array.from(value.dataSync() as ArrayLike<number>), [...value.shape], dtype);
      fields[name] = value.requiresGrad ? asParameter(copy) : keep(copy);
      value.dispose();
    }
  }
}

function castInputs(inputs: Record<string, Tensor>, dtype: DType): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.dtype === 'float32' ? keep(t.cast(dtype)) : t]));
}

/** A seeded stream per case id, so the upstream weights are the same for both dtypes and for PyTorch. */
function rngFor(id: string): Rng {
  let h = 2166136261;
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return new Rng(h);
}

/** Runs a forward case; `sent` receives the tensors PyTorch needs (only for the float32 run). */
function runForward(c: ForwardCase, dtype: DType, sent?: CaseTensors): HostResults {
  const results: HostResults = new Map();
  const m = c.build?.();
  if (m) {
    m.train(c.train ?? false);
    if (sent) for (const [k, t] of Object.entries(m.stateDict())) sent[`state/${k}`] = keep(t.clone());
    if (dtype !== 'float32') castModule(m, dtype);
  }
  const raw = c.inputs();
  if (sent) for (const [k, t] of Object.entries(raw)) sent[k] = t;
  const inputs = castInputs(raw, dtype);
  for (const name of c.grads ?? []) inputs[name].requiresGrad = true;
  const rng = rngFor(c.id);
  const outs = flatten(c.call(m, inputs));
  let total: Tensor | null = null;
  outs.forEach((o, i) => {
    results.set(`out${i}`, host(o));
    const up = keep(randn([...o.shape], 0, 1, { rng }));
    if (sent) sent[`up${i}`] = up;
    const term = tidy(() => o.mul(up.cast(o.dtype)).sum());
    total = total === null ? term : tidy(() => (total as Tensor).add(term));
  });
  if (total !== null && ((c.grads?.length ?? 0) > 0 || (m?.parameters().length ?? 0) > 0)) (total as Tensor).backward();
  for (const name of c.grads ?? []) {
    const g = inputs[name].grad;
    results.set(`grad/${name}`, g ? host(g) : { shape: [...inputs[name].shape], data: new Float64Array(inputs[name].size) });
  }
  if (m) {
    for (const [name, p] of m.namedParameters()) results.set(`grad/param/${name}`, p.grad ? host(p.grad) : { shape: [...p.shape], data: new Float64Array(p.size) });
    for (const [name, t] of Object.entries(m.stateDict())) results.set(`after/${name}`, host(t));
    m.dispose();
  }
  return results;
}

function runTrain(c: TrainCase, dtype: DType, sent?: CaseTensors): HostResults {
  const results: HostResults = new Map();
  const m = c.build();
  m.train(true);
  if (sent) for (const [k, t] of Object.entries(m.stateDict())) sent[`state/${k}`] = keep(t.clone());
  if (dtype !== 'float32') castModule(m, dtype);
  const raw = c.inputs();
  if (sent) for (const [k, t] of Object.entries(raw)) sent[k] = t;
  const inputs = castInputs(raw, dtype);
  const optimizer = c.optimizer(m.parameters());
  const scheduler = c.scheduler?.(optimizer);
  const lrs: number[] = [];
  const losses: number[] = [];
  for (let s = 0; s < c.steps; s++) {
    lrs.push(optimizer.paramGroups[0].lr);
    optimizer.zeroGrad();
    const loss = tidy(() => c.loss(m, inputs));
    losses.push(loss.item());
    loss.backward();
    loss.dispose();
    optimizer.step();
    scheduler?.step();
  }
  for (const [name, p] of m.namedParameters()) results.set(`param/${name}`, host(p));
  results.set('lrs', { shape: [lrs.length], data: Float64Array.from(lrs) });
  results.set('losses', { shape: [losses.length], data: Float64Array.from(losses) });
  m.dispose();
  return results;
}

/** Run `c` in Nabla at `dtype`; with `sent`, also collect what PyTorch needs to run the same case. */
export function runNabla(c: ParityCase, dtype: DType, sent?: CaseTensors): HostResults {
  return c.kind === 'forward' ? runForward(c, dtype, sent) : runTrain(c, dtype, sent);
}

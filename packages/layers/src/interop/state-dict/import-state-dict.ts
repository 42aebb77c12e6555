/**
 * Load foreign weights (host tensors by name) into a Nabla model through a layout mapping:
 * every problem is collected first (missing, unexpected and mis-shaped entries, named with the
 * expected source layout) and nothing is written unless all entries check out.
 */
import { tensor, tidy, type DType, type Tensor } from '@nabla/tensor-core';
import type { HostTensor } from '../../checkpoint/host-tensor.js';
import { StateDictError } from '../../errors.js';
import type { AnyModule, LoadStateDictResult } from '../../module/module.js';
import { bindingsFor, type WeightLayout } from './layouts.js';
import { readForeignSafetensors } from './read-foreign-safetensors.js';

/** Options of `importStateDict`. */
export interface ImportStateDictOptions {
  /** Naming and layout conventions of the source (default 'pytorch'). */
  readonly layout?: WeightLayout;
  /** Throw on missing or unexpected entries (default true); mis-shaped entries always throw. */
  readonly strict?: boolean;
}

/** What the source may be converted from into each target dtype (floats narrow, integers stay integers). */
const CONVERTIBLE: Readonly<Record<DType, readonly DType[]>> = {
  float32: ['float32', 'float64'], float64: ['float64', 'float32'], int32: ['int32'], bool: ['bool'],
};

function toDType(h: HostTensor, dtype: DType): HostTensor {
  if (h.dtype === dtype) return h;
  const data = dtype === 'float32' ? Float32Array.from(h.data) : Float64Array.from(h.data);
  return { dtype, shape: h.shape, data };
}

/** Rules for one import: which unmatched entries are fine. */
export interface ImportRules {
  /** Target keys that may be absent from the source without being "missing". */
  readonly optional?: (target: string) => boolean;
  /** Source names to ignore instead of reporting as unexpected. */
  readonly ignore?: (source: string) => boolean;
}

/** The shared import: map, check everything, then assign. */
export function importHostTensors(
  model: AnyModule, source: Readonly<Record<string, HostTensor>>, options: ImportStateDictOptions = {}, rules: ImportRules = {},
): LoadStateDictResult {
  const layout = options.layout ?? 'pytorch';
  const strict = options.strict ?? true;
  const bindings = bindingsFor(model, layout);
  const used = new Set<string>();
  const missing: string[] = [];
  const tolerated: string[] = [];
  const mismatched: string[] = [];
  const ready: [Tensor, HostTensor][] = [];
  for (const b of bindings) {
    const h = b.source === null ? null : source[b.source];
    if (b.source !== null && h === undefined) {
      (rules.optional?.(b.target) ? tolerated : missing).push(b.source === b.target ? b.target : `${b.source} (→ ${b.target})`);
      continue;
    }
    if (b.source !== null) used.add(b.source);
    const converted = b.convert(h ?? null);
    const t = b.tensor;
    const sameShape = converted.shape.length === t.shape.length && converted.shape.every((d, i) => d === t.shape[i]);
    const from = b.source === null ? b.target : b.source === b.target ? b.target : `${b.source} (${b.describe}) → ${b.target}`;
    if (!sameShape || !CONVERTIBLE[t.dtype].includes(converted.dtype)) {
      const converts = converted.shape.join(',') !== (h?.shape ?? converted.shape).join(',');
      const got = `${h?.dtype ?? converted.dtype} [${(h?.shape ?? converted.shape).join(',')}]${converts ? ` (→ [${converted.shape.join(',')}] in Nabla's layout)` : ''}`;
      mismatched.push(`${from} expects ${t.dtype} [${t.shape.join(',')}], got ${got}`);
      continue;
    }
    ready.push([t, toDType(converted, t.dtype)]);
  }
  const unexpected = Object.keys(source).filter((k) => !used.has(k) && !rules.ignore?.(k));
  if (mismatched.length > 0 || (strict && (missing.length > 0 || unexpected.length > 0))) {
    throw new StateDictError(missing, unexpected, mismatched);
  }
  tidy(() => {
    for (const [t, h] of ready) t.assign(tensor(h.data, [...h.shape], t.dtype));
  });
  return { missing: [...missing, ...tolerated], unexpected };
}

/**
 * Load a foreign state dict (host tensors by name, e.g. from `readForeignSafetensors`) into
 * `model`. PyTorch layout: names like `0.weight`, `fc1.bias`, `lstm.weight_ih_l0` and
 * PyTorch's layouts, exactly Nabla's. Keras layout: see `WeightLayout`. Throws a
 * StateDictError listing every missing, unexpected and mis-shaped entry; writes nothing then.
 */
export function importStateDict(model: AnyModule, source: Readonly<Record<string, HostTensor>>, options: ImportStateDictOptions = {}): LoadStateDictResult {
  return importHostTensors(model, source, options);
}

/** `importStateDict` from the bytes of a safetensors file (F16, BF16 and I64 entries are converted). */
export function importSafetensors(model: AnyModule, bytes: Uint8Array, options: ImportStateDictOptions = {}): LoadStateDictResult {
  return importHostTensors(model, readForeignSafetensors(bytes), options);
}

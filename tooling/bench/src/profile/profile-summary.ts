/**
 * A V8 CPU profile (the `Profiler.stop` result) summed by where the time went: self time per
 * area (wasm kernels, the thread pool, fusion, autograd, tensor-core, the wasm backend's
 * JavaScript, GC, …) and per function. Wasm functions are named from the kernels module's name
 * table when one is given (a `--debug` build of assembly/index.ts), else by their index.
 */

/** The parts of a V8 CPU profile the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one row, in milliseconds and as a share of the sampled total. */
export interface ProfileRow {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** Self time by area and by function. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly areas: readonly ProfileRow[];
  readonly functions: readonly ProfileRow[];
}

/** Path fragments that name an area, first match wins. */
const AREAS: readonly (readonly [string, string])[] = [
  ['backend-wasm/src/threads/', 'wasm thread pool (hand-off, waits)'],
  ['backend-wasm/src/', 'wasm backend JS (buffers, parameters)'],
  ['tensor-core/src/fusion/', 'fusion (defer, compose, materialize)'],
  ['tensor-core/src/elementwise/', 'elementwise programs (builder, keys)'],
  ['tensor-core/src/', 'tensor-core (ops, checks, engine)'],
  ['autograd/src/', 'autograd (tape, backward rules)'],
  ['layers/src/', 'layers'],
  ['optim/src/', 'optim'],
];

function areaOf(functionName: string, url: string): string {
  if (url.startsWith('wasm://')) return 'wasm kernels';
  if (url === '') return functionName.startsWith('(') ? functionName : 'V8 builtins / native';
  for (const [fragment, area] of AREAS) if (url.includes(fragment)) return area;
  if (url.startsWith('node:')) return 'node internals';
  return 'other JS (bench, node_modules)';
}

function shortUrl(url: string): string {
  const at = url.search(/(packages|tooling)\//);
  return at >= 0 ? url.slice(at) : url;
}

/** Sum `profile`'s self time; `wasmNames` maps a wasm function index to its name. */
export function summarizeProfile(profile: CpuProfile, wasmNames: ReadonlyMap<number, string> = new Map()): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
    totalUs += dt;
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const area = areaOf(frame.functionName, frame.url);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const wasmIndex = /^wasm-function\[(\d+)\]$/.exec(frame.functionName);
    const name = wasmIndex !== null
      ? `wasm ${wasmNames.get(Number(wasmIndex[1])) ?? frame.functionName}`
      : `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const rows = (m: Map<string, number>): ProfileRow[] =>
    [...m].map(([name, us]) => ({ name, ms: us / 1000, share: totalUs > 0 ? us / totalUs : 0 })).sort((a, b) => b.ms - a.ms);
  return { totalMs: totalUs / 1000, areas: rows(areas), functions: rows(functions) };
}

/**
 * Function names by index from a wasm binary's `name` custom section (function names, subsection
 * 1); empty when the binary has none.
 */
export function wasmFunctionNames(bytes: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  let p = 8;
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const text = (): string => {
    const n = leb();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 0 && text() === 'name') {
      while (p < end) {
        const sub = bytes[p++];
        const subEnd = leb() + p;
        if (sub === 1) {
          const count = leb();
          for (let i = 0; i < count; i++) {
            const index = leb();
            names.set(index, text());
          }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  return names;
}

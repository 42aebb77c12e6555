/**
 * `exportPyTorch`: a Nabla model as a self-contained Python module — an nn.Module subclass with
 * the same structure and parameter names — plus its weights as a safetensors state dict in
 * PyTorch's layout, loadable with `load_state_dict(strict=True)`.
 */
import { encodeSafetensors } from '../../checkpoint/codec.js';
import type { AnyModule } from '../../module/module.js';
import { Sequential } from '../../module/sequential.js';
import { PyTorchExportError } from '../errors.js';
import { isPythonIdentifier, pyClassName, pyLiteral, type PythonValue } from './python-literal.js';
import { PYTHON_SAFETENSORS_FILE, PYTHON_SAFETENSORS_SOURCE } from './python-safetensors.js';
import { SUPPORT_CLASSES, torchLayerExpression } from './torch-layers.js';

const OP = 'exportPyTorch';

/**
 * How a custom Module subclass (one with its own `forward`) is written in Python: the exporter
 * builds its children, parameters and buffers under the same names; `forward` supplies the
 * method's source, e.g. `def forward(self, x):\n    return self.out(torch.tanh(self.hidden(x)))`.
 */
export interface PyTorchCustomModule<M extends AnyModule = AnyModule> {
  /** The class this applies to (instances of subclasses too). */
  readonly type: abstract new (...args: never[]) => M;
  /** Python source of `def forward(self, …):` (unindented; children are `self.<name>`). */
  readonly forward: (module: M) => string;
  /** Plain attributes set in `__init__` (`self.<name> = value`) for the forward to use. */
  readonly attributes?: (module: M) => Readonly<Record<string, PythonValue>>;
}

/** Declare a custom module's Python forward (keeps `M` for the callbacks). */
export function pytorchModule<M extends AnyModule>(type: abstract new (...args: never[]) => M, spec: Omit<PyTorchCustomModule<M>, 'type'>): PyTorchCustomModule {
  return { type, ...spec } as unknown as PyTorchCustomModule;
}

/** Options of `exportPyTorch`. */
export interface ExportPyTorchOptions {
  /** Python class name of the model (default: the root module's class name; `NablaModel` for a Sequential). */
  readonly className?: string;
  /** Python forwards of custom Module subclasses. */
  readonly custom?: readonly PyTorchCustomModule[];
  /** File name of the generated module (default 'model.py'). */
  readonly moduleFile?: string;
  /** File name of the weights (default 'weights.safetensors'). */
  readonly weightsFile?: string;
}

/** What `exportPyTorch` produces. */
export interface PyTorchExport {
  /** The model's Python class name. */
  readonly className: string;
  /** The generated module's file name (import it as its stem). */
  readonly moduleFile: string;
  /** The weights' file name. */
  readonly weightsFile: string;
  /** Every file to write side by side: the module, `nabla_safetensors.py` and the weights. */
  readonly files: Readonly<Record<string, string | Uint8Array>>;
}

const indent = (text: string, by: string): string => text.split('\n').map((l) => (l.trim() ? by + l : l)).join('\n');

/** Builds the Python source, one class per custom module instance. */
class Generator {
  readonly classes: string[] = [];
  /** Names of the SUPPORT_CLASSES the expressions use. */
  readonly support = new Set<string>();
  readonly #names = new Set<string>(Object.keys(SUPPORT_CLASSES));
  readonly #seen = new Set<AnyModule>();

  constructor(private readonly custom: readonly PyTorchCustomModule[]) {}

  uniqueClassName(base: string): string {
    let name = pyClassName(base);
    for (let i = 2; this.#names.has(name) || name === 'nn' || name === 'torch' || name === 'F'; i++) name = `${pyClassName(base)}_${i}`;
    this.#names.add(name);
    return name;
  }

  customFor(m: AnyModule): PyTorchCustomModule | undefined {
    return this.custom.find((c) => m instanceof c.type);
  }

  /** The Python expression building `m` (registering class definitions on the way). */
  expression(m: AnyModule, path: string): string {
    if (this.#seen.has(m)) {
      throw new PyTorchExportError(OP, `${m.constructor.name} at '${path}' is shared with another path; PyTorch's state dict would list it twice, Nabla's once`);
    }
    this.#seen.add(m);
    const custom = this.customFor(m);
    if (custom) return `${this.customClass(m, path, custom, m.constructor.name)}()`;
    if (m instanceof Sequential) return `nn.Sequential(${this.childExpressions(m, path).join(', ')})`;
    const layer = torchLayerExpression(m, path, (sub, subPath) => this.expression(sub, subPath));
    if (layer !== null) {
      const call = /^(\w+)\(/.exec(layer);
      if (call && call[1] in SUPPORT_CLASSES) this.support.add(call[1]);
      return layer;
    }
    throw new PyTorchExportError(OP, `${m.constructor.name} at '${path || '(root)'}' has no PyTorch counterpart; describe its forward with options.custom (pytorchModule(${m.constructor.name}, { forward }))`);
  }

  childExpressions(m: AnyModule, path: string): string[] {
    return m.namedChildren().map(([name, child]) => this.expression(child, path ? `${path}.${name}` : name));
  }

  /** `class Name(nn.Module)` for a custom module: its parameters, buffers, children and forward. */
  customClass(m: AnyModule, path: string, spec: PyTorchCustomModule, base: string): string {
    const name = this.uniqueClassName(base);
    const body: string[] = ['def __init__(self):', '    super().__init__()'];
    for (const [key, value] of Object.entries(spec.attributes?.(m) ?? {})) {
      if (!isPythonIdentifier(key)) throw new PyTorchExportError(OP, `attribute '${key}' of ${m.constructor.name} at '${path || '(root)'}' is not a Python identifier`);
      body.push(`    self.${key} = ${pyLiteral(value)}`);
    }
    for (const [pname, t] of m.namedParameters().filter(([n]) => !n.includes('.'))) {
      body.push(`    self.register_parameter(${pyLiteral(pname)}, nn.Parameter(torch.empty(${pyLiteral([...t.shape])}, dtype=torch.${t.dtype === 'float64' ? 'float64' : 'float32'})))`);
    }
    for (const [bname, t] of m.namedBuffers().filter(([n]) => !n.includes('.'))) {
      const dtype = t.dtype === 'int32' ? 'int64' : t.dtype === 'bool' ? 'bool' : t.dtype;
      body.push(`    self.register_buffer(${pyLiteral(bname)}, torch.zeros(${pyLiteral([...t.shape])}, dtype=torch.${dtype}))`);
    }
    const lists = new Map<string, string[]>();
    for (const [child, sub] of m.namedChildren()) {
      const childPath = path ? `${path}.${child}` : child;
      const dot = child.indexOf('.');
      const expr = this.expression(sub, childPath);
      if (dot < 0) {
        body.push(`    self.add_module(${pyLiteral(child)}, ${expr})`);
        continue;
      }
      const list = child.slice(0, dot);
      if (!lists.has(list)) lists.set(list, []);
      (lists.get(list) as string[]).push(expr);
    }
    for (const [list, items] of lists) body.push(`    self.add_module(${pyLiteral(list)}, nn.ModuleList([${items.join(', ')}]))`);
    const forward = spec.forward(m).replace(/\s+$/, '');
    if (!/^def forward\(self\b/.test(forward.trimStart())) {
      throw new PyTorchExportError(OP, `the Python forward of ${m.constructor.name} at '${path || '(root)'}' must start with 'def forward(self'`);
    }
    body.push('', forward);
    this.classes.push(`class ${name}(nn.Module):\n${indent(body.join('\n'), '    ')}\n`);
    return name;
  }

  /** The root as `class <name>(…)`: a custom class, or a subclass of the torch layer / nn.Sequential with its arguments. */
  root(m: AnyModule, className: string): void {
    const custom = this.customFor(m);
    if (custom) {
      this.#seen.add(m);
      this.customClass(m, '', custom, className);
      return;
    }
    const expr = this.expression(m, '');
    const call = /^(nn\.\w+)\(([\s\S]*)\)$/.exec(expr);
    if (!call) throw new PyTorchExportError(OP, `cannot write the root ${m.constructor.name} as a class`);
    const name = this.uniqueClassName(className);
    const args = m instanceof Sequential ? this.sequentialArgs(call[2]) : call[2];
    this.classes.push(`class ${name}(${call[1]}):\n    def __init__(self):\n        super().__init__(${args})\n`);
  }

  private sequentialArgs(args: string): string {
    return args === '' ? '' : `\n            ${splitTopLevel(args).join(',\n            ')},\n        `;
  }
}

/** Splits `a(b, c), d` at top-level commas. */
function splitTopLevel(args: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0, quote: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i];
    if (quote) { if (ch === '\\') i++; else if (ch === quote) quote = null; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) { out.push(args.slice(start, i).trim()); start = i + 1; }
  }
  out.push(args.slice(start).trim());
  return out;
}

function moduleSource(gen: Generator, className: string, weightsFile: string): string {
  return `"""${className}: a Nabla model exported by exportPyTorch (@nabla/layers/interop).

Same structure and parameter names as the Nabla model; its weights are in ${weightsFile}
(PyTorch layout). load() builds the model and loads them with load_state_dict(strict=True);
save() writes a state dict that Nabla's importSafetensors reads back.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F  # noqa: F401 (custom forwards may use it)

try:
    from .nabla_safetensors import load_safetensors, save_safetensors
except ImportError:
    from nabla_safetensors import load_safetensors, save_safetensors


${[...[...gen.support].map((name) => SUPPORT_CLASSES[name]), ...gen.classes].join('\n\n')}

WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyLiteral(weightsFile)})


def load(path=WEIGHTS, map_location='cpu'):
    """A ${className} with the weights of a safetensors state dict (Nabla's export or save()'s), loaded strictly."""
    model = ${className}()
    tensors, _ = load_safetensors(path)
    model.load_state_dict({k: v.to(map_location) for k, v in tensors.items()}, strict=True)
    return model


def save(model, path, metadata=None):
    """Write model's state dict (unwrapping DistributedDataParallel) as safetensors for Nabla's importSafetensors."""
    inner = getattr(model, 'module', model)
    save_safetensors(path, inner.state_dict(), metadata)
`;
}

/**
 * Export `model` for PyTorch: `files` holds the Python module (an nn.Module subclass mirroring the
 * model, parameter names unchanged; recurrent layers batch-first), the numpy-only safetensors
 * reader/writer it imports, and the weights. Built-in layers and Sequential export as they are;
 * custom Module subclasses need their forward in `options.custom`. Anything else — an unknown
 * module, uneven padding, a shared submodule — throws a PyTorchExportError naming its path.
 */
export async function exportPyTorch(model: AnyModule, options: ExportPyTorchOptions = {}): Promise<PyTorchExport> {
  const moduleFile = options.moduleFile ?? 'model.py';
  const weightsFile = options.weightsFile ?? 'weights.safetensors';
  if (!/^[A-Za-z_][A-Za-z0-9_]*\.py$/.test(moduleFile)) throw new PyTorchExportError(OP, `moduleFile '${moduleFile}' must be an importable name ending in .py`);
  if (moduleFile === PYTHON_SAFETENSORS_FILE) throw new PyTorchExportError(OP, `moduleFile may not be '${PYTHON_SAFETENSORS_FILE}'`);
  const gen = new Generator(options.custom ?? []);
  const requested = options.className ?? (model instanceof Sequential || model.constructor.name === '' ? 'NablaModel' : model.constructor.name);
  if (!isPythonIdentifier(requested)) throw new PyTorchExportError(OP, `className '${requested}' is not a Python identifier`);
  gen.root(model, requested);
  // the root class is generated last, so its name is the one registered for `requested`
  const className = gen.classes[gen.classes.length - 1].slice('class '.length).split('(')[0];
  const weights = await encodeSafetensors(model.stateDict(), { format: 'pt', 'nabla.class': className });
  return {
    className, moduleFile, weightsFile,
    files: { [moduleFile]: moduleSource(gen, className, weightsFile), [PYTHON_SAFETENSORS_FILE]: PYTHON_SAFETENSORS_SOURCE, [weightsFile]: weights },
  };
}

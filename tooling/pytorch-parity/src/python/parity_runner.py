"""The PyTorch side of Nabla's parity suite: runs a batch of cases written by the TypeScript harness.

usage: parity_runner.py REQUEST.safetensors RESULT.safetensors

The request's metadata 'cases' is a JSON list; each case's tensors are stored as '<id>/<name>'.
Every case runs twice, in float32 and in float64 (from the same float32 values), and its results
are written as '<id>/<f32|f64>/<name>'.

Case kinds:
  forward  module (Python expression or null), call (expression over m, the inputs, torch, nn, F),
           inputs (names), grads (input names to differentiate), train (module mode).
           The state dict '<id>/state/<key>' is loaded with load_state_dict(strict=True); every
           output i is weighted by '<id>/up<i>' and summed into the scalar that is differentiated.
           Results: out<i>, grad/<input>, grad/param/<name>, after/<state key> (e.g. running stats).
  train    module, loss (expression over m and the inputs), optimizer (expression over params),
           scheduler (expression over opt, or null), steps. Results: param/<name> after the steps,
           lrs (the learning rate used at each step), losses (the loss before each step).
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from nabla_safetensors import load_safetensors, save_safetensors

DTYPES = {'f32': torch.float32, 'f64': torch.float64}


def flatten(value):
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in flatten(v)]
    raise TypeError(f'cannot flatten a {type(value).__name__} result')


def prepared(case, tensors, dtype, grads=()):
    inputs = {}
    for name in case['inputs']:
        t = tensors[f"{case['id']}/{name}"]
        t = t.detach().clone().to(dtype) if t.is_floating_point() else t.long()
        if name in grads:
            t.requires_grad_(True)
        inputs[name] = t
    return inputs


def built(case, tensors, dtype):
    if case.get('module') is None:
        return None
    m = eval(case['module'], {'torch': torch, 'nn': nn, 'F': F})
    prefix = f"{case['id']}/state/"
    state = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
    m.load_state_dict(state, strict=True)
    m.to(dtype)
    return m


def run_forward(case, tensors, dtype):
    grads = set(case.get('grads', []))
    inputs = prepared(case, tensors, dtype, grads)
    m = built(case, tensors, dtype)
    if m is not None:
        m.train(bool(case.get('train', False)))
    scope = {'torch': torch, 'nn': nn, 'F': F, 'm': m, **inputs}
    outs = flatten(eval(case['call'], scope))
    result = {f'out{i}': o.detach() for i, o in enumerate(outs)}
    total = None
    for i, o in enumerate(outs):
        if not o.requires_grad:
            continue
        term = (o * tensors[f"{case['id']}/up{i}"].to(dtype)).sum()
        total = term if total is None else total + term
    if total is not None:
        total.backward()
    for name in grads:
        g = inputs[name].grad
        result[f'grad/{name}'] = torch.zeros_like(inputs[name]) if g is None else g
    if m is not None:
        for name, p in m.named_parameters():
            result[f'grad/param/{name}'] = torch.zeros_like(p) if p.grad is None else p.grad
        for name, t in m.state_dict().items():
            result[f'after/{name}'] = t.detach()
    return result


def run_train(case, tensors, dtype):
    inputs = prepared(case, tensors, dtype)
    m = built(case, tensors, dtype)
    m.train(True)
    params = list(m.parameters())
    opt = eval(case['optimizer'], {'torch': torch, 'params': params})
    sched = None if case.get('scheduler') is None else eval(case['scheduler'], {'torch': torch, 'opt': opt})
    lrs, losses = [], []
    scope = {'torch': torch, 'nn': nn, 'F': F, 'm': m, **inputs}
    for _ in range(int(case['steps'])):
        lrs.append(opt.param_groups[0]['lr'])
        opt.zero_grad()
        loss = eval(case['loss'], scope)
        losses.append(loss.item())
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
    result = {f'param/{name}': p.detach() for name, p in m.named_parameters()}
    result['lrs'] = torch.tensor(lrs, dtype=torch.float64)
    result['losses'] = torch.tensor(losses, dtype=torch.float64)
    return result


def main(request_path, result_path):
    torch.manual_seed(0)
    tensors, metadata = load_safetensors(request_path)
    cases = json.loads(metadata['cases'])
    results = {}
    for case in cases:
        for tag, dtype in DTYPES.items():
            try:
                out = (run_forward if case['kind'] == 'forward' else run_train)(case, tensors, dtype)
            except Exception as err:  # name the case in the error the harness shows
                raise RuntimeError(f"case '{case['id']}' ({tag}) failed in PyTorch: {err}") from err
            for name, t in out.items():
                t = t.detach()
                results[f"{case['id']}/{tag}/{name}"] = t.to(torch.float64) if t.is_floating_point() else t
    save_safetensors(result_path, results, {'torch': torch.__version__})


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

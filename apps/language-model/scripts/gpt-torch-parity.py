"""PyTorch side of scripts/gpt-torch-parity.ts: rebuild the GPT from torch.nn layers, load Nabla's
initial weights, replay Nabla's batches with the same AdamW groups, schedule and clipping, and
write the per-step loss, gradient norm and learning rate to <dir>/torch.json."""
import json
import math
import struct
import sys

import numpy as np
import torch
from torch import nn

out = sys.argv[1]
setup = json.load(open(f"{out}/nabla.json"))["setup"]
torch.manual_seed(0)


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = raw[8 + n :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", (name, info["dtype"])
        begin, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(body[begin:end], dtype="<f4").copy()).reshape(info["shape"])
    return tensors


class Gpt(nn.Module):
    def __init__(self, s):
        super().__init__()
        e = s["embedding"]
        self.wte = nn.Embedding(s["vocabSize"], e)
        self.wpe = nn.Embedding(s["blockSize"], e)
        layer = nn.TransformerEncoderLayer(e, s["heads"], 4 * e, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
        self.transformer = nn.TransformerEncoder(layer, s["layers"], norm=nn.LayerNorm(e), enable_nested_tensor=False)

    def forward(self, tokens):
        t = tokens.shape[1]
        x = self.wte(tokens) + self.wpe.weight[:t]
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        h = self.transformer(x, mask=causal)
        return h.reshape(-1, h.shape[-1]) @ self.wte.weight.T


model = Gpt(setup)
state = read_safetensors(f"{out}/init.safetensors")
missing = model.load_state_dict(state, strict=True)
params = dict(model.named_parameters())
decay = [p for p in params.values() if p.dim() >= 2]
no_decay = [p for p in params.values() if p.dim() < 2]
opt = torch.optim.AdamW(
    [{"params": decay, "weight_decay": setup["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
    lr=setup["lr"], betas=(setup["beta1"], setup["beta2"]), eps=setup["eps"],
)

steps, warmup, lr = setup["steps"], setup["warmup"], setup["lr"]
eta_min, t_max = lr / 10, max(1, steps - warmup)


def lr_at(t):
    if t < warmup:
        return lr * t / warmup
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * min(t - warmup, t_max) / t_max)) / 2


b, block = setup["batchSize"], setup["blockSize"]
ids = np.fromfile(f"{out}/batches.i32", dtype="<i4").reshape(steps, 2, b, block)
log = []
model.train()
for i in range(steps):
    for g in opt.param_groups:
        g["lr"] = lr_at(i)
    x = torch.from_numpy(ids[i, 0].astype(np.int64))
    y = torch.from_numpy(ids[i, 1].astype(np.int64)).reshape(-1)
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), setup["clip"])
    opt.step()
    log.append({"loss": loss.item(), "lr": lr_at(i), "gradNorm": norm.item()})
json.dump({"log": log}, open(f"{out}/torch.json", "w"))
print(f"PyTorch: {steps} steps done")

"""PyTorch (CPU) timings of the Nabla bench's workloads, for the same-run ratio table.

Reads a JSON spec from argv[1]:
  {"workloads": ["matmul1024", "lenet", "mlp", "lm"], "threads": [1, 2], "clock": "wall" | "cpu"}
and prints one JSON object:
  {"version": "...", "results": [{"workload": "mlp", "threads": 1, "ms": 4.2}, ...]}

The workloads mirror tooling/bench/src (same shapes, loss, optimizer and deterministic
initialisation as the TensorFlow.js side: uniform in ±1/sqrt(fan_in) from the bench's LCG).
Every training step reads its loss back with .item(), as the JavaScript steps do.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

CLOCK = time.perf_counter
IMAGE = 28
CLASSES = 10
SGD_LR = 0.01
# plans as tooling/bench/src/timing.ts: (warmup, warm-up seconds, min runs, max runs, budget seconds);
# warm-up lasts `warmup` runs and at least `warm-up seconds` (at most max runs more)
PLANS = {
    "matmul1024": (10, 0.0, 3, 5, 1.5),
    "lenet": (2, 0.5, 5, 30, 2.0),
    "mlp": (2, 0.5, 5, 30, 2.0),
    "lm": (2, 1.5, 3, 8, 4.0),
}


def seeded(count, seed):
    """The bench's deterministic data in [-1, 1) (workloads.ts seededData)."""
    out = [0.0] * count
    s = seed & 0xFFFFFFFF
    for i in range(count):
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        out[i] = s / 2147483648 - 1
    return torch.tensor(out, dtype=torch.float32)


def weight(shape, fan_in, seed):
    n = 1
    for d in shape:
        n *= d
    return (seeded(n, seed) / fan_in ** 0.5).reshape(shape).requires_grad_()


def bias(n):
    return torch.zeros(n, requires_grad=True)


def labels(batch):
    return torch.tensor([(i * 7 + 3) % CLASSES for i in range(batch)], dtype=torch.long)


def median_ms(step, plan):
    warmup, warmup_seconds, min_runs, max_runs, budget = plan
    warmed = 0.0
    runs = 0
    while runs < warmup or (warmed < warmup_seconds and runs < warmup + max_runs):
        t0 = CLOCK()
        step()
        warmed += CLOCK() - t0
        runs += 1
    times = []
    while len(times) < min_runs or (len(times) < max_runs and sum(times) < budget):
        t0 = CLOCK()
        step()
        times.append(CLOCK() - t0)
    times.sort()
    mid = len(times) // 2
    return (times[mid] if len(times) % 2 else (times[mid - 1] + times[mid]) / 2) * 1000


def sgd_step(params, loss_fn):
    opt = torch.optim.SGD(params, lr=SGD_LR)

    def step():
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def matmul1024():
    a = seeded(1024 * 1024, 1).reshape(1024, 1024)
    b = seeded(1024 * 1024, 2).reshape(1024, 1024)
    return lambda: torch.matmul(a, b)


def lenet():
    batch = 64
    x = seeded(batch * IMAGE * IMAGE, 11).reshape(batch, 1, IMAGE, IMAGE)
    y = labels(batch)
    w1, b1 = weight((8, 1, 5, 5), 25, 21), bias(8)
    w2, b2 = weight((16, 8, 5, 5), 200, 22), bias(16)
    w3, b3 = weight((256, 128), 256, 23), bias(128)
    w4, b4 = weight((128, CLASSES), 128, 24), bias(CLASSES)

    def loss():
        h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2)), 2)
        h = F.relu(h.reshape(batch, 256) @ w3 + b3)
        return F.cross_entropy(h @ w4 + b4, y)

    return sgd_step([w1, b1, w2, b2, w3, b3, w4, b4], loss)


def mlp():
    batch = 128
    x = seeded(batch * IMAGE * IMAGE, 11).reshape(batch, IMAGE * IMAGE)
    y = labels(batch)
    w1, b1 = weight((IMAGE * IMAGE, 256), IMAGE * IMAGE, 21), bias(256)
    w2, b2 = weight((256, 256), 256, 22), bias(256)
    w3, b3 = weight((256, CLASSES), 256, 23), bias(CLASSES)

    def loss():
        h = F.relu(x @ w1 + b1)
        h = F.relu(h @ w2 + b2)
        return F.cross_entropy(h @ w3 + b3, y)

    return sgd_step([w1, b1, w2, b2, w3, b3], loss)


def lm():
    """char-LSTM (lm/char-lstm.ts): embedding 86→32, LSTM 128, dense to 86, BPTT over 32, clip 1, Adam 1e-3."""
    vocab, emb, hidden, seq, batch = 86, 32, 128, 32, 32
    gen = torch.Generator().manual_seed(1)
    embed = torch.nn.Embedding(vocab, emb)
    cell = torch.nn.LSTM(emb, hidden, batch_first=True)
    out = torch.nn.Linear(hidden, vocab)
    params = [*embed.parameters(), *cell.parameters(), *out.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)
    state = [None]

    def step():
        tokens = torch.randint(0, vocab, (batch, seq), generator=gen)
        target = torch.randint(0, vocab, (batch * seq,), generator=gen)
        opt.zero_grad()
        output, (h, c) = cell(embed(tokens), state[0])
        loss = F.cross_entropy(out(output.reshape(batch * seq, hidden)), target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        state[0] = (h.detach(), c.detach())
        return loss.item()

    return step


BUILDERS = {"matmul1024": matmul1024, "lenet": lenet, "mlp": mlp, "lm": lm}


def main():
    global CLOCK
    spec = json.loads(sys.argv[1])
    if spec.get("clock") == "cpu":
        CLOCK = time.process_time
    results = []
    for threads in spec["threads"]:
        torch.set_num_threads(threads)
        for name in spec["workloads"]:
            if name not in BUILDERS:
                raise SystemExit(f"unknown workload {name!r}; known: {', '.join(BUILDERS)}")
            results.append({"workload": name, "threads": threads, "ms": median_ms(BUILDERS[name](), PLANS[name])})
    print(json.dumps({"version": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()

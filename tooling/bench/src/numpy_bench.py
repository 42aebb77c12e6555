"""NumPy (OpenBLAS) reference timings for the Nabla bench.

Reads a JSON workload list from argv[1], prints one JSON object of median milliseconds.
Convolutions are im2col by sliding_window_view + tensordot (BLAS), in NCHW like Nabla.
"""
import json
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


CLOCK = time.perf_counter


def median_ms(fn, flops):
    if flops >= 1e9:
        warmup, min_runs, max_runs, budget = 1, 3, 5, 1.5
    elif flops >= 1e8:
        warmup, min_runs, max_runs, budget = 2, 5, 15, 1.0
    else:
        warmup, min_runs, max_runs, budget = 5, 9, 51, 0.5
    for _ in range(warmup):
        fn()
    times = []
    while len(times) < min_runs or (len(times) < max_runs and sum(times) < budget):
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return float(np.median(times)) * 1000


def data(shape, seed):
    return np.random.default_rng(seed).uniform(-1, 1, size=shape).astype(np.float32)


def matmul(n, layout):
    a = data((n, n), 1)
    b = data((n, n), 2)
    ops = {
        "NN": lambda: a @ b,
        "NT": lambda: a @ b.T,
        "TN": lambda: a.T @ b,
    }
    return median_ms(ops[layout], 2 * n ** 3)


def conv(layer, pass_):
    n, c, s, o, k = layer["batch"], layer["inChannels"], layer["size"], layer["outChannels"], layer["kernel"]
    os_ = s - k + 1
    x = data((n, c, s, s), 3)
    w = data((o, c, k, k), 4)
    dy = data((n, o, os_, os_), 5)
    flipped = np.ascontiguousarray(w[:, :, ::-1, ::-1])

    def forward():
        win = sliding_window_view(x, (k, k), axis=(2, 3))  # n c oh ow kh kw
        return np.ascontiguousarray(np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2))

    def backprop_input():
        # full correlation of dy with the flipped filters, channels swapped
        padded = np.pad(dy, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1)))
        win = sliding_window_view(padded, (k, k), axis=(2, 3))  # n o h w kh kw
        return np.ascontiguousarray(np.tensordot(win, flipped, axes=([1, 4, 5], [0, 2, 3])).transpose(0, 3, 1, 2))

    def backprop_filter():
        win = sliding_window_view(x, (os_, os_), axis=(2, 3))  # n c kh kw oh ow
        return np.tensordot(dy, win, axes=([0, 2, 3], [0, 4, 5]))  # o c kh kw

    fn = {"forward": forward, "backpropInput": backprop_input, "backpropFilter": backprop_filter}[pass_]
    return median_ms(fn, 2 * n * o * os_ * os_ * c * k * k)


def main():
    global CLOCK
    spec = json.loads(sys.argv[1])
    if spec.get("clock") == "cpu":
        CLOCK = time.process_time
    result = {"matmul": {}, "conv": {}}
    for n in spec["sizes"]:
        for layout in spec["layouts"]:
            result["matmul"][f"{n}{layout}"] = matmul(n, layout)
    for i, layer in enumerate(spec["layers"]):
        for pass_ in spec["passes"]:
            result["conv"][f"{i}:{pass_}"] = conv(layer, pass_)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

/** The PyTorch section's plumbing: finding a Python, reading torch_bench.py's output, the ratio table. Nothing is timed. */
import { describe, expect, it } from 'vitest';
import { renderTorchTable, torchThroughput, WORKLOAD_UNITS } from '../src/pytorch/ratio-table.js';
import { parseTorchOutput, probeTorch, pythonCandidates } from '../src/pytorch/torch-runner.js';
import type { TorchRun } from '../src/pytorch/torch-runner.js';

const RUN: TorchRun = {
  version: '1.13.1',
  python: '/usr/bin/python3',
  timings: [
    { workload: 'mlp', threads: 1, ms: 2 },
    { workload: 'mlp', threads: 2, ms: 4 },
    { workload: 'lm', threads: 2, ms: 16.384 },
  ],
};

describe('pythonCandidates', () => {
  it('tries NABLA_PYTHON, then Debian’s /usr/bin/python3, then python3 on PATH, without duplicates', () => {
    expect(pythonCandidates({ NABLA_PYTHON: '/opt/py/bin/python' })).toEqual(['/opt/py/bin/python', '/usr/bin/python3', 'python3']);
    expect(pythonCandidates({})).toEqual(['/usr/bin/python3', 'python3']);
    expect(pythonCandidates({ NABLA_PYTHON: 'python3' })).toEqual(['python3', '/usr/bin/python3']);
  });
});

describe('probeTorch', () => {
  it('says why and how to install when no candidate imports torch', async () => {
    const probe = await probeTorch(['/nonexistent/python3']);
    expect('unavailable' in probe && probe.unavailable).toMatch(/no Python with PyTorch .*\/nonexistent\/python3.*python3-torch.*skipped/);
  });
});

describe('parseTorchOutput', () => {
  it('reads the last line of stdout as the JSON result', () => {
    const stdout = 'a warning from torch\n{"version": "1.13.1", "results": [{"workload": "lenet", "threads": 2, "ms": 7.5}]}\n';
    expect(parseTorchOutput(stdout, 'py')).toEqual({ version: '1.13.1', python: 'py', timings: [{ workload: 'lenet', threads: 2, ms: 7.5 }] });
  });

  it('rejects output that is not the expected shape, naming the problem', () => {
    expect(() => parseTorchOutput('Traceback ...', 'py')).toThrow(/printed no JSON/);
    expect(() => parseTorchOutput('{"results": []}', 'py')).toThrow(/expected \{version/);
    expect(() => parseTorchOutput('{"version": "1", "results": [{"workload": "resnet", "threads": 1, "ms": 1}]}', 'py')).toThrow(/results\[0\] has unknown workload resnet/);
    expect(() => parseTorchOutput('{"version": "1", "results": [{"workload": "mlp", "threads": 0, "ms": 1}]}', 'py')).toThrow(/bad threads 0/);
    expect(() => parseTorchOutput('{"version": "1", "results": [{"workload": "mlp", "threads": 1, "ms": -3}]}', 'py')).toThrow(/bad ms -3/);
  });
});

describe('torchThroughput', () => {
  it('converts milliseconds to the workload’s unit per thread count and keeps the best', () => {
    expect(torchThroughput(RUN, 'mlp')).toEqual({ byThreads: [64_000, 32_000], best: 64_000 });
    expect(torchThroughput(RUN, 'lm')).toEqual({ byThreads: [null, 62_500], best: 62_500 });
    expect(torchThroughput(RUN, 'lenet')).toEqual({ byThreads: [null, null], best: null });
    expect(WORKLOAD_UNITS.matmul1024.perSecond(2 * 1024 ** 3 / 1e6 / 80)).toBeCloseTo(80, 10);
  });
});

describe('renderTorchTable', () => {
  it('prints Nabla beside PyTorch at each thread count and Nabla / best PyTorch', () => {
    const measured = new Map<string, number | null>([['mlp:nabla-wasm', 48_000], ['lm:nabla-wasm', 31_250], ['mlp:nabla-js', 6_400]]);
    const lines = renderTorchTable(RUN, measured, ['nabla-wasm', 'nabla-js'], ['mlp', 'lm', 'lenet']).split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['workload', 'unit', 'nabla-wasm', 'nabla-js', 'pytorch-1thr', 'pytorch-2thr', 'nabla-wasm/pytorch-best', 'nabla-js/pytorch-best']);
    const cells = (i: number): string[] => lines[i].split(/\s{2,}/);
    expect(cells(2)).toEqual(['MLP 784-256-256-10 step, batch 128', 'img/s', '48000.0', '6400.0', '64000.0', '32000.0', '0.75', '0.10']);
    expect(cells(3)).toEqual(['char-LSTM step (h128, seq 32, batch 32)', 'tok/s', '31250.0', '—', '—', '62500.0', '0.50', '—']);
    expect(cells(4)).toEqual(['LeNet step, batch 64', 'img/s', '—', '—', '—', '—', '—', '—']);
  });
});

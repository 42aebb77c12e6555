/**
 * Running an exported `train_ddp.py` data-parallel over loopback, as the apps' round-trip tests
 * do: `torchrun --nproc_per_node 2` with gloo on 127.0.0.1, and reading back what it wrote.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readForeignSafetensors } from '@nabla/layers/interop';
import { pythonPath } from './torch-probe.js';

const run = promisify(execFile);

/** A safetensors file's tensors by name, as `readForeignSafetensors` gives them. */
export type NamedHostTensors = ReturnType<typeof readForeignSafetensors>;

/**
 * `torchrun --nproc_per_node 2 train_ddp.py --out trained.safetensors --save-every-rank …args` in
 * `dir` (one node, a random loopback port, one OpenMP thread per rank); its stdout. A failure
 * throws with the tails of its stdout and stderr.
 */
export async function torchrunTwoRanks(dir: string, args: readonly string[]): Promise<string> {
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const r = await run(pythonPath(), [
    '-m', 'torch.distributed.run', '--nnodes', '1', '--nproc_per_node', '2', '--master_addr', '127.0.0.1', '--master_port', port,
    // Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default '--redirects 0' (Std.from_str gives None)
    '--redirects', '1', '--tee', '1',
    'train_ddp.py', '--out', 'trained.safetensors', '--save-every-rank', ...args,
  ], { cwd: dir, timeout: 180_000, env: { ...process.env, OMP_NUM_THREADS: '1', GLOO_SOCKET_IFNAME: 'lo' } }).catch((err: { stderr?: string; stdout?: string }) => {
    throw new Error(`torchrun failed:\n${(err.stdout ?? '').slice(-1500)}\n${(err.stderr ?? '').slice(-3000)}`);
  });
  return r.stdout;
}

/** The tensors of a safetensors file by name (any file, PyTorch's included). */
export function readSafetensorsFile(path: string): NamedHostTensors {
  return readForeignSafetensors(new Uint8Array(readFileSync(path)));
}

/** What a {@link torchrunTwoRanks} run leaves in `dir`: each rank's weights, the exported start and rank 0's final file. */
export function ddpCheckpoints(dir: string): Record<'rank0' | 'rank1' | 'start' | 'final', NamedHostTensors> {
  return {
    rank0: readSafetensorsFile(join(dir, 'trained.safetensors.rank0.safetensors')),
    rank1: readSafetensorsFile(join(dir, 'trained.safetensors.rank1.safetensors')),
    start: readSafetensorsFile(join(dir, 'weights.safetensors')),
    final: readSafetensorsFile(join(dir, 'trained.safetensors')),
  };
}

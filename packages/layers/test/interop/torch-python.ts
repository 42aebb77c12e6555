/** For the PyTorch export tests: whether /usr/bin/python3 (or NABLA_PYTHON) has torch, and running a script with it. */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

/** The Python that runs PyTorch. */
export const PYTHON = process.env.NABLA_PYTHON ?? '/usr/bin/python3';

/** Whether PyTorch can be imported; prints why not (and throws under CI, where setup-system.sh installs it). */
export function torchAvailable(what: string): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import numpy, torch'], { encoding: 'utf8', timeout: 60_000 });
  if (!r.error && r.status === 0) return true;
  const why = `${PYTHON} cannot import torch and numpy (${r.error?.message ?? r.stderr.trim().split('\n').pop()}); apt-get install -y python3-torch libopenblas0-pthread`;
  if (process.env.CI) throw new Error(`${what}: PyTorch is required in CI but ${why}`);
  console.warn(`skipping ${what}: ${why}`);
  return false;
}

const run = promisify(execFile);

/** Run `python -c script` in `cwd`; returns stdout, or throws with the end of stderr. */
export async function runPython(cwd: string, script: string): Promise<string> {
  try {
    const { stdout } = await run(PYTHON, ['-c', script], { cwd, maxBuffer: 16 << 20, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    return stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new Error(`python failed: ${stderr.trim().split('\n').slice(-6).join('\n')}`);
  }
}

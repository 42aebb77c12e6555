/** Finding a Python with PyTorch: /usr/bin/python3 (or NABLA_PYTHON) importing torch and numpy. */
import { spawnSync } from 'node:child_process';

/** Whether PyTorch can be used, which Python runs it and, if not, why. */
export type TorchProbe =
  | { readonly available: true; readonly python: string; readonly version: string }
  | { readonly available: false; readonly python: string; readonly reason: string };

let cached: TorchProbe | undefined;

/** The Python interpreter the suite runs (NABLA_PYTHON, default Debian's /usr/bin/python3). */
export function pythonPath(): string {
  return process.env.NABLA_PYTHON ?? '/usr/bin/python3';
}

/** Probe once per process whether `pythonPath()` imports torch and numpy. */
export function probeTorch(): TorchProbe {
  if (cached) return cached;
  const python = pythonPath();
  const r = spawnSync(python, ['-c', 'import numpy, torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr.trim().split('\n').pop() ?? `exit status ${r.status}`);
    cached = { available: false, python, reason: `${python} cannot import torch and numpy (${why}); install them with 'apt-get install -y python3-torch libopenblas0-pthread' (scripts/setup-system.sh)` };
  } else {
    cached = { available: true, python, version: r.stdout.trim() };
  }
  return cached;
}

/**
 * For a test file's top level: returns whether to run; otherwise prints why it skips, and throws
 * under CI (where setup-system.sh installs PyTorch, so a missing torch is a broken setup).
 */
export function torchOrSkip(what: string): boolean {
  const probe = probeTorch();
  if (probe.available) return true;
  if (process.env.CI) throw new Error(`${what}: PyTorch is required in CI but ${probe.reason}`);
  console.warn(`skipping ${what}: ${probe.reason}`);
  return false;
}

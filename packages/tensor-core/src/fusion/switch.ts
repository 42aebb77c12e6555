/**
 * The fusion switch. On (the default), elementwise ops are deferred and chains of them run as one
 * program; off, every op runs its own kernel at once, as before fusion existed — for debugging a
 * kernel, or comparing the two. `NABLA_FUSION=0` in the environment turns it off at start.
 */
import { ArgumentError } from '../errors.js';
import { describeValue } from '../describe-value.js';
import { environmentVariable } from '../host.js';

/** The environment variable read once at start: `0`, `false` or `off` turn fusion off. */
export const FUSION_ENV = 'NABLA_FUSION';

let enabled: boolean | undefined;

/** Whether elementwise ops are deferred and fused (see `setFusion`). */
export function fusionEnabled(): boolean {
  if (enabled === undefined) {
    const raw = environmentVariable(FUSION_ENV)?.trim().toLowerCase();
    enabled = !(raw === '0' || raw === 'false' || raw === 'off');
  }
  return enabled;
}

/**
 * Turn elementwise fusion on or off. Values already deferred still run (fused) when read; ops
 * called afterwards follow the new setting. Returns the previous setting.
 */
export function setFusion(on: boolean): boolean {
  if (typeof on !== 'boolean') throw new ArgumentError('setFusion', `expected true or false, got ${describeValue(on)}`);
  const previous = fusionEnabled();
  enabled = on;
  return previous;
}

/** Typed errors raised by @nabla/layers; they extend tensor-core's NablaError hierarchy. */
import { NablaError } from '@nabla/tensor-core';

/** A state dict that does not fit a module: missing, unexpected or mis-shaped keys. */
export class StateDictError extends NablaError {
  /** Keys the module expects but the dict lacks. */
  readonly missing: readonly string[];
  /** Keys the dict holds but the module does not. */
  readonly unexpected: readonly string[];
  /** Keys whose shape or dtype differ, with a description each. */
  readonly mismatched: readonly string[];

  constructor(missing: readonly string[], unexpected: readonly string[], mismatched: readonly string[]) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing keys: ${missing.join(', ')}`);
    if (unexpected.length > 0) parts.push(`unexpected keys: ${unexpected.join(', ')}`);
    if (mismatched.length > 0) parts.push(`mis-shaped keys: ${mismatched.join('; ')}`);
    super('loadStateDict', parts.join('; '));
    this.missing = missing;
    this.unexpected = unexpected;
    this.mismatched = mismatched;
  }
}

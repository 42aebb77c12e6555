/** The error checkpoint and safetensors code throws. */
import { NablaError } from '@nabla/tensor-core';

/** A safetensors buffer or checkpoint file that is malformed, truncated, inconsistent or unwritable. */
export class CheckpointError extends NablaError {}

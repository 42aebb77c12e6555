/** Checkpoints in the safetensors format (browser-safe; file helpers are in `@nabla/layers/node`). */
export { CheckpointError } from './errors.js';
export type { HostTensor, SafetensorsContents } from './host-tensor.js';
export { SAFETENSORS_DTYPE, dtypeFromSafetensors } from './safetensors-dtypes.js';
export { MAX_HEADER_BYTES } from './safetensors-layout.js';
export { readSafetensors } from './read-safetensors.js';
export { planSafetensors, type SafetensorsPlan } from './write-safetensors.js';
export { encodeSafetensors, decodeSafetensors, bytesOf, type BinarySource, type BlobLike } from './codec.js';
export {
  OPTIMIZER_PREFIX, FORMAT_KEY, FORMAT_VERSION, OPTIMIZER_META_KEY, packCheckpoint, unpackCheckpoint,
  type Checkpoint, type LoadedCheckpoint, type SerializedOptimizerState,
} from './checkpoint-layout.js';
export { encodeCheckpoint, decodeCheckpoint } from './checkpoint-codec.js';

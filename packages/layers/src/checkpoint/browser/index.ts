/**
 * `@nabla/layers/browser`: checkpoints in IndexedDB and as browser downloads/uploads, validated
 * as file checkpoints are. Safe to import in Node (nothing touches the DOM until called); the
 * declarations name no DOM types.
 */
export {
  saveCheckpointToIndexedDB, loadCheckpointFromIndexedDB, listCheckpointsInIndexedDB, deleteCheckpointFromIndexedDB,
  type IndexedDbOptions, type StoredCheckpointInfo,
} from './indexeddb-checkpoints.js';
export { checkpointBlob, downloadCheckpoint, loadCheckpointFromFile, type FileLike } from './file-checkpoints.js';

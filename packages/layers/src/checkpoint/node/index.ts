/** Node-only checkpoint files (`@nabla/layers/node`): atomic saves and verified loads. */
export { saveCheckpoint } from './save-checkpoint.js';
export { loadCheckpoint } from './load-checkpoint.js';
export { writeFileAtomic } from './atomic-write.js';
export { exportOnnxFile } from '../../interop/node/export-onnx-file.js';
export { exportPyTorchFiles } from '../../interop/node/export-pytorch-files.js';

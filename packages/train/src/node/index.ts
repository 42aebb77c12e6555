/** @nabla/train/node — file-backed run folders (one transaction per commit) and file sinks for logs. */
export { RunFolder, OpenRun, MANIFEST, sha256, type RunManifest, type ManifestFile } from './run-folder.js';
export { appendLines } from './file-sink.js';

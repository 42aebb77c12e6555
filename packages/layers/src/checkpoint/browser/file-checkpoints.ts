/**
 * Checkpoints as browser downloads and uploads: the same safetensors bytes a Node
 * `saveCheckpoint` writes, so a file downloaded from a page loads with `loadCheckpoint` in Node
 * and the reverse.
 */
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint-codec.js';
import type { Checkpoint, LoadedCheckpoint } from '../checkpoint-layout.js';
import type { BlobLike } from '../codec.js';
import { CheckpointError } from '../errors.js';

/** A `File` (from `<input type="file">` or a drop), as far as it is read here. */
export interface FileLike extends BlobLike {
  /** The file's name, used in error messages. */
  readonly name: string;
  /** The file's length in bytes. */
  readonly size: number;
}

/** The parts of a DOM anchor element used to start a download. */
interface AnchorLike {
  href: string;
  download: string;
  rel: string;
  click(): void;
  remove(): void;
  style: { display: string };
}

interface BrowserScope {
  Blob?: new (parts: Uint8Array[], options: { type: string }) => BlobLike;
  URL: { createObjectURL?(blob: BlobLike): string; revokeObjectURL?(url: string): void };
  document?: { createElement(tag: 'a'): AnchorLike; body: { append(node: AnchorLike): void } };
}

/** The media type of a safetensors file. */
const MEDIA_TYPE = 'application/octet-stream';

/** The checkpoint as a `Blob` of safetensors bytes (values captured at the call). */
export async function checkpointBlob(checkpoint: Checkpoint): Promise<BlobLike> {
  const op = 'checkpointBlob';
  const scope = globalThis as unknown as BrowserScope;
  if (!scope.Blob) throw new CheckpointError(op, 'Blob is not available here');
  return new scope.Blob([await encodeCheckpoint(checkpoint)], { type: MEDIA_TYPE });
}

/**
 * Offer `checkpoint` to the user as a file download named `filename` (default
 * `checkpoint.safetensors`) through a temporary `<a download>` link; resolves with the Blob once
 * the download has been started. Load it back with {@link loadCheckpointFromFile}, or in Node
 * with `loadCheckpoint`.
 *
 * @example
 * ```ts
 * import { Dense } from '@nabla/layers';
 * import { downloadCheckpoint } from '@nabla/layers/browser';
 *
 * const model = new Dense(4, 2);
 * await downloadCheckpoint({ model: model.stateDict() }, 'dense.safetensors');
 * ```
 */
export async function downloadCheckpoint(checkpoint: Checkpoint, filename = 'checkpoint.safetensors'): Promise<BlobLike> {
  const op = 'downloadCheckpoint';
  if (typeof filename !== 'string' || filename.length === 0) throw new CheckpointError(op, 'filename must be a non-empty string');
  const scope = globalThis as unknown as BrowserScope;
  if (!scope.document || !scope.URL.createObjectURL) throw new CheckpointError(op, 'needs a browser page (document and URL.createObjectURL); in Node use saveCheckpoint from @nabla/layers/node');
  const blob = await checkpointBlob(checkpoint);
  const url = scope.URL.createObjectURL(blob);
  const anchor = scope.document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  scope.document.body.append(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    // the browser has taken the URL when click() returns; free the Blob once the download had time to start
    setTimeout(() => scope.URL.revokeObjectURL?.(url), 60_000);
  }
  return blob;
}

/**
 * Load a checkpoint from a `File` the user picked (`input.files[0]`) or dropped, validated as
 * fully as `loadCheckpoint` validates a file: a truncated, corrupted or foreign file throws a
 * CheckpointError naming it, and no tensor is created.
 *
 * @example
 * ```ts
 * import { loadCheckpointFromFile } from '@nabla/layers/browser';
 *
 * input.addEventListener('change', async () => {
 *   const ckpt = await loadCheckpointFromFile(input.files[0]);
 *   model.loadStateDict(ckpt.model);
 * });
 * ```
 */
export async function loadCheckpointFromFile(file: FileLike): Promise<LoadedCheckpoint> {
  const op = 'loadCheckpointFromFile';
  if (typeof file !== 'object' || file === null || typeof (file as Partial<FileLike>).arrayBuffer !== 'function') {
    throw new CheckpointError(op, `expected a File (input.files[0]), got ${file === null ? 'null' : typeof file}`);
  }
  const label = typeof file.name === 'string' && file.name.length > 0 ? `'${file.name}'` : 'the file';
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (err) {
    throw new CheckpointError(op, `could not read ${label}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return await decodeCheckpoint(bytes);
  } catch (err) {
    if (err instanceof CheckpointError) throw new CheckpointError(op, `${label} is not a valid checkpoint: ${err.message}`);
    throw err;
  }
}

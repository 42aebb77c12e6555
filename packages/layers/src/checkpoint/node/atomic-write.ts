/** Write a file so that readers see either the old contents or the complete new ones, never a mix. */
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { claimTemporary, releaseTemporary, removeStaleTemporaries } from './stale-temporaries.js';

/**
 * Stream `chunks` into a temporary file next to `path`, fsync it, rename it over `path`, then
 * fsync the folder. If anything fails the temporary file is removed and `path` is untouched.
 * Temporary files of `path` left by killed writers are removed first.
 */
export async function writeFileAtomic(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  const folder = dirname(path);
  await removeStaleTemporaries(path);
  const temporary = claimTemporary(path);
  let renamed = false;
  let file;
  try {
    file = await open(temporary, 'wx');
  } catch (err) {
    releaseTemporary(temporary);
    throw err;
  }
  try {
    try {
      for await (const chunk of chunks) {
        let written = 0;
        while (written < chunk.length) {
          const { bytesWritten } = await file.write(chunk, written, chunk.length - written);
          written += bytesWritten;
        }
      }
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    renamed = true;
    await syncFolder(folder);
  } finally {
    if (!renamed) await unlink(temporary).catch(() => undefined);
    releaseTemporary(temporary);
  }
}

/** Persist the rename itself; folders cannot be opened for syncing on every platform (Windows). */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

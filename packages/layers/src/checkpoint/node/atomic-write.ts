/** Write a file so that readers see either the old contents or the complete new ones, never a mix. */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Stream `chunks` into a temporary file next to `path`, fsync it, rename it over `path`, then
 * fsync the folder. If anything fails the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomic(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'wx');
  let renamed = false;
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

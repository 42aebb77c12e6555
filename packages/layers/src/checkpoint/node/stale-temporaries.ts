/** Temporary files of atomic writes: their names, and removing those that killed writers left behind. */
import { randomBytes } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary files this process is writing now (never removed as stale). */
const writing = new Set<string>();

const SUFFIX = /^(\d+)\.[0-9a-f]{12}\.tmp$/;

/** A fresh temporary path next to `path`: `.<name>.<pid>.<random>.tmp`, registered as being written. */
export function claimTemporary(path: string): string {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writing.add(temporary);
  return temporary;
}

/** The temporary is renamed or removed: no longer being written. */
export function releaseTemporary(temporary: string): void {
  writing.delete(temporary);
}

/** True when a process with this id exists (EPERM: it exists but belongs to another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temporary files of `path` whose writer is gone: those of processes that no longer exist
 * (a save killed by SIGKILL, a crash, a power cut) and those of this process it is not writing.
 * Temporaries of other targets and of live writers are left alone. Best effort: errors are ignored.
 */
export async function removeStaleTemporaries(path: string): Promise<string[]> {
  const folder = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = SUFFIX.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    const full = join(folder, name);
    const stale = pid === process.pid ? !writing.has(full) : !processExists(pid);
    if (!stale) continue;
    try {
      await unlink(full);
      removed.push(full);
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}

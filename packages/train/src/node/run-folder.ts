/**
 * A run folder as one transaction. Every commit writes each file as `<name>.pending`, then the
 * manifest (atomically) naming every file by SHA-256, then renames the pending files into place.
 * A crash before the manifest leaves the previous commit intact; a crash after it is rolled forward
 * by `open()` (the pending files match the new manifest); anything else that disagrees with the
 * manifest is refused — the folder never yields new weights with old progress.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '@nabla/layers/node';
import { RunFolderError } from '../errors.js';

/** The manifest's name inside a run folder. */
export const MANIFEST = 'manifest.json';
const PENDING = '.pending';

/** One file a manifest names. */
export interface ManifestFile {
  readonly sha256: string;
  readonly bytes: number;
}

/** What a run folder's manifest holds: the files by hash, the app's configuration, the training state. */
export interface RunManifest<C = unknown, S = unknown> {
  readonly format: 'nabla-run';
  readonly version: 1;
  /** Which program wrote it, e.g. 'nabla-mnist'. */
  readonly app: string;
  readonly files: Readonly<Record<string, ManifestFile>>;
  readonly config: C;
  readonly state: S;
  readonly committedAt: string;
}

/** SHA-256 of `bytes` as hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function writeBytes(path: string, bytes: Uint8Array): Promise<void> {
  await writeFileAtomic(path, (async function* () { yield bytes; })());
}

function checkName(name: string): void {
  if (name === MANIFEST || name.endsWith(PENDING) || basename(name) !== name || name.startsWith('.')) {
    throw new RunFolderError('RunFolder.commit', `'${name}' cannot be a run file name (plain names only, not '${MANIFEST}' or '*${PENDING}')`);
  }
}

function parseManifest(text: string, path: string): RunManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RunFolderError('RunFolder.open', `'${path}' is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const m = value as Partial<RunManifest> | null;
  const filesOk = m !== null && typeof m.files === 'object' && m.files !== null
    && Object.values(m.files).every((f: unknown) => typeof (f as ManifestFile).sha256 === 'string' && Number.isInteger((f as ManifestFile).bytes));
  if (m === null || m.format !== 'nabla-run' || m.version !== 1 || typeof m.app !== 'string' || !filesOk) {
    throw new RunFolderError('RunFolder.open', `'${path}' is not a run manifest written by this version of @nabla/train`);
  }
  return m as RunManifest;
}

/** A run folder on disk; see the module comment for the commit protocol. */
export class RunFolder {
  /** Absolute path of the folder. */
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** Absolute path of a file inside the folder. */
  path(name: string): string {
    return join(this.dir, name);
  }

  /** Whether the folder holds a manifest (a committed run). */
  hasRun(): boolean {
    return existsSync(this.path(MANIFEST));
  }

  /** Names of the entries in the folder (empty when it does not exist). */
  async entries(): Promise<string[]> {
    return existsSync(this.dir) ? readdir(this.dir) : [];
  }

  /**
   * Make the folder ready for a new run: refuse a non-empty folder unless `force`; with `force`,
   * remove the previous run's own files (manifest, named files, pending files) and keep the rest.
   */
  async prepareNew(options: { readonly force: boolean; readonly hint: string }): Promise<void> {
    const entries = await this.entries();
    if (entries.length > 0 && !options.force) {
      throw new RunFolderError('RunFolder', `'${this.dir}' is not empty (${entries.slice(0, 4).join(', ')}${entries.length > 4 ? ', …' : ''}); ${options.hint}`);
    }
    if (entries.length > 0) {
      const own = new Set<string>([MANIFEST]);
      if (this.hasRun()) {
        try {
          for (const name of Object.keys(parseManifest(await readFile(this.path(MANIFEST), 'utf8'), this.path(MANIFEST)).files)) own.add(name);
        } catch {
          // a corrupt manifest names nothing more to remove
        }
      }
      for (const e of entries) if (own.has(e) || e.endsWith(PENDING)) await rm(this.path(e), { force: true });
    }
    await mkdir(this.dir, { recursive: true });
  }

  /** Commit `files` and the manifest body as one transaction (see the module comment). */
  async commit<C, S>(app: string, files: Readonly<Record<string, Uint8Array>>, body: { readonly config: C; readonly state: S }): Promise<RunManifest<C, S>> {
    await mkdir(this.dir, { recursive: true });
    const named: Record<string, ManifestFile> = {};
    for (const [name, bytes] of Object.entries(files)) {
      checkName(name);
      named[name] = { sha256: sha256(bytes), bytes: bytes.length };
      await writeBytes(this.path(name + PENDING), bytes);
    }
    const manifest: RunManifest<C, S> = { format: 'nabla-run', version: 1, app, files: named, config: body.config, state: body.state, committedAt: new Date().toISOString() };
    await writeBytes(this.path(MANIFEST), new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`));
    for (const name of Object.keys(files)) await rename(this.path(name + PENDING), this.path(name));
    return manifest;
  }

  /**
   * Read and verify the committed run: every named file must match its hash (a matching pending
   * file is moved into place first). Throws RunFolderError naming the folder and the file otherwise.
   */
  async open<C = unknown, S = unknown>(app: string): Promise<OpenRun<C, S>> {
    const manifestPath = this.path(MANIFEST);
    if (!existsSync(manifestPath)) throw new RunFolderError('RunFolder.open', `no run in '${this.dir}' (missing ${MANIFEST})`);
    const manifest = parseManifest(await readFile(manifestPath, 'utf8'), manifestPath) as RunManifest<C, S>;
    if (manifest.app !== app) throw new RunFolderError('RunFolder.open', `'${this.dir}' holds a run of ${manifest.app}, not ${app}`);
    const contents = new Map<string, Uint8Array>();
    for (const [name, expected] of Object.entries(manifest.files)) {
      const final = this.path(name);
      const pending = final + PENDING;
      const current = existsSync(final) ? new Uint8Array(await readFile(final)) : null;
      if (current && sha256(current) === expected.sha256) {
        contents.set(name, current);
        continue;
      }
      const next = existsSync(pending) ? new Uint8Array(await readFile(pending)) : null;
      if (next && sha256(next) === expected.sha256) {
        await rename(pending, final);
        contents.set(name, next);
        continue;
      }
      throw new RunFolderError('RunFolder.open', `'${final}' ${current ? 'does not match' : 'is missing, as named by'} the manifest (sha256 ${expected.sha256.slice(0, 12)}…); the run folder was changed or torn — refusing to use it`);
    }
    return new OpenRun(this, manifest, contents);
  }

  /**
   * Whether writing `path` would touch this run's own files (its manifest, a named file, or a
   * pending file). Output commands refuse such paths.
   */
  async owns(path: string): Promise<boolean> {
    const target = resolve(path);
    if (dirname(target) !== this.dir) return false;
    const name = basename(target);
    if (name === MANIFEST || name.endsWith(PENDING)) return true;
    if (!this.hasRun()) return false;
    try {
      return name in parseManifest(await readFile(this.path(MANIFEST), 'utf8'), this.path(MANIFEST)).files;
    } catch {
      return true;
    }
  }
}

/** A verified run: its manifest and the contents of its files. */
export class OpenRun<C, S> {
  constructor(readonly folder: RunFolder, readonly manifest: RunManifest<C, S>, private readonly contents: ReadonlyMap<string, Uint8Array>) {}

  /** The bytes of a named file. */
  bytes(name: string): Uint8Array {
    const b = this.contents.get(name);
    if (!b) throw new RunFolderError('OpenRun.bytes', `the run in '${this.folder.dir}' has no file '${name}' (it has ${[...this.contents.keys()].join(', ')})`);
    return b;
  }

  /** A named file as UTF-8 text. */
  text(name: string): string {
    return new TextDecoder().decode(this.bytes(name));
  }
}

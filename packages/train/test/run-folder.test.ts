import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunFolderError } from '../src/index.js';
import { MANIFEST, RunFolder, sha256 } from '../src/node/index.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'nabla-run-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('RunFolder', () => {
  it('commits files and a manifest naming them by SHA-256, and reads them back verified', async () => {
    const folder = new RunFolder(dir);
    await folder.commit('app', { 'a.bin': bytes('one'), 'b.json': bytes('{"x":1}') }, { config: { lr: 0.1 }, state: { step: 3 } });
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
    expect(manifest.files['a.bin']).toEqual({ sha256: sha256(bytes('one')), bytes: 3 });
    expect(sha256(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const run = await folder.open('app');
    expect(run.text('a.bin')).toBe('one');
    expect(run.manifest.state).toEqual({ step: 3 });
    expect((await readdir(dir)).sort()).toEqual(['a.bin', 'b.json', MANIFEST]);
    await expect(folder.open('other')).rejects.toThrow(/holds a run of app, not other/);
  });

  it('a crash before the manifest keeps the previous commit; after it, open() rolls forward', async () => {
    const folder = new RunFolder(dir);
    await folder.commit('app', { 'w.bin': bytes('old weights'), 'h.json': bytes('old history') }, { config: {}, state: { step: 1 } });
    // crash while writing the next commit's pending files: the old manifest still matches the old files
    await writeFile(join(dir, 'w.bin.pending'), 'new weights');
    let run = await folder.open('app');
    expect([run.text('w.bin'), run.manifest.state]).toEqual(['old weights', { step: 1 }]);
    // crash after the manifest, before (some) renames: simulate by committing, then moving a file back to pending
    await folder.commit('app', { 'w.bin': bytes('new weights'), 'h.json': bytes('new history') }, { config: {}, state: { step: 2 } });
    await rename(join(dir, 'w.bin'), join(dir, 'w.bin.pending'));
    await writeFile(join(dir, 'w.bin'), 'old weights');
    run = await folder.open('app');
    expect([run.text('w.bin'), run.text('h.json'), run.manifest.state]).toEqual(['new weights', 'new history', { step: 2 }]);
    expect(existsSync(join(dir, 'w.bin.pending'))).toBe(false);
  });

  it('refuses a folder whose files disagree with the manifest, naming the file', async () => {
    const folder = new RunFolder(dir);
    await folder.commit('app', { 'w.bin': bytes('weights') }, { config: {}, state: {} });
    await writeFile(join(dir, 'w.bin'), 'tampered');
    await expect(folder.open('app')).rejects.toThrow(RunFolderError);
    await expect(folder.open('app')).rejects.toThrow(/w\.bin' does not match the manifest/);
    await rm(join(dir, 'w.bin'));
    await expect(folder.open('app')).rejects.toThrow(/is missing/);
    await writeFile(join(dir, MANIFEST), '{}');
    await expect(folder.open('app')).rejects.toThrow(/not a run manifest/);
    await writeFile(join(dir, MANIFEST), '{"format": ');
    await expect(folder.open('app')).rejects.toThrow(/not valid JSON/);
    await expect(new RunFolder(join(dir, 'nothing')).open('app')).rejects.toThrow(/no run in/);
  });

  it('prepareNew refuses a non-empty folder unless forced, and force removes only the run\'s own files', async () => {
    const folder = new RunFolder(dir);
    await folder.commit('app', { 'w.bin': bytes('w') }, { config: {}, state: {} });
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await expect(folder.prepareNew({ force: false, hint: 'use --resume or --force' })).rejects.toThrow(/is not empty .*use --resume or --force/);
    await folder.prepareNew({ force: true, hint: '' });
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('owns() names the manifest, the named files and pending files, nothing else', async () => {
    const folder = new RunFolder(dir);
    await folder.commit('app', { 'checkpoint.safetensors': bytes('w'), 'config.json': bytes('{}') }, { config: {}, state: {} });
    expect(await folder.owns(join(dir, 'checkpoint.safetensors'))).toBe(true);
    expect(await folder.owns(join(dir, 'config.json'))).toBe(true);
    expect(await folder.owns(join(dir, MANIFEST))).toBe(true);
    expect(await folder.owns(join(dir, 'x.pending'))).toBe(true);
    expect(await folder.owns(join(dir, 'report.html'))).toBe(false);
    expect(await folder.owns(join(dir, 'sub', 'config.json'))).toBe(false);
    await expect(folder.commit('app', { [MANIFEST]: bytes('') }, { config: {}, state: {} })).rejects.toThrow(/cannot be a run file name/);
  });
});

import { build, type Metafile, type OutputFile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

/** Size of one group of output files, in bytes. */
export interface ChunkSize {
  /** What the group is: 'core' or the lazily imported package's name. */
  label: string;
  /** Output files in the group, relative to the bundle folder. */
  files: string[];
  /** Package folders (e.g. 'packages/layers') whose code is in the group. */
  packages: string[];
  minified: number;
  gzip: number;
}

/** Sizes of the core bundle and of each lazy chunk. */
export interface BundleReport {
  core: ChunkSize;
  lazy: ChunkSize[];
  /** Imports esbuild left unresolved in the output (a browser bundle should have none). */
  external: string[];
}

const entry = fileURLToPath(new URL('./entry.ts', import.meta.url));
const outdir = join(tmpdir(), 'nabla-size-check');
const workDir = fileURLToPath(new URL('.', import.meta.url));

/** Package folder ("packages/layers") of an esbuild input path, or the path itself. */
function packageOf(input: string): string {
  const m = /(packages|tooling)\/([^/]+)\//.exec(input);
  return m ? `${m[1]}/${m[2]}` : input;
}

/** Output files statically reachable from `start` (following `import` statements, not `import()`). */
function staticClosure(meta: Metafile, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external) stack.push(imp.path);
    }
  }
  return seen;
}

function measure(label: string, files: Set<string>, meta: Metafile, contents: Map<string, Uint8Array>): ChunkSize {
  const list = [...files].filter((f) => f.endsWith('.js')).sort();
  const packages = new Set<string>();
  let minified = 0;
  let gzip = 0;
  for (const file of list) {
    const bytes = contents.get(file);
    if (!bytes) throw new Error(`size check: esbuild reported ${file} but wrote no such output`);
    minified += bytes.byteLength;
    gzip += gzipSync(bytes, { level: 9 }).byteLength;
    for (const input of Object.keys(meta.outputs[file]?.inputs ?? {})) packages.add(packageOf(input));
  }
  return { label, files: list.map((f) => relative(outdir, join(workDir, f))), packages: [...packages].sort(), minified, gzip };
}

/**
 * Bundles tensor-core + autograd + layers + optim + backend-js from their published entry points
 * (dist/, the `import` condition) for the browser: ESM, minified, code-split so that the WASM and
 * WebGPU backends land in lazy chunks. Returns gzip (level 9) sizes per group. Nothing is marked
 * external: a `node:` import reachable on the browser path fails the build, as it would in a user's.
 */
export async function measureBundle(): Promise<BundleReport> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    outdir,
    absWorkingDir: workDir,
    logLevel: 'silent',
  });
  const meta = result.metafile;
  const contents = new Map<string, Uint8Array>(
    result.outputFiles.map((f: OutputFile) => [relative(workDir, f.path), f.contents]),
  );
  const outputs = Object.keys(meta.outputs);
  const mainFile = outputs.find((f) => meta.outputs[f]?.entryPoint === 'entry.ts');
  if (!mainFile) throw new Error('size check: esbuild produced no output for the entry module');
  const core = staticClosure(meta, mainFile);
  const lazy: ChunkSize[] = [];
  for (const file of outputs) {
    const entryPoint = meta.outputs[file]?.entryPoint;
    if (!entryPoint || file === mainFile) continue;
    const own = new Set([...staticClosure(meta, file)].filter((f) => !core.has(f)));
    lazy.push(measure(packageOf(entryPoint), own, meta, contents));
  }
  const external = new Set(Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  return {
    core: measure('core', core, meta, contents),
    lazy: lazy.sort((a, b) => a.label.localeCompare(b.label)),
    external: [...external].sort(),
  };
}

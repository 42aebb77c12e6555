import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzip (level 9) bytes of the JavaScript a page loads on each path. */
export interface ShippedBytes {
  /** Everything except the chunks only the wasm backend needs. */
  webgpuPath: number;
  /** Everything except the chunks only the webgpu backend needs. */
  wasmFallback: number;
  /** Output files holding the wasm kernels / the WGSL shaders (relative to the output folder). */
  wasmFiles: string[];
  webgpuFiles: string[];
}

/** The base64 of a WebAssembly module's first bytes ("\0asm"): only the wasm backend's chunk has it. */
const wasmMarker = 'AGFzbQ';
/** A WGSL attribute every compute shader has: only the webgpu backend's chunk has it. */
const webgpuMarker = '@compute';

function javascriptFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return javascriptFiles(path, `${prefix}${name}/`);
    return /\.m?js$/.test(name) ? [`${prefix}${name}`] : [];
  });
}

/**
 * Sums the gzip size of every JS file a bundler wrote, leaving out the lazy chunk of the backend a
 * path does not load. A bundler that put both backends in one file ships them on both paths.
 */
export function shippedBytes(outDir: string): ShippedBytes {
  const files = javascriptFiles(outDir).map((file) => {
    const text = readFileSync(join(outDir, file));
    const source = text.toString('utf8');
    return { file, gzip: gzipSync(text, { level: 9 }).byteLength, wasm: source.includes(wasmMarker), webgpu: source.includes(webgpuMarker) };
  });
  const total = files.reduce((sum, f) => sum + f.gzip, 0);
  const wasmOnly = files.filter((f) => f.wasm && !f.webgpu).reduce((sum, f) => sum + f.gzip, 0);
  const webgpuOnly = files.filter((f) => f.webgpu && !f.wasm).reduce((sum, f) => sum + f.gzip, 0);
  return {
    webgpuPath: total - wasmOnly,
    wasmFallback: total - webgpuOnly,
    wasmFiles: files.filter((f) => f.wasm).map((f) => f.file),
    webgpuFiles: files.filter((f) => f.webgpu).map((f) => f.file),
  };
}

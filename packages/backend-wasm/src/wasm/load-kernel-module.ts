import { KERNELS_MEMORY_PAGES, KERNELS_WASM_BASE64 } from '../generated/kernels-wasm.js';
import type { KernelExports } from './kernel-exports.js';

/** Bytes in one WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;

/** Pages the kernel module accepts for its imported memory. */
export const MEMORY_PAGES = KERNELS_MEMORY_PAGES;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compile (once per realm) the embedded kernel module. */
export function compileKernelModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(decodeBase64(KERNELS_WASM_BASE64));
  return compiled;
}

/** Imports every instance of the kernel module receives. */
export function kernelImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { memory } };
}

/** Instantiate the kernel module on `memory` (synchronously; the module is small). */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, kernelImports(memory));
  return instance.exports as unknown as KernelExports;
}

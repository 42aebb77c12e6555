import { describe, expect, it } from 'vitest';
import { WasmBackendError } from '../src/errors.js';
import { kernelModuleBytes, MEMORY_PAGES } from '../src/wasm/load-kernel-module.js';
import type { KernelExports } from '../src/wasm/kernel-exports.js';
import { memoryImportFlagOffset, setImportedMemoryShared } from '../src/wasm/memory-import-flag.js';

/** A length-prefixed UTF-8 name as the binary format writes it (names here are < 128 bytes). */
function name(text: string): number[] {
  return [text.length, ...new TextEncoder().encode(text)];
}

/** A section: id, size (one LEB byte: the test sections are short), contents. */
function section(id: number, contents: number[]): number[] {
  return [id, contents.length, ...contents];
}

/**
 * A hand-written module importing a function, a global and then a memory with the given limits
 * flag (min 1, max 2), and exporting `load(i32) -> i32` that reads memory. Written byte by byte
 * from the binary-format spec, independently of the code under test.
 */
function handModule(memoryFlag: number): Uint8Array<ArrayBuffer> {
  const types = section(1, [2, 0x60, 0, 0, 0x60, 1, 0x7f, 1, 0x7f]); // () -> (), (i32) -> i32
  const imports = section(2, [
    3,
    ...name('env'), ...name('tick'), 0x00, 0, // func of type 0
    ...name('env'), ...name('base'), 0x03, 0x7f, 0x00, // immutable i32 global
    ...name('env'), ...name('memory'), 0x02, memoryFlag, 1, 2, // memory, min 1, max 2
  ]);
  const functions = section(3, [1, 1]); // one function of type 1
  const exports = section(7, [1, ...name('load'), 0x00, 1]); // function index 1 (after the import)
  const body = [0, 0x20, 0, 0x28, 2, 0, 0x0b]; // no locals; local.get 0; i32.load align=2 offset=0; end
  const code = section(10, [1, body.length, ...body]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...functions, ...exports, ...code]);
}

function instantiate(bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): WebAssembly.Instance {
  const base = new WebAssembly.Global({ value: 'i32', mutable: false }, 0);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { tick: () => undefined, base, memory } });
}

describe('setting the memory import\'s shared flag at load', () => {
  it('finds the flag after a function and a global import in a hand-written module', () => {
    const bytes = handModule(0x03);
    // header 8 + type section 11 + import section header 2 + count 1 + func import 11 + global import 12
    // + "env" 4 + "memory" 7 + kind 1 = the flag byte's offset
    expect(memoryImportFlagOffset(bytes)).toBe(8 + 11 + 2 + 1 + 11 + 12 + 4 + 7 + 1);
    expect(bytes[memoryImportFlagOffset(bytes)]).toBe(0x03);
  });

  it('turns a shared import into a plain one that links to a plain memory, and back', () => {
    const shared = handModule(0x03);
    const plainMemory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    expect(() => instantiate(shared, plainMemory)).toThrow(WebAssembly.LinkError);

    const plain = setImportedMemoryShared(shared, false);
    expect([...plain]).toEqual([...handModule(0x01)]);
    new Int32Array(plainMemory.buffer)[3] = 1234;
    const load = instantiate(plain, plainMemory).exports.load as (address: number) => number;
    expect(load(12)).toBe(1234);

    expect([...setImportedMemoryShared(plain, true)]).toEqual([...shared]);
    expect([...shared]).toEqual([...handModule(0x03)]); // the input is not modified
  });

  it('leaves the byte length unchanged and changes exactly one byte of the kernel module', () => {
    const shared = kernelModuleBytes(true);
    const plain = kernelModuleBytes(false);
    expect(plain.length).toBe(shared.length);
    const differing = [...shared.keys()].filter((i) => shared[i] !== plain[i]);
    expect(differing).toEqual([memoryImportFlagOffset(shared)]);
    expect([shared[differing[0] as number], plain[differing[0] as number]]).toEqual([0x03, 0x01]);
  });

  it('runs the kernels from the patched module on a plain (non-shared) memory', () => {
    const module = new WebAssembly.Module(kernelModuleBytes(false));
    const memory = new WebAssembly.Memory({ initial: MEMORY_PAGES.initial, maximum: MEMORY_PAGES.initial + 16 });
    expect(memory.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    expect(kernels.heap_base()).toBeGreaterThan(0);
    expect(kernels.heap_base()).toBeLessThan(MEMORY_PAGES.initial * 65536);
    // The unpatched (shared) module refuses the same memory.
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(kernelModuleBytes(true)), { env: { memory } }))
      .toThrow(WebAssembly.LinkError);
  });

  it('names the problem in a typed error for bytes that are not a module or import no memory', () => {
    expect(() => setImportedMemoryShared(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), false)).toThrow(WasmBackendError);
    expect(() => setImportedMemoryShared(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), false)).toThrow(/magic number/);
    const noImports = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(() => setImportedMemoryShared(noImports, true)).toThrow(/imports no memory/);
    const truncated = handModule(0x03).slice(0, 30);
    expect(() => setImportedMemoryShared(truncated, false)).toThrow(WasmBackendError);
    expect(() => setImportedMemoryShared(handModule(0x00), true)).toThrow(/needs a maximum/);
  });
});

import { WasmBackendError } from '../errors.js';

// The kernels ship as one binary whose imported memory is declared shared. A page that is not
// cross-origin isolated cannot create a shared memory, so before compiling for it we clear the
// `shared` bit of that import's limits flag byte: the two builds asc produces differ in exactly
// that byte, and a non-shared memory accepts every atomic instruction the kernels use.

const OP = 'setImportedMemoryShared';

/** Section id of the import section in the WebAssembly binary format. */
const IMPORT_SECTION = 2;
/** Import kinds (importdesc tags). */
const ImportKind = { Func: 0, Table: 1, Memory: 2, Global: 3, Tag: 4 } as const;
/** Bit of a limits flag byte that marks a memory as shared (threads proposal). */
const SHARED_BIT = 0x02;
/** Bit of a limits flag byte that says a maximum follows the minimum. */
const HAS_MAXIMUM_BIT = 0x01;

/** A forward-only reader of unsigned LEB128 integers and bytes over a module binary. */
class ByteReader {
  constructor(readonly bytes: Uint8Array, public pos: number) {}

  byte(): number {
    if (this.pos >= this.bytes.length) fail(`the module ends inside a section (byte ${this.pos})`);
    return this.bytes[this.pos++] as number;
  }

  /** An unsigned LEB128 integer of at most 64 bits (returned as a number; sizes here are small). */
  uleb(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    return fail(`malformed LEB128 integer at byte ${this.pos}`);
  }

  skip(count: number): void {
    this.pos += count;
    if (this.pos > this.bytes.length) fail(`a length runs past the end of the module (byte ${this.pos})`);
  }

  /** Skip a limits field (flag byte, minimum, optional maximum). */
  limits(): void {
    const flag = this.byte();
    this.uleb();
    if ((flag & HAS_MAXIMUM_BIT) !== 0) this.uleb();
  }
}

function fail(message: string): never {
  throw new WasmBackendError(OP, `cannot read the kernel module: ${message}`);
}

/** Byte offset of the limits flag of the module's one imported memory. */
export function memoryImportFlagOffset(bytes: Uint8Array): number {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) fail('it does not start with the WebAssembly magic number');
  const reader = new ByteReader(bytes, 8);
  while (reader.pos < bytes.length) {
    const id = reader.byte();
    const size = reader.uleb();
    const end = reader.pos + size;
    if (id !== IMPORT_SECTION) {
      reader.skip(size);
      continue;
    }
    const count = reader.uleb();
    for (let i = 0; i < count; i++) {
      reader.skip(reader.uleb()); // module name
      reader.skip(reader.uleb()); // field name
      const kind = reader.byte();
      switch (kind) {
        case ImportKind.Memory:
          return reader.pos;
        case ImportKind.Func:
          reader.uleb();
          break;
        case ImportKind.Table:
          reader.byte();
          reader.limits();
          break;
        case ImportKind.Global:
          reader.byte();
          reader.byte();
          break;
        case ImportKind.Tag:
          reader.byte();
          reader.uleb();
          break;
        default:
          fail(`import ${i} has unknown kind ${kind}`);
      }
    }
    if (reader.pos !== end) fail('the import section is longer than its imports');
    break;
  }
  return fail('it imports no memory');
}

/**
 * A copy of the module `bytes` whose imported memory is declared shared (`shared: true`) or not.
 * Only the `shared` bit of the memory's limits flag changes; the byte length stays the same.
 */
export function setImportedMemoryShared(bytes: Uint8Array, shared: boolean): Uint8Array<ArrayBuffer> {
  const offset = memoryImportFlagOffset(bytes);
  const flag = bytes[offset] as number;
  if ((flag & HAS_MAXIMUM_BIT) === 0 && shared) fail('a shared memory needs a maximum size, and the imported memory declares none');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  copy[offset] = shared ? flag | SHARED_BIT : flag & ~SHARED_BIT;
  return copy;
}

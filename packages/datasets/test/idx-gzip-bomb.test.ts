/** Gzip'd IDX files are inflated no further than their header declares: bombs cost bounded memory and work. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { IdxFormatError, gunzipWithStreams, readIdx, type Gunzip } from '../src/index.js';
import { gunzipWithZlib } from '../src/node.js';
import { encodeIdx } from './idx-helpers.js';

// bounded by the number of runs, not by time; a loaded CI machine may need the room
vi.setConfig({ testTimeout: 120_000 });

const MiB = 1 << 20;

/**
 * A valid uint8 IDX file of shape [10] (18 bytes) followed by `zerosMiB` MiB of zeros, as a
 * multi-member gzip stream of about 1 KB per 16 MiB (every gunzip reads the members as one stream).
 */
function bomb(zerosMiB: number): Uint8Array {
  const member = gzipSync(new Uint8Array(16 * MiB), { level: 9 });
  const parts = [gzipSync(encodeIdx(0x08, [10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))];
  for (let i = 0; i < zerosMiB / 16; i++) parts.push(member);
  return new Uint8Array(Buffer.concat(parts));
}

/** Wraps a gunzip so the test sees how many bytes were actually inflated. */
function counting(inner: Gunzip): { gunzip: Gunzip; inflated: () => number } {
  let inflated = 0;
  return {
    gunzip: async function* (bytes: Uint8Array) {
      for await (const chunk of inner(bytes)) {
        inflated += chunk.length;
        yield chunk;
      }
    },
    inflated: () => inflated,
  };
}

describe('readIdx on decompression bombs', () => {
  const gz = bomb(512);

  it.each([['DecompressionStream', undefined], ['zlib', gunzipWithZlib]] as const)(
    'refuses a %s bomb (18 declared bytes, then 512 MiB of zeros) with bounded memory',
    async (_label, gunzip) => {
      global.gc?.();
      const before = process.memoryUsage().rss;
      const error = await readIdx(gz, 'bomb.gz', gunzip ? { gunzip } : {}).catch((e: unknown) => e);
      const grown = process.memoryUsage().rss - before;
      expect(grown).toBeLessThan(128 * MiB);
      expect(error).toBeInstanceOf(IdxFormatError);
      expect((error as Error).message).toMatch(/'bomb.gz': inflates to more than the 18 bytes its header declares/);
    },
  );

  it('stops inflating one chunk after the declared size, for both decoders', async () => {
    for (const inner of [gunzipWithStreams, gunzipWithZlib]) {
      const probe = counting(inner);
      await expect(readIdx(gz, 'bomb.gz', { gunzip: probe.gunzip })).rejects.toThrow(IdxFormatError);
      expect(probe.inflated()).toBeLessThanOrEqual(18 + 2 * MiB);
    }
  });

  it('checks the header before inflating the data: wrong shape, over the limit, or more than the gzip can hold', async () => {
    const probe = counting(gunzipWithZlib);
    await expect(readIdx(gz, 'bomb.gz', { gunzip: probe.gunzip, shape: [60000, 28, 28] })).rejects.toThrow(/shape is \[10\], expected \[60000, 28, 28\]/);
    expect(probe.inflated()).toBeLessThanOrEqual(2 * MiB);
    const big = new Uint8Array(gzipSync(Uint8Array.from([0, 0, 8, 2, 0, 1, 0, 0, 0, 1, 0, 0])));
    await expect(readIdx(big, 'big.gz', { maxBytes: 2 ** 20 })).rejects.toThrow(/shape \[65536, 65536\] of uint8 declares 4294967308 bytes, more than the 1048576-byte limit/);
    await expect(readIdx(big, 'big.gz')).rejects.toThrow(/4294967308 bytes, more than the 2147483648-byte limit/);
    const huge = new Uint8Array(gzipSync(Uint8Array.from([0, 0, 8, 1, 0x10, 0, 0, 0])));
    await expect(readIdx(huge, 'huge.gz')).rejects.toThrow(/'huge.gz': truncated: shape \[268435456\] of uint8 needs 268435464 bytes, more than a \d+-byte gzip file can hold/);
  });

  it('still reads a large valid gzip file exactly (header and data split across chunks)', async () => {
    const values = Array.from({ length: 3 * MiB }, (_, i) => (i * 31) & 0xff);
    const gzFile = new Uint8Array(gzipSync(encodeIdx(0x08, [3, MiB], values)));
    for (const gunzip of [gunzipWithStreams, gunzipWithZlib]) {
      const parsed = await readIdx(gzFile, 'ok.gz', { gunzip, shape: [3, MiB] });
      expect(parsed.data.length).toBe(3 * MiB);
      let wrong = 0;
      for (let i = 0; i < values.length; i++) if (parsed.data[i] !== values[i]) wrong++;
      expect(wrong).toBe(0);
    }
  });
});

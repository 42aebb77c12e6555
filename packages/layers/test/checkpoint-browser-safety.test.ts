import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '..', 'src', 'checkpoint');

describe('checkpoint core is browser-safe', () => {
  it('imports no Node built-ins outside checkpoint/node', async () => {
    const files = (await readdir(CORE)).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(join(CORE, file), 'utf8');
      const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      const nodeOnly = imports.filter((s) => s.startsWith('node:') || s.includes('/node/') || ['fs', 'path', 'os', 'crypto'].includes(s));
      expect(nodeOnly, `${file} imports ${nodeOnly.join(', ')}`).toEqual([]);
    }
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('@nabla/train main entry is browser- and Worker-safe', () => {
  it('imports no Node built-ins (nor the node/ subpath) outside src/node', async () => {
    const files = (await sources(SRC)).filter((f) => !relative(SRC, f).startsWith('node'));
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const source = await readFile(file, 'utf8');
      const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      const nodeOnly = imports.filter((s) => s.startsWith('node:') || s.includes('/node') || ['fs', 'path', 'os', 'crypto'].includes(s));
      expect(nodeOnly, `${relative(SRC, file)} imports ${nodeOnly.join(', ')}`).toEqual([]);
      expect(source, `${relative(SRC, file)} uses process`).not.toMatch(/\bprocess\.(?!stderr)/);
    }
  });
});

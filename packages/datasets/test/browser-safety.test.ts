import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('browser-safe core', () => {
  it('imports nothing from node: outside src/node and src/node.ts', () => {
    const core = sourceFiles(srcDir).filter((f) => {
      const rel = relative(srcDir, f);
      return rel !== 'node.ts' && !rel.startsWith('node/');
    });
    expect(core.length).toBeGreaterThan(20);
    for (const file of core) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(srcDir, file)).not.toMatch(/from\s+'node:|from\s+'\.\.?\/(\.\.\/)*node(\/|\.js')|\bprocess\.|\bBuffer\b|\brequire\(/);
    }
  });
});

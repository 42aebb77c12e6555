import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as core from '@nabla/tensor-core';
import * as autograd from '@nabla/autograd';
import * as layers from '@nabla/layers';
import * as optim from '@nabla/optim';
import * as datasets from '@nabla/datasets';
import * as umbrella from '@nabla/nabla';
import * as train from '@nabla/train';
import '@nabla/backend-js';
import { codeBlocks, nablaReferences, relativeLinks, tableRows } from '../src/docs/markdown.js';
import { repoRoot } from '../src/workspace.js';
import { run } from '../src/publish/run.js';

const docs = join(repoRoot, 'docs');
const scratch = join(repoRoot, 'tooling/publish-check/.tmp');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** Runs a guide's TypeScript snippet as a script, resolving @nabla packages from their sources. */
function runSnippet(name: string, code: string, env: NodeJS.ProcessEnv = {}): string {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `${name}.ts`);
  writeFileSync(file, code);
  return run(process.execPath, [tsxCli, '--conditions=@nabla/source', file], scratch, { ...process.env, ...env });
}

describe('docs/getting-started.md', () => {
  const blocks = codeBlocks(join(docs, 'getting-started.md'), 'ts');

  it('has the first-tensor and first-model snippets, each with one import', () => {
    expect(blocks).toHaveLength(2);
    for (const block of blocks) expect(block.match(/^import .*$/gm)).toEqual(["import * as nb from '@nabla/nabla';"]);
  });

  it('first tensor: prints shape, dtype and a·aᵀ + 1', () => {
    const out = runSnippet('first-tensor', blocks[0] ?? '');
    // [[1,2],[3,4]]·[[1,3],[2,4]] = [[5,11],[11,25]]; + 1 → [[6,12],[12,26]]
    expect(out.replace(/\s+/g, ' ')).toContain('[ 2, 2 ] float32 [ [ 6, 12 ], [ 12, 26 ] ]');
    // await b.print(): the values PyTorch-style, then dtype, shape and the backend nb.ready() chose
    expect(out).toMatch(/tensor\(\[\[ 6\., 12\.\],\n {8}\[12\., 26\.\]\], dtype=float32, shape=\[2,2\], backend=(webgpu|wasm|js)\)/);
  });

  it('first model: the loss falls and the predictions round to the XOR truth table', () => {
    expect((blocks[1] ?? '').split('\n').filter((l) => l.trim().length > 0).length).toBeLessThanOrEqual(24);
    // on wasm: 500 steps of a tiny model are dominated by per-op overhead, several times higher on a software GPU
    const out = runSnippet('first-model', blocks[1] ?? '', { NABLA_BACKEND: 'wasm' });
    const losses = [...out.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
    expect(losses.length).toBe(6);
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] ?? 0) / 10);
    const predictions = JSON.parse(/predictions (.*)/.exec(out)?.[1] ?? 'null') as number[][];
    expect(predictions.map((row) => Math.round(row[0] ?? NaN))).toEqual([0, 1, 1, 0]);
  });
});

describe('docs/conventions.md', () => {
  /** The Nabla column (the second) of every table under a "## Migrating from ..." heading. */
  const nablaCells = readFileSync(join(docs, 'conventions.md'), 'utf8').split(/^## /m)
    .filter((section) => section.startsWith('Migrating from'))
    .flatMap((section) => section.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('|---')).slice(1))
    .map((row) => row.split(' | ')[1] ?? '');

  it('has a migration table from PyTorch and one from TensorFlow.js', () => {
    expect(nablaCells.length).toBeGreaterThanOrEqual(30);
  });

  it('names only what @nabla/nabla exports and Tensor, Module and optimizer members', async () => {
    await core.setBackend('js');
    const receivers: Record<string, object> = { x: core.tensor([1, 2]), model: layers.Sequential.prototype, opt: optim.Optimizer.prototype };
    const missing: string[] = [];
    let checked = 0;
    for (const cell of nablaCells) {
      for (const span of cell.matchAll(/`([^`]+)`/g)) {
        for (const ref of nablaReferences((span[1] ?? '').replace(/\bnb\./g, ''))) {
          const ok = ref.kind === 'export' ? ref.name in umbrella : ref.name in (receivers[ref.receiver ?? ''] ?? {});
          if (!ok) missing.push(`${ref.receiver ? `${ref.receiver}.` : ''}${ref.name} in ${cell}`);
          checked++;
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(40);
  });
});

describe('docs/migration.md', () => {
  const rows = tableRows(join(docs, 'migration.md'));
  const exported = new Set([core, autograd, layers, optim, datasets, train].flatMap((m) => Object.keys(m)));

  it('maps at least 40 calls', () => {
    const spans = rows.flatMap((r) => [...(r[3] ?? '').matchAll(/`([^`]+)`/g)]);
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(spans.length).toBeGreaterThanOrEqual(60);
  });

  it('names only functions, classes and members that Nabla has', async () => {
    await core.setBackend('js');
    const receivers: Record<string, object> = { x: core.tensor([1, 2]), model: layers.Sequential.prototype, opt: optim.Optimizer.prototype };
    const missing: string[] = [];
    for (const row of rows) {
      for (const span of (row[3] ?? '').matchAll(/`([^`]+)`/g)) {
        const refs = nablaReferences(span[1] ?? '');
        if (refs.length === 0) missing.push(`${row[0]}: \`${span[1]}\` names nothing`);
        for (const ref of refs) {
          const ok = ref.kind === 'export' ? exported.has(ref.name) : ref.name in (receivers[ref.receiver ?? ''] ?? {});
          if (!ok) missing.push(`${row[0]}: ${ref.receiver ? `${ref.receiver}.` : ''}${ref.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('the checker rejects names that do not exist', () => {
    expect(nablaReferences('fooBarOp(x)').map((r) => exported.has(r.name))).toEqual([false]);
    expect(nablaReferences('x.fooBar()')).toEqual([{ kind: 'member', receiver: 'x', name: 'fooBar' }]);
    expect('fooBar' in layers.Module.prototype).toBe(false);
  });
});

describe('guides', () => {
  const guides = ['getting-started.md', 'backends.md', 'memory.md', 'new-op.md', 'migration.md', 'tutorial.md', 'README.md'];

  it('all exist', () => {
    const present = readdirSync(docs);
    for (const guide of guides) expect(present, guide).toContain(guide);
    expect(existsSync(join(repoRoot, 'CONTRIBUTING.md'))).toBe(true);
  });

  it('link only to files that exist', () => {
    const broken: string[] = [];
    for (const file of [...guides.map((g) => join(docs, g)), join(repoRoot, 'CONTRIBUTING.md')]) {
      for (const target of relativeLinks(file)) {
        if (!existsSync(join(dirname(file), target))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

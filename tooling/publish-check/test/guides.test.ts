import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as core from '@nabla/tensor-core';
import * as autograd from '@nabla/autograd';
import * as layers from '@nabla/layers';
import * as optim from '@nabla/optim';
import * as datasets from '@nabla/datasets';
import * as train from '@nabla/train';
import '@nabla/backend-js';
import { codeBlocks, nablaReferences, relativeLinks, tableRows } from '../src/docs/markdown.js';
import { repoRoot } from '../src/workspace.js';
import { run } from '../src/publish/run.js';

const docs = join(repoRoot, 'docs');
const scratch = join(repoRoot, 'tooling/publish-check/.tmp');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** Runs a guide's TypeScript snippet as a script, resolving @nabla packages from their sources. */
function runSnippet(name: string, code: string): string {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `${name}.ts`);
  writeFileSync(file, code);
  return run(process.execPath, [tsxCli, '--conditions=@nabla/source', file], scratch);
}

describe('docs/getting-started.md', () => {
  const blocks = codeBlocks(join(docs, 'getting-started.md'), 'ts');

  it('has the first-tensor and first-model snippets', () => {
    expect(blocks).toHaveLength(2);
  });

  it('first tensor: prints shape, dtype and a·aᵀ + 1', () => {
    const out = runSnippet('first-tensor', blocks[0] ?? '');
    // [[1,2],[3,4]]·[[1,3],[2,4]] = [[5,11],[11,25]]; + 1 → [[6,12],[12,26]]
    expect(out.replace(/\s+/g, ' ')).toContain('[ 2, 2 ] float32 [ [ 6, 12 ], [ 12, 26 ] ]');
  });

  it('first model: the loss falls and the predictions round to the XOR truth table', () => {
    expect((blocks[1] ?? '').split('\n').filter((l) => l.trim().length > 0).length).toBeLessThanOrEqual(24);
    const out = runSnippet('first-model', blocks[1] ?? '');
    const losses = [...out.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
    expect(losses.length).toBe(6);
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] ?? 0) / 10);
    const predictions = JSON.parse(/predictions (.*)/.exec(out)?.[1] ?? 'null') as number[][];
    expect(predictions.map((row) => Math.round(row[0] ?? NaN))).toEqual([0, 1, 1, 0]);
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

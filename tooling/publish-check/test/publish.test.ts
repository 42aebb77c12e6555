import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportedSubpaths, publicPackages, repoRoot } from '../src/workspace.js';
import { pack, type PackedPackage } from '../src/publish/pack.js';
import { tarballContentProblems } from '../src/publish/contents.js';
import { publintTarball } from '../src/publish/publint.js';
import { attwTarball } from '../src/publish/attw.js';
import { installConsumer, packThirdPartyDependencies, runNodeScript } from '../src/publish/consumer.js';
import { createRequire } from 'node:module';
import { viteBuild } from '../src/publish/vite-build.js';
import { run } from '../src/publish/run.js';

const sources = publicPackages();
const work = mkdtempSync(join(tmpdir(), 'nabla-publish-'));
const packed = new Map<string, PackedPackage>();

beforeAll(() => {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const source of sources) packed.set(source.manifest.name, pack(source, tarballs));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the release checks themselves', () => {
  it('cover every published package', () => {
    expect(sources.map((p) => p.manifest.name)).toEqual([
      '@nabla/autograd', '@nabla/backend-js', '@nabla/backend-wasm', '@nabla/backend-webgpu',
      '@nabla/datasets', '@nabla/layers', '@nabla/nabla', '@nabla/optim', '@nabla/tensor-core', '@nabla/train',
    ]);
  });

  it('content check flags sources, tests, maps and a missing licence', () => {
    expect(tarballContentProblems(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'src/index.ts', 'dist/index.js.map', 'test/a.test.ts']))
      .toEqual(['unexpected file src/index.ts', 'unexpected file dist/index.js.map', 'unexpected file test/a.test.ts', 'missing LICENSE']);
  });

  it('publint reports an export that points at a file the tarball lacks', async () => {
    const dir = join(work, 'broken', 'package');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.js'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name: 'broken', version: '1.0.0', type: 'module', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    }));
    const tarball = join(work, 'broken.tgz');
    run('tar', ['-czf', tarball, '-C', join(work, 'broken'), 'package'], work);
    expect((await publintTarball(tarball)).join('\n')).toMatch(/FILE_DOES_NOT_EXIST/);
  });
});

describe.each(sources.map((s) => s.manifest.name))('%s tarball', (name) => {
  it('holds only dist/, README.md, LICENSE and package.json', () => {
    expect(tarballContentProblems(packed.get(name)?.files ?? [])).toEqual([]);
  });

  it('has a published manifest without workspace: ranges or the @nabla/source condition', () => {
    const manifest = packed.get(name)?.manifest;
    const text = JSON.stringify({ exports: manifest?.exports, dependencies: manifest?.dependencies });
    expect(text).not.toMatch(/workspace:|@nabla\/source|\.\/src\//);
  });

  it('passes publint (strict, suggestions included)', async () => {
    expect(await publintTarball(packed.get(name)?.tarball ?? '')).toEqual([]);
  });

  it('passes @arethetypeswrong for ESM consumers (node16 and bundler resolution)', async () => {
    expect(await attwTarball(packed.get(name)?.tarball ?? '')).toEqual([]);
  });
});

describe('a fresh project installing the tarballs (npm install --offline)', () => {
  const consumer = join(work, 'consumer');
  beforeAll(() => {
    const all = [...packed.values()];
    installConsumer(consumer, all, packThirdPartyDependencies(all, join(work, 'tarballs')));
  });

  it('imports every exported subpath of every package under Node ESM', () => {
    const imports = sources.flatMap((s) => exportedSubpaths(s.manifest).map((sub) => s.manifest.name + sub.slice(1)));
    const script = `const names = ${JSON.stringify(imports)};\n` +
      'const counts = {};\nfor (const n of names) counts[n] = Object.keys(await import(n)).length;\n' +
      'console.log(JSON.stringify(counts));\n';
    const counts = JSON.parse(runNodeScript(consumer, 'imports.mjs', script)) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([...imports].sort());
    for (const n of imports) expect(counts[n], n).toBeGreaterThan(0);
  });

  it('type-checks against the published .d.ts files under strict tsc with skipLibCheck off', () => {
    const imports = sources.flatMap((s) => exportedSubpaths(s.manifest).map((sub) => s.manifest.name + sub.slice(1)));
    writeFileSync(join(consumer, 'check.ts'), imports.map((n, i) => `import * as m${i} from '${n}';\n`).join('') +
      `export const modules = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false,
        noEmit: true, types: [], lib: ['ES2023', 'DOM', 'ESNext.Disposable'],
      },
      include: ['check.ts'],
    }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    expect(() => run(process.execPath, [tsc, '-p', '.'], consumer)).not.toThrow();
  });

  it('type-checks without the DOM lib or @types/node (nodenext, skipLibCheck off)', () => {
    // check.ts was written by the test above; only the environment's types change
    writeFileSync(join(consumer, 'tsconfig.nodom.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false,
        noEmit: true, types: [], lib: ['ES2023', 'ESNext.Disposable'],
      },
      include: ['check.ts'],
    }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    expect(() => run(process.execPath, [tsc, '-p', 'tsconfig.nodom.json'], consumer)).not.toThrow();
  });

  it('require() loads every exported subpath from CommonJS and computes (Node >= 20.19)', () => {
    const imports = sources.flatMap((s) => exportedSubpaths(s.manifest).map((sub) => s.manifest.name + sub.slice(1)));
    const script = `const names = ${JSON.stringify(imports)};\n` +
      'const counts = {};\nfor (const n of names) counts[n] = Object.keys(require(n)).length;\n' +
      "const { tensor } = require('@nabla/tensor-core');\nrequire('@nabla/backend-js');\n" +
      'const product = Array.from(tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]])).dataSync());\n' +
      'console.log(JSON.stringify({ counts, product }));\n';
    const out = JSON.parse(runNodeScript(consumer, 'require.cjs', script)) as { counts: Record<string, number>; product: number[] };
    expect(Object.keys(out.counts).sort()).toEqual([...imports].sort());
    for (const n of imports) expect(out.counts[n], n).toBeGreaterThan(0);
    expect(out.product).toEqual([17, 39]);
  });

  it('computes a matmul and a gradient on the js and wasm backends under Node ESM', () => {
    const script = `
import { tensor, setBackend } from '@nabla/tensor-core';
import '@nabla/autograd';
import '@nabla/backend-js';
import '@nabla/backend-wasm';
const out = {};
for (const name of ['js', 'wasm']) {
  await setBackend(name);
  const product = tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]]));
  const x = tensor([1, 2, 3]);
  x.requiresGrad = true;
  x.mul(x).sum().backward();
  out[name] = { product: Array.from(await product.data()), grad: Array.from(await x.grad.data()) };
}
console.log(JSON.stringify(out));
`;
    const out = JSON.parse(runNodeScript(consumer, 'compute.mjs', script)) as Record<string, { product: number[]; grad: number[] }>;
    for (const backend of ['js', 'wasm']) {
      // [[1,2],[3,4]]·[[5],[6]] = [[1·5+2·6],[3·5+4·6]]; d/dx Σx² = 2x.
      expect(out[backend]?.product, backend).toEqual([17, 39]);
      expect(out[backend]?.grad, backend).toEqual([2, 4, 6]);
    }
  });

  it('runs every tutorial script (packages/layers/examples) against the installed packages, outside the repository', () => {
    const examples = join(repoRoot, 'packages/layers/examples');
    const tutorial = join(consumer, 'tutorial');
    mkdirSync(tutorial, { recursive: true });
    const scripts = readdirSync(examples).filter((f) => f.endsWith('.ts') && f !== 'is-main.ts');
    expect(scripts.length).toBeGreaterThanOrEqual(8);
    for (const file of readdirSync(examples).filter((f) => f.endsWith('.ts'))) copyFileSync(join(examples, file), join(tutorial, file));
    // tsx resolves the imports from the script's folder: the consumer's node_modules, not the workspace
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const outputs: Record<string, string> = {};
    for (const script of scripts) outputs[script] = run(process.execPath, [tsx, join(tutorial, script)], tutorial);
    expect(outputs['feedforward.ts']).toContain('z(2) = [2, 2, 5]');
    expect(outputs['feedforward.ts']).toContain('h(x) = 1');
    for (const script of scripts) expect(outputs[script]?.length, script).toBeGreaterThan(0);
  });

  it('builds with Vite for the browser, with the WASM and WebGPU backends as lazy chunks, and the bundle runs', async () => {
    const source = `
import { tensor, setBackend, listBackends } from '@nabla/tensor-core';
import '@nabla/autograd';
import '@nabla/backend-js';
import { Dense } from '@nabla/layers';
import { mse } from '@nabla/optim';
// A page loads a heavier backend only when it is chosen; the loaders must survive tree-shaking.
globalThis.nablaBackendLoaders = { wasm: () => import('@nabla/backend-wasm'), webgpu: () => import('@nabla/backend-webgpu') };
await setBackend('js');
const layer = Dense.fromTheta([[1, 2, 3]]);
const y = layer.forward(tensor([[1, 1]]));
const loss = mse(y, tensor([[4]]));
loss.backward();
console.log(JSON.stringify({ backends: listBackends().map((b) => b.name), y: Array.from(await y.data()), loss: Array.from(await loss.data()) }));
`;
    const built = await viteBuild(consumer, source);
    expect(built.chunks.length).toBeGreaterThanOrEqual(3);
    // Strings minification keeps: the WebGPU backend asks for navigator.gpu, the WASM one instantiates modules.
    const text = (file: string): string => readFileSync(join(consumer, 'dist', file), 'utf8');
    expect(text('main.js')).not.toMatch(/navigator\.gpu|WebAssembly\./);
    expect(built.chunks.filter((c) => /navigator\.gpu/.test(text(c)))).toHaveLength(1);
    expect(built.chunks.filter((c) => /WebAssembly\./.test(text(c)))).toHaveLength(1);
    const out = JSON.parse(run(process.execPath, [built.entry], consumer)) as { backends: string[]; y: number[]; loss: number[] };
    // Θ = [1, 2, 3] is bias 1 and weights [2, 3]: y = 1 + 2 + 3 = 6; MSE against 4 is (6 − 4)² = 4.
    expect(out).toEqual({ backends: ['js'], y: [6], loss: [4] });
  });
});

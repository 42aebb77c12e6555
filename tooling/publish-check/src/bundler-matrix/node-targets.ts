import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { run } from '../publish/run.js';
import { exportedSubpaths, type PackageManifest } from '../workspace.js';

/** A non-bundler consumer of the installed tarballs: Node's two module systems and tsc. */
export interface NodeTarget {
  name: string;
  /** Runs the check in the project; throws (CommandError) when it fails. */
  check(project: string, manifests: readonly PackageManifest[]): void;
}

/** Every import specifier the published packages offer ("@nabla/train/node", ...). */
function specifiers(manifests: readonly PackageManifest[]): string[] {
  return manifests.flatMap((m) => exportedSubpaths(m).map((sub) => m.name + sub.slice(1)));
}

/** XOR on the js and wasm backends, then a check of the predictions (same steps as the page). */
const trainXor = `
const out = {};
for (const name of ['js', 'wasm']) {
  await setBackend(name);
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  const model = new Sequential(new Dense(2, 8, { seed: 1 }), new Tanh(), new Dense(8, 1, { seed: 2 }), new Sigmoid());
  const optimizer = new Adam(model.parameters(), { lr: 0.05 });
  for (let step = 0; step < 500; step++) tidy(() => { optimizer.zeroGrad(); const l = mse(model.forward(x), y); l.backward(); optimizer.step(); });
  out[name] = Array.from(await noGrad(() => model.forward(x)).data()).map(Math.round).join('');
}
if (out.js !== '0110' || out.wasm !== '0110') throw new Error('XOR not learned: ' + JSON.stringify(out));
console.log(JSON.stringify(out));
`;

function tsc(project: string, config: string, compilerOptions: Record<string, unknown>): void {
  writeFileSync(join(project, config), JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', ...compilerOptions }, include: ['check-types.ts'] }));
  const tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  run(process.execPath, [tscBin, '-p', config], project);
}

function writeTypeCheckSource(project: string, manifests: readonly PackageManifest[]): void {
  const names = specifiers(manifests);
  writeFileSync(join(project, 'check-types.ts'), names.map((n, i) => `import * as m${i} from '${n}';\n`).join('') +
    `export const modules = [${names.map((_, i) => `m${i}`).join(', ')}];\n`);
}

/** Node ESM, Node CJS (require of the ESM packages, Node >= 20.19) and strict tsc in both resolutions. */
export const nodeTargets: readonly NodeTarget[] = [
  {
    name: 'Node ESM',
    check(project, manifests) {
      writeFileSync(join(project, 'node-esm.mjs'), `for (const n of ${JSON.stringify(specifiers(manifests))}) await import(n);\n` +
        "import { setBackend, tensor, tidy } from '@nabla/tensor-core';\nimport { noGrad } from '@nabla/autograd';\n" +
        "import '@nabla/backend-js';\nimport '@nabla/backend-wasm';\n" +
        "import { Dense, Sequential, Sigmoid, Tanh } from '@nabla/layers';\nimport { Adam, mse } from '@nabla/optim';\n" + trainXor);
      run(process.execPath, ['node-esm.mjs'], project);
    },
  },
  {
    name: 'Node CJS (require)',
    check(project, manifests) {
      writeFileSync(join(project, 'node-cjs.cjs'), `for (const n of ${JSON.stringify(specifiers(manifests))}) require(n);\n` +
        "const { setBackend, tensor, tidy } = require('@nabla/tensor-core');\nconst { noGrad } = require('@nabla/autograd');\n" +
        "require('@nabla/backend-js');\nrequire('@nabla/backend-wasm');\n" +
        "const { Dense, Sequential, Sigmoid, Tanh } = require('@nabla/layers');\nconst { Adam, mse } = require('@nabla/optim');\n" +
        `(async () => {${trainXor}})().catch((e) => { console.error(e); process.exit(1); });\n`);
      run(process.execPath, ['node-cjs.cjs'], project);
    },
  },
  {
    name: 'TypeScript (bundler)',
    check(project, manifests) {
      writeTypeCheckSource(project, manifests);
      tsc(project, 'tsconfig.bundler.json', { module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM', 'ESNext.Disposable'], types: [] });
    },
  },
  {
    name: 'TypeScript (nodenext, no DOM)',
    check(project, manifests) {
      writeTypeCheckSource(project, manifests);
      tsc(project, 'tsconfig.nodenext.json', { module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'ESNext.Disposable'], types: [] });
    },
  },
];

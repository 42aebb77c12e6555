#!/usr/bin/env node
/** nabla-mnist: train, eval, predict and report for a LeNet-style CNN on MNIST. */
import '@nabla/autograd';
import { loadData } from './data.js';
import { evaluate, probabilities } from './evaluate.js';
import { ONNX_NAMES, exportModelOnnx } from './export.js';
import { PYTORCH_NAMES, exportRunPyTorch } from './pytorch-export.js';
import { PREPROCESSING, readPng, toDatasetImage } from './image.js';
import { renderReport, writeReport } from './report.js';
import { loadRun, type RunConfig } from './run-files.js';
import { DEFAULT_ARCHITECTURE, describeArchitecture } from './model.js';
import { train } from './train.js';
import {
  UserError, checkOutputPath, chooseBackend, interruptOnSigint, loadPyTorchWeights, oneOf, parseCommandLine, positiveInt, positiveNumber, refuseConflictingFlags, runMain,
} from '@nabla/cli-kit';
import { FASHION_MNIST_SPEC, MNIST_SPEC } from '@nabla/datasets';
import { RunFolder } from '@nabla/train/node';
import { backendName } from '@nabla/tensor-core';
import { join, resolve } from 'node:path';

const USAGE = `usage: pnpm mnist <command> [options]

commands:
  train              train the CNN (progress bar per epoch; Ctrl-C saves and stops)
  eval               test accuracy and confusion matrix of a checkpoint
  predict <png>      classify a PNG image (any size, grayscale or RGB)
  report             write an HTML report (plots, confusion matrix, mistakes)
  export --onnx FILE write the trained CNN as ONNX (opset 17; input 'image' [batch, 1, 28, 28], output 'logits')
  export --pytorch DIR   write the CNN as a PyTorch module, its weights and train_ddp.py (torchrun, torch.distributed)

options:
  --backend js|wasm|webgpu   default: the fastest available (wasm, then js)
  --epochs N                 default 3
  --batch-size N             default 64
  --lr X                     peak learning rate, cosine-annealed to 0; default 0.003 (adam) / 0.05 (sgd)
  --channels C1,C2           conv filters, default 16,32
  --hidden N                 dense hidden units, default 128
  --optimizer sgd|adam       default adam
  --seed N                   default 1
  --out DIR                  run folder, default runs/mnist
  --resume                   continue the run in --out exactly where it stopped (its saved settings;
                             a flag that contradicts them is refused; --epochs N extends the plan)
  --force                    train into a non-empty --out, replacing the run there
  --dataset mnist|fashion    default mnist (fashion needs Debian's dataset-fashion-mnist)
  --data-dir DIR             read the four IDX files from DIR instead
  --report FILE              report path, default <out>/report.html
  --limit-train N, --limit-test N   use only the first N images (quick runs)
  --onnx FILE                export: the ONNX file to write (any batch size)
  --pytorch DIR              export: the folder for model.py, weights.safetensors and train_ddp.py
  --from-pytorch FILE        eval/predict/report with a state dict trained in PyTorch (e.g. by train_ddp.py)
`;

const log = (line: string): void => console.log(line);

function channelsFrom(channels: string | undefined): [number, number] | undefined {
  if (channels === undefined) return undefined;
  const [c1, c2, extra] = channels.split(',').map((c) => positiveInt('channels', c, 0));
  if (c2 === undefined || extra !== undefined) throw new UserError(`--channels takes two counts like 8,16, got '${channels}'`);
  return [c1, c2];
}

const optional = <T>(value: string | undefined, parse: (v: string) => T): T | undefined => (value === undefined ? undefined : parse(value));

async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv, USAGE, ['train', 'eval', 'predict', 'report', 'export'], {
    backend: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' }, lr: { type: 'string' },
    optimizer: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, resume: { type: 'boolean' }, force: { type: 'boolean' },
    dataset: { type: 'string' }, channels: { type: 'string' }, hidden: { type: 'string' }, 'data-dir': { type: 'string' }, report: { type: 'string' },
    'limit-train': { type: 'string' }, 'limit-test': { type: 'string' }, onnx: { type: 'string' },
    pytorch: { type: 'string' }, 'from-pytorch': { type: 'string' },
  });
  if ('exitCode' in line) return line.exitCode;
  const { command, values: v, positionals } = line;
  const out = v.out ?? join('runs', 'mnist');
  // every flag as given (undefined when absent): defaults apply to new runs only, never to --resume
  const given = {
    dataset: optional(v.dataset, (d) => oneOf('dataset', d, ['mnist', 'fashion'] as const, 'mnist')),
    dataDir: optional(v['data-dir'], (d) => resolve(d)),
    limitTrain: optional(v['limit-train'], (n) => positiveInt('limit-train', n, 0)),
    limitTest: optional(v['limit-test'], (n) => positiveInt('limit-test', n, 0)),
    optimizer: optional(v.optimizer, (o) => oneOf('optimizer', o, ['sgd', 'adam'] as const, 'adam')),
    lr: optional(v.lr, (x) => positiveNumber('lr', x, 0)),
    batchSize: optional(v['batch-size'], (n) => positiveInt('batch-size', n, 0)),
    seed: optional(v.seed, (n) => positiveInt('seed', n, 0)),
    channels: channelsFrom(v.channels),
    hidden: optional(v.hidden, (n) => positiveInt('hidden', n, 0)),
  };
  const epochs = optional(v.epochs, (n) => positiveInt('epochs', n, 0));
  const backend = await chooseBackend(v.backend, log);

  if (command === 'train') {
    const folder = new RunFolder(out);
    const interrupt = interruptOnSigint();
    let config: RunConfig;
    const resumed = v.resume ? await loadRun(out) : undefined;
    if (v.resume && v.force) throw new UserError('--resume and --force contradict each other: --resume continues the run in --out, --force replaces it');
    if (resumed) {
      const saved = resumed.config;
      const { channels, hidden, ...rest } = given;
      refuseConflictingFlags(out, { ...rest, channels, hidden }, { ...saved, channels: [saved.architecture.conv1, saved.architecture.conv2], hidden: saved.architecture.hidden, dataDir: saved.dataDir ?? undefined, limitTrain: saved.limitTrain ?? undefined, limitTest: saved.limitTest ?? undefined });
      config = { ...saved, epochs: epochs ?? saved.epochs };
      if (config.epochs !== saved.epochs) process.stderr.write(`warning: --epochs ${config.epochs} changes the plan of ${saved.epochs} epoch(s): the learning-rate schedule is stretched over the new length, so the rest differs from a run planned that way\n`);
      if (config.epochs < resumed.state.epoch) throw new UserError(`--epochs ${config.epochs} is fewer than the ${resumed.state.epoch} epochs already done in '${out}'`);
      log(`resuming ${out} at epoch ${resumed.state.epoch + 1}, batch ${resumed.state.index}`);
    } else {
      await folder.prepareNew({ force: v.force ?? false, hint: 'continue it with --resume, or replace it with --force' }).catch((err: unknown) => { throw new UserError(err instanceof Error ? err.message : String(err)); });
      const optimizer = given.optimizer ?? 'adam';
      const [conv1, conv2] = given.channels ?? [DEFAULT_ARCHITECTURE.conv1, DEFAULT_ARCHITECTURE.conv2];
      config = {
        version: 2, architecture: { ...DEFAULT_ARCHITECTURE, conv1, conv2, hidden: given.hidden ?? DEFAULT_ARCHITECTURE.hidden },
        dataset: given.dataset ?? 'mnist', dataDir: given.dataDir ?? null, limitTrain: given.limitTrain ?? null, limitTest: given.limitTest ?? null,
        optimizer, lr: given.lr ?? (optimizer === 'adam' ? 0.003 : 0.05), batchSize: given.batchSize ?? 64, seed: given.seed ?? 1, epochs: epochs ?? 3,
      };
    }
    const data = await loadData(dataOptions(config));
    log(`model: ${describeArchitecture(config.architecture)} · backend: ${backendName()} · ${config.optimizer} lr ${config.lr} · batch ${config.batchSize} · ${data.train.length} train / ${data.test.length} test images`);
    const started = performance.now();
    const result = await train(out, config, data, interrupt.signal, resumed);
    interrupt.dispose();
    const testAccuracy = result.epochs.at(-1)?.values.val_accuracy;
    const figure = testAccuracy === undefined ? '' : `test accuracy ${(testAccuracy * 100).toFixed(2)}% · `;
    if (result.status === 'aborted') log(`interrupted: saved to ${out} at epoch ${result.state.epoch + 1}, batch ${result.state.index}; continue with --resume`);
    log(`${result.status === 'aborted' ? 'stopped' : 'done'}: ${figure}${((performance.now() - started) / 1000).toFixed(1)} s on '${backend}' · saved to ${out}`);
    return result.status === 'aborted' ? 130 : 0;
  }

  if (command === 'export' && !v.onnx && !v.pytorch) throw new UserError('export needs the file to write: pnpm mnist export --onnx model.onnx (or --pytorch DIR)');
  if (command === 'export' && v.pytorch) await checkOutputPath('pytorch', v.pytorch, out);
  else if (command === 'export') await checkOutputPath('onnx', v.onnx as string, out);
  const reportPath = v.report ?? join(out, 'report.html');
  if (command === 'report') await checkOutputPath('report', reportPath, out);
  const run = await loadRun(out);
  if (v['from-pytorch']) await loadPyTorchWeights(run.model, v['from-pytorch']);
  const { classNames } = run.config.dataset === 'fashion' ? FASHION_MNIST_SPEC : MNIST_SPEC;
  if (command === 'export' && v.pytorch) {
    const exported = await exportRunPyTorch(run.model, run.config, v.pytorch, v['data-dir'] ?? run.config.dataDir ?? undefined);
    log(`wrote ${Object.keys(exported.files).concat(PYTORCH_NAMES.script).join(', ')} to ${v.pytorch} (class ${exported.className})`);
    log(`train there: cd ${v.pytorch} && torchrun --nproc_per_node 2 ${PYTORCH_NAMES.script} --out trained.safetensors  (Debian's torch 1.13: add --redirects 1 --tee 1)`);
    log(`then: pnpm mnist eval --from-pytorch ${join(v.pytorch, 'trained.safetensors')} --out ${out}`);
    return 0;
  }
  if (command === 'export') {
    const path = v.onnx as string;
    const onnx = await exportModelOnnx(run.model, path);
    log(`wrote ${path}: ONNX opset ${onnx.opsetVersion}, ${onnx.graph.nodes.length} nodes, input '${ONNX_NAMES.input}' [batch, 1, 28, 28] → output '${ONNX_NAMES.output}' [batch, ${run.config.architecture.classes}]`);
    return 0;
  }
  if (command === 'predict') {
    const path = positionals[1];
    if (!path) throw new UserError('predict needs an image path: pnpm mnist predict digit.png');
    const image = toDatasetImage(readPng(path), PREPROCESSING[run.config.dataset]);
    const probs = await probabilities(run.model, image);
    const ranked = Array.from(probs, (p, i) => [classNames[i], p] as const).sort((a, b) => b[1] - a[1]);
    log(`prediction: ${ranked[0][0]}`);
    log(`top-3: ${ranked.slice(0, 3).map(([c, p]) => `${c} (${(p * 100).toFixed(1)}%)`).join(', ')}`);
    return 0;
  }
  const data = await loadData({ ...dataOptions(run.config), ...(given.limitTest === undefined ? {} : { limitTest: given.limitTest }) });
  const evaluation = await evaluate(run.model, data.test);
  if (command === 'eval') {
    log(`test accuracy: ${(evaluation.accuracy * 100).toFixed(2)}% (${data.test.length} ${run.config.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST'} images, backend '${backend}')`);
    log('confusion matrix (rows: true class, columns: predicted):');
    const width = Math.max(5, ...classNames.map((c) => c.length + 1));
    log(`${''.padStart(width)} ${classNames.map((c) => c.padStart(width)).join('')}`);
    evaluation.confusion.forEach((row, i) => log(`${classNames[i].padStart(width)} ${row.map((c) => String(c).padStart(width)).join('')}`));
    return 0;
  }
  await writeReport(reportPath, renderReport(run.config, run.history, evaluation, data));
  log(`report written to ${reportPath}`);
  return 0;
}

/** Where a run's data comes from (saved in its manifest). */
function dataOptions(config: RunConfig): Parameters<typeof loadData>[0] {
  return { dataset: config.dataset, dataDir: config.dataDir ?? undefined, limitTrain: config.limitTrain ?? undefined, limitTest: config.limitTest ?? undefined };
}

runMain(() => main(process.argv.slice(2)));

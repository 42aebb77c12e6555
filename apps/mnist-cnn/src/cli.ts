#!/usr/bin/env node
/** nabla-mnist: train, eval, predict and report for a LeNet-style CNN on MNIST. */
import '@nabla/autograd';
import { loadData } from './data.js';
import { evaluate, probabilities } from './evaluate.js';
import { ONNX_NAMES, exportModelOnnx } from './export.js';
import { PYTORCH_NAMES, exportRunPyTorch, loadPyTorchWeights } from './pytorch-export.js';
import { readPng, toMnistDigit } from './image.js';
import { renderReport, writeReport } from './report.js';
import { loadRun } from './run-files.js';
import { DEFAULT_ARCHITECTURE, type Architecture } from './model.js';
import { train } from './train.js';
import { UserError, chooseBackend, oneOf, parseCommandLine, positiveInt, positiveNumber, runMain } from '@nabla/cli-kit';
import { join } from 'node:path';

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
  --resume                   continue the run in --out exactly where it stopped
  --dataset mnist|fashion    default mnist (fashion needs Debian's dataset-fashion-mnist)
  --data-dir DIR             read the four IDX files from DIR instead
  --report FILE              report path, default <out>/report.html
  --limit-train N, --limit-test N   use only the first N images (quick runs)
  --stop-after N             stop and save after N batches, as Ctrl-C would
  --onnx FILE                export: the ONNX file to write (any batch size)
  --pytorch DIR              export: the folder for model.py, weights.safetensors and train_ddp.py
  --from-pytorch FILE        eval/predict/report with a state dict trained in PyTorch (e.g. by train_ddp.py)
`;

const log = (line: string): void => console.log(line);

function architectureFrom(channels: string | undefined, hidden: string | undefined): Architecture {
  const [c1, c2] = channels === undefined ? [DEFAULT_ARCHITECTURE.conv1, DEFAULT_ARCHITECTURE.conv2] : channels.split(',').map((c) => positiveInt('channels', c, 0));
  if (c2 === undefined) throw new UserError(`--channels takes two counts like 8,16, got '${channels}'`);
  return { ...DEFAULT_ARCHITECTURE, conv1: c1, conv2: c2, hidden: positiveInt('hidden', hidden, DEFAULT_ARCHITECTURE.hidden) };
}

async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv, USAGE, ['train', 'eval', 'predict', 'report', 'export'], {
    backend: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' }, lr: { type: 'string' },
    optimizer: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, resume: { type: 'boolean' },
    dataset: { type: 'string' }, channels: { type: 'string' }, hidden: { type: 'string' }, 'data-dir': { type: 'string' }, report: { type: 'string' },
    'limit-train': { type: 'string' }, 'limit-test': { type: 'string' }, 'stop-after': { type: 'string' },
    onnx: { type: 'string' }, pytorch: { type: 'string' }, 'from-pytorch': { type: 'string' },
  });
  if ('exitCode' in line) return line.exitCode;
  const { command, values: v, positionals } = line;
  const out = v.out ?? join('runs', 'mnist');
  const dataset = oneOf('dataset', v.dataset, ['mnist', 'fashion'] as const, 'mnist');
  const limits = { limitTrain: v['limit-train'] ? positiveInt('limit-train', v['limit-train'], 0) : undefined, limitTest: v['limit-test'] ? positiveInt('limit-test', v['limit-test'], 0) : undefined };
  const backend = await chooseBackend(v.backend, log);

  if (command === 'train') {
    const optimizer = oneOf('optimizer', v.optimizer, ['sgd', 'adam'] as const, 'adam');
    const options = {
      out, dataset, optimizer, resume: v.resume ?? false,
      epochs: positiveInt('epochs', v.epochs, 3),
      batchSize: positiveInt('batch-size', v['batch-size'], 64),
      lr: positiveNumber('lr', v.lr, optimizer === 'adam' ? 0.003 : 0.05),
      architecture: architectureFrom(v.channels, v.hidden),
      seed: v.seed === undefined ? 1 : positiveInt('seed', v.seed, 1),
    };
    const data = await loadData({ dataset, dataDir: v['data-dir'], ...limits });
    let stop = false;
    const onSigint = (): void => {
      if (stop) process.exit(130);
      stop = true;
      process.stderr.write('\nstopping after this batch (Ctrl-C again to quit without saving)...\n');
    };
    process.on('SIGINT', onSigint);
    // --stop-after N behaves like Ctrl-C after N batches of this invocation (used by the resume tests)
    const stopAfter = v['stop-after'] === undefined ? Infinity : positiveInt('stop-after', v['stop-after'], 1);
    let batches = 0;
    const result = await train(data, { ...options, log, stopRequested: () => stop || ++batches >= stopAfter });
    process.off('SIGINT', onSigint);
    log(`${result.interrupted ? 'stopped' : 'done'}: test accuracy ${(result.testAccuracy * 100).toFixed(2)}% · ${result.seconds.toFixed(1)} s on '${backend}' · saved to ${out}`);
    return result.interrupted ? 130 : 0;
  }

  if (command === 'export' && !v.onnx && !v.pytorch) throw new UserError('export needs the file to write: pnpm mnist export --onnx model.onnx (or --pytorch DIR)');
  const run = await loadRun(out);
  if (v['from-pytorch']) await loadPyTorchWeights(run.model, v['from-pytorch']);
  if (command === 'export' && v.pytorch) {
    const exported = await exportRunPyTorch(run.model, run.config, v.pytorch, v['data-dir']);
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
    const digit = toMnistDigit(readPng(path));
    const probs = await probabilities(run.model, digit);
    const ranked = Array.from(probs, (p, i) => [i, p] as const).sort((a, b) => b[1] - a[1]);
    log(`prediction: ${ranked[0][0]}`);
    log(`top-3: ${ranked.slice(0, 3).map(([c, p]) => `${c} (${(p * 100).toFixed(1)}%)`).join(', ')}`);
    return 0;
  }
  const data = await loadData({ dataset: run.config.dataset, dataDir: v['data-dir'], ...limits });
  const evaluation = await evaluate(run.model, data.test);
  if (command === 'eval') {
    log(`test accuracy: ${(evaluation.accuracy * 100).toFixed(2)}% (${data.test.length} images, backend '${backend}')`);
    log('confusion matrix (rows: true label, columns: predicted):');
    log(`      ${data.classNames.map((_, i) => String(i).padStart(5)).join('')}`);
    evaluation.confusion.forEach((row, i) => log(`${String(i).padStart(5)} ${row.map((c) => String(c).padStart(5)).join('')}`));
    return 0;
  }
  const reportPath = v.report ?? join(out, 'report.html');
  await writeReport(reportPath, renderReport(run.config, run.history, evaluation, data));
  log(`report written to ${reportPath}`);
  return 0;
}

runMain(() => main(process.argv.slice(2)));

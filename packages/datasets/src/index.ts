/** @nabla/datasets — browser-safe core. Node file-system loaders live in `@nabla/datasets/node`. */
export { DatasetError, IdxFormatError, CsvFormatError, DataSourceError, TokenizerError, DatasetArgumentError, TextEncodingError } from './errors.js';

export { Mulberry32, deriveSeed } from './random/mulberry32.js';
export { seededPermutation } from './random/permutation.js';

export type { IdxDType, IdxArray, IdxArrayMap } from './idx/idx-types.js';
export { parseIdx, type IdxExpectation } from './idx/parse-idx.js';
export { readIdx, type ReadIdxOptions } from './idx/read-idx.js';
export { DEFAULT_MAX_IDX_BYTES } from './idx/inflate-idx.js';
export { isGzip, gunzipWithStreams, type Gunzip } from './idx/gunzip.js';

export {
  MNIST_SPEC, FASHION_MNIST_SPEC,
  type ImageDatasetSpec, type PixelScaling, type ImageLayout, type ImageLoadOptions, type PixelArray, type ImageSplit, type ImageClassificationData,
} from './images/image-dataset.js';
export { loadImageDataset, type FileFetcher } from './images/load-image-dataset.js';
export { urlFetcher } from './images/fetch-from-url.js';
export { loadMnistFromUrl, loadFashionMnistFromUrl } from './images/load-from-url.js';

export { dataset2D, type Dataset2D, type PlaygroundOptions } from './playground/dataset-2d.js';
export { circleData, xorData, gaussData, spiralData } from './playground/classification.js';
export { planeData, multiGaussianData, multiGaussianTarget } from './playground/regression.js';
export { multiclassSpiralData, type MulticlassSpiralOptions, type MulticlassDataset2D } from './playground/multiclass-spiral.js';
export { playgroundFeatures, PLAYGROUND_FEATURES, type PlaygroundFeature } from './playground/features.js';
export { signLabelsToBinary } from './playground/binary-labels.js';
export { parsePlaygroundCsv, type CsvLabels, type PlaygroundCsvOptions } from './playground/parse-csv.js';

export { UNK, BOS, EOS, SPECIAL_TOKENS, buildVocabulary, type VocabularyOptions } from './text/vocabulary.js';
export { Tokenizer, type EncodeOptions, type DecodeOptions, type TokenizerJSON } from './text/tokenizer.js';
export { CharTokenizer, type CharTokenizerOptions } from './text/char-tokenizer.js';
export { WordTokenizer, type WordTokenizerOptions } from './text/word-tokenizer.js';
export { tokenizerFromJSON, tokenizerToJSON } from './text/tokenizer-json.js';
export { WindowDataset, type WindowSample } from './text/window-dataset.js';
export { SequenceBatches, type SequenceBatchOptions } from './text/sequence-batches.js';
export { splitSequence, DEFAULT_SPLIT, type SplitFractions, type TextSplit } from './text/split-text.js';

export { shapeSize, isNumericArray, type HostArray, type NumericArray } from './loader/host-array.js';
export type { Dataset, Sample, SampleValue, HostBatch } from './loader/dataset.js';
export { ArrayDataset, type ArrayColumn, type ArraySource } from './loader/array-dataset.js';
export { collate } from './loader/collate.js';
export { DataLoader, type DataLoaderOptions } from './loader/data-loader.js';
export { splitIndices, subset, type IndexSplit, type SplitOptions } from './loader/split.js';
export { toTensor, batchToTensors, type TensorBatch } from './loader/to-tensor.js';

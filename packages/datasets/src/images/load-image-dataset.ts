import { IdxFormatError } from '../errors.js';
import type { Gunzip } from '../idx/gunzip.js';
import { readIdx } from '../idx/read-idx.js';
import type {
  ImageClassificationData, ImageDatasetSpec, ImageLoadOptions, ImageSplit, PixelArray, PixelScaling,
} from './image-dataset.js';

/** Fetches one file's bytes by its base name (e.g. `'train-images-idx3-ubyte'`). */
export type FileFetcher = (fileName: string) => Promise<{
  /** The file's content (gzip-compressed or not: the IDX reader detects it). */
  bytes: Uint8Array;
  /** Where the bytes came from (a path or URL), named in format errors. */
  name: string;
}>;

/**
 * Load an MNIST-format dataset through `fetchFile`, validating every file against `spec`
 * (type, shape, counts, label range) and scaling pixels as requested.
 */
export async function loadImageDataset<S extends PixelScaling = 'unit'>(
  spec: ImageDatasetSpec,
  fetchFile: FileFetcher,
  options: ImageLoadOptions<S> = {},
  gunzip?: Gunzip,
): Promise<ImageClassificationData<S>> {
  const train = await loadSplit(spec, fetchFile, spec.files.trainImages, spec.files.trainLabels, spec.trainCount, options, gunzip);
  const test = await loadSplit(spec, fetchFile, spec.files.testImages, spec.files.testLabels, spec.testCount, options, gunzip);
  return { name: spec.name, train, test, classNames: spec.classNames };
}

async function loadSplit<S extends PixelScaling>(
  spec: ImageDatasetSpec,
  fetchFile: FileFetcher,
  imagesFile: string,
  labelsFile: string,
  count: number,
  options: ImageLoadOptions<S>,
  gunzip: Gunzip | undefined,
): Promise<ImageSplit<S>> {
  const labelBytes = await fetchFile(labelsFile);
  const labelIdx = await readIdx(labelBytes.bytes, labelBytes.name, { dtype: 'uint8', shape: [count], gunzip });
  const labels = new Int32Array(count);
  const numClasses = spec.classNames.length;
  for (let i = 0; i < count; i++) {
    const label = labelIdx.data[i];
    if (label >= numClasses) {
      throw new IdxFormatError(labelBytes.name, `label ${label} at index ${i} is out of range 0..${numClasses - 1}`);
    }
    labels[i] = label;
  }
  const imageBytes = await fetchFile(imagesFile);
  const imageIdx = await readIdx(imageBytes.bytes, imageBytes.name, { dtype: 'uint8', shape: [count, spec.height, spec.width], gunzip });
  const pixels = scalePixels(imageIdx.data as Uint8Array, spec, options.scale ?? 'unit') as PixelArray<S>;
  const shape = (options.layout ?? 'flat') === 'image' ? [count, 1, spec.height, spec.width] : [count, spec.height * spec.width];
  return { images: { data: pixels, shape }, labels: { data: labels, shape: [count] }, length: count };
}

function scalePixels(raw: Uint8Array, spec: ImageDatasetSpec, scale: PixelScaling): Uint8Array | Float32Array {
  if (scale === 'raw') return raw.slice();
  const out = new Float32Array(raw.length);
  // x/255 for 'unit'; (x/255 - mean)/std for 'standard', through a 256-entry lookup table.
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = scale === 'unit' ? v / 255 : (v / 255 - spec.mean) / spec.std;
  for (let i = 0; i < raw.length; i++) out[i] = table[raw[i]];
  return out;
}

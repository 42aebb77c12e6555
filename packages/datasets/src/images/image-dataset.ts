import type { HostArray } from '../loader/host-array.js';

/** File names and statistics that describe an MNIST-format image classification dataset. */
export interface ImageDatasetSpec {
  /** Display name, e.g. `'MNIST'`; copied to the loaded data and used in messages. */
  readonly name: string;
  /** Base names of the four IDX files (uncompressed names; a `.gz` copy is also accepted by the Node loaders). */
  readonly files: {
    /** Training images: IDX uint8 [trainCount, height, width]. */
    readonly trainImages: string;
    /** Training labels: IDX uint8 [trainCount], each in 0..classNames.length − 1. */
    readonly trainLabels: string;
    /** Test images: IDX uint8 [testCount, height, width]. */
    readonly testImages: string;
    /** Test labels: IDX uint8 [testCount]. */
    readonly testLabels: string;
  };
  /** Images in the training split; the files must hold exactly this many. */
  readonly trainCount: number;
  /** Images in the test split; the files must hold exactly this many. */
  readonly testCount: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Class names by label; their count bounds the labels. */
  readonly classNames: readonly string[];
  /** Mean of the training pixels on the 0..1 scale (used by `scale: 'standard'`). */
  readonly mean: number;
  /** Standard deviation of the training pixels on the 0..1 scale (used by `scale: 'standard'`). */
  readonly std: number;
}

/** Pixel scaling: raw bytes 0..255, 0..1 floats, or standardised `(x/255 - mean) / std`. */
export type PixelScaling = 'raw' | 'unit' | 'standard';

/** Sample layout: flat `[N, H*W]` or image `[N, 1, H, W]` (NCHW). */
export type ImageLayout = 'flat' | 'image';

/** Options shared by every MNIST-format loader. */
export interface ImageLoadOptions<S extends PixelScaling = PixelScaling> {
  /** Default `'unit'`. */
  readonly scale?: S;
  /** Default `'flat'`. */
  readonly layout?: ImageLayout;
}

/** Pixel array type for a scaling: raw keeps bytes, the others are float32. */
export type PixelArray<S extends PixelScaling> = S extends 'raw' ? Uint8Array : Float32Array;

/** One split: images (shape per layout), int32 labels `[N]`. */
export interface ImageSplit<S extends PixelScaling = 'unit'> {
  /** Pixels, [N, H*W] (layout 'flat') or [N, 1, H, W] (layout 'image'), scaled as asked. */
  readonly images: HostArray<PixelArray<S>>;
  /** Class index of each image, [N]. */
  readonly labels: HostArray<Int32Array>;
  /** N, the number of images. */
  readonly length: number;
}

/** A loaded image classification dataset. */
export interface ImageClassificationData<S extends PixelScaling = 'unit'> {
  /** The spec's name, e.g. `'MNIST'`. */
  readonly name: string;
  /** The training split. */
  readonly train: ImageSplit<S>;
  /** The test split. */
  readonly test: ImageSplit<S>;
  /** Class names by label. */
  readonly classNames: readonly string[];
}

/** MNIST handwritten digits (LeCun et al.). */
export const MNIST_SPEC: ImageDatasetSpec = {
  name: 'MNIST',
  files: {
    trainImages: 'train-images-idx3-ubyte',
    trainLabels: 'train-labels-idx1-ubyte',
    testImages: 't10k-images-idx3-ubyte',
    testLabels: 't10k-labels-idx1-ubyte',
  },
  trainCount: 60000,
  testCount: 10000,
  height: 28,
  width: 28,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  mean: 0.1307,
  std: 0.3081,
};

/** Fashion-MNIST clothing images (Zalando Research); same format and sizes as MNIST. */
export const FASHION_MNIST_SPEC: ImageDatasetSpec = {
  ...MNIST_SPEC,
  name: 'Fashion-MNIST',
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  mean: 0.286,
  std: 0.353,
};

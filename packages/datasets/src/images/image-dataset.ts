import type { HostArray } from '../loader/host-array.js';

/** File names and statistics that describe an MNIST-format image classification dataset. */
export interface ImageDatasetSpec {
  readonly name: string;
  readonly files: {
    readonly trainImages: string;
    readonly trainLabels: string;
    readonly testImages: string;
    readonly testLabels: string;
  };
  readonly trainCount: number;
  readonly testCount: number;
  readonly height: number;
  readonly width: number;
  readonly classNames: readonly string[];
  /** Mean and standard deviation of the training pixels on the 0..1 scale. */
  readonly mean: number;
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
  readonly images: HostArray<PixelArray<S>>;
  readonly labels: HostArray<Int32Array>;
  readonly length: number;
}

/** A loaded image classification dataset. */
export interface ImageClassificationData<S extends PixelScaling = 'unit'> {
  readonly name: string;
  readonly train: ImageSplit<S>;
  readonly test: ImageSplit<S>;
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

/** Loading MNIST or Fashion-MNIST for the CLI, turning data problems into one-line user errors. */
import { type ImageClassificationData } from '@nabla/datasets';
import { loadFashionMnist, loadMnist } from '@nabla/datasets/node';
import { UserError } from '@nabla/cli-kit';

/** Which dataset and where it comes from. */
export interface DataOptions {
  readonly dataset: 'mnist' | 'fashion';
  readonly dataDir?: string;
  /** Keep only the first N training / test images (for quick runs and tests). */
  readonly limitTrain?: number;
  readonly limitTest?: number;
}

function take(split: ImageClassificationData['train'], n: number | undefined): ImageClassificationData['train'] {
  if (n === undefined || n >= split.length) return split;
  const per = split.images.data.length / split.length;
  return {
    images: { data: split.images.data.subarray(0, n * per), shape: [n, ...split.images.shape.slice(1)] },
    labels: { data: split.labels.data.subarray(0, n), shape: [n] },
    length: n,
  };
}

/** Load the images as [N, 1, 28, 28] float32 in [0, 1] with int32 labels. */
export async function loadData(options: DataOptions): Promise<ImageClassificationData> {
  const load = options.dataset === 'fashion' ? loadFashionMnist : loadMnist;
  let data: ImageClassificationData;
  try {
    data = await load({ layout: 'image', scale: 'unit', ...(options.dataDir ? { dir: options.dataDir } : {}) });
  } catch (err) {
    throw new UserError(`cannot load ${options.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST'}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { ...data, train: take(data.train, options.limitTrain), test: take(data.test, options.limitTest) };
}

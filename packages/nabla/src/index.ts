/**
 * @nabla/nabla — Nabla in one import:
 *
 *   import * as nb from '@nabla/nabla';
 *   await nb.ready();                       // webgpu > wasm > js, whichever starts first
 *   const w = nb.randn([3, 2]); w.requiresGrad = true;
 *
 * Everything tensor-core, autograd, layers, optim, datasets and train export is exported here by name;
 * each package is also a namespace (`nb.layers.Dense`, `nb.autograd.autodiffHooks`), which is how
 * the one clashing name is reached: the top-level `autodiffHooks` is tensor-core's. Importing this
 * package installs autograd and registers the js, wasm and webgpu backends (the last two load only
 * when chosen). `ready({ backend: 'wasm' })` or the NABLA_BACKEND environment variable picks one.
 * The separate packages stay usable on their own.
 */
import './backends.js';

export * from '@nabla/tensor-core';
export * from '@nabla/autograd';
export * from '@nabla/layers';
export * from '@nabla/optim';
export * from '@nabla/datasets';
export * from '@nabla/train';
// the one name two packages export differently: tensor-core's hook lookup (autograd's hooks object is autograd.autodiffHooks)
export { autodiffHooks } from '@nabla/tensor-core';

/** @nabla/tensor-core as a namespace: tensors, ops, backends, memory. */
export * as core from '@nabla/tensor-core';
/** @nabla/autograd as a namespace: backward, grad, noGrad, gradCheck. */
export * as autograd from '@nabla/autograd';
/** @nabla/layers as a namespace: Module and the layers, initialisers, checkpoints. */
export * as layers from '@nabla/layers';
/** @nabla/optim as a namespace: losses, optimizers, schedules. */
export * as optim from '@nabla/optim';
/** @nabla/datasets as a namespace: MNIST, playground sets, text corpora, DataLoader. */
export * as datasets from '@nabla/datasets';
/** @nabla/train as a namespace: fit/evaluate/predict, metrics, callbacks (run folders: @nabla/train/node). */
export * as train from '@nabla/train';

/**
 * Activation functions as plain functions of a tensor. They are tensor-core's ops, re-exported
 * here so a model file needs one import; gradients come from @nabla/autograd.
 */
export { step, sigmoid, tanh, relu, leakyRelu, elu, gelu, softmax, logSoftmax } from '@nabla/tensor-core';

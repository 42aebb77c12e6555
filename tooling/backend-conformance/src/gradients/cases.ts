/**
 * One or more gradient checks for EVERY recorded tensor-core op, keyed by OpName: a new op without
 * a check is a compile error here. Inputs stay away from kinks and jumps (abs/relu at 0, ties of
 * max/min/maximum, integer boundaries of floor/mod, clip bounds), where finite differences are
 * meaningless; piecewise-constant ops are checked to have a zero gradient.
 */
import * as nb from '@nabla/tensor-core';
import type { Conv2dParams, OpName, Pool2dParams, Tensor } from '@nabla/tensor-core';
import type { InputGen } from './inputs.js';
import { count, nearestHalf, nearestInteger, zero, type InputSpec } from './inputs.js';

/** A function to check and the inputs to check it at. */
export interface GradientProblem {
  readonly inputs: readonly InputSpec[];
  readonly f: (...xs: Tensor[]) => Tensor;
}

/** One named check; `build` draws shapes, attributes and values from the seeded generator. */
export interface GradientCase {
  readonly name: string;
  readonly build: (g: InputGen) => GradientProblem;
}

/** Every recorded op's checks. */
export type GradientCaseTable = { readonly [K in OpName]: readonly GradientCase[] };

function unary(f: (x: Tensor) => Tensor, lo: number, hi: number, nearest?: (x: number) => number): GradientCase[] {
  return [{ name: `x in [${lo}, ${hi})`, build: (g) => ({ inputs: [g.floats(g.shape(0, 3), lo, hi, nearest)], f }) }];
}

function binary(f: (a: Tensor, b: Tensor) => Tensor, a: (g: InputGen, s: number[]) => InputSpec, b: (g: InputGen, s: number[]) => InputSpec): GradientCase[] {
  return [
    { name: 'same shapes', build: (g) => { const s = g.shape(1, 3); return { inputs: [a(g, s), b(g, s)], f }; } },
    { name: 'b broadcast', build: (g) => { const s = g.shape(2, 3); return { inputs: [a(g, s), b(g, g.broadcastableTo(s))], f }; } },
    { name: 'a broadcast', build: (g) => { const s = g.shape(2, 3); return { inputs: [a(g, g.broadcastableTo(s)), b(g, s)], f }; } },
  ];
}

const any = (g: InputGen, s: number[]): InputSpec => g.floats(s, -2, 2);

/** a = b·(k + frac) with frac in [0.2, 0.8]: a/b stays away from integers (mod/floorDiv jumps). */
function awayFromQuotientJumps(build: (a: Tensor, b: Tensor) => Tensor): GradientCase[] {
  return [{
    name: 'a/b away from integers',
    build: (g) => {
      const s = g.shape(1, 3);
      const b = g.signed(s, 0.6, 1.6);
      const a = b.values.map((bv) => bv * (g.int(-2, 2) + g.uniform(0.2, 0.8)));
      return { inputs: [{ shape: s, values: a, kind: 'float' }, b], f: build };
    },
  }];
}

function reduction(f: (x: Tensor, axes: number[], keepDims: boolean) => Tensor, values: (g: InputGen, s: number[]) => InputSpec): GradientCase[] {
  const make = (keepDims: boolean, all: boolean): GradientCase => ({
    name: `${all ? 'all axes' : 'random axes'}${keepDims ? ', keepDims' : ''}`,
    build: (g) => {
      const s = g.shape(1, 3);
      const axes = all ? s.map((_, i) => i) : g.axes(s.length);
      return { inputs: [values(g, s)], f: (x) => f(x, axes, keepDims) };
    },
  });
  return [make(false, false), make(true, false), make(false, true)];
}

function matmulCase(name: string, aShape: number[], bShape: number[], transposeA = false, transposeB = false): GradientCase {
  return {
    name,
    build: (g) => ({ inputs: [g.floats(aShape, -1, 1), g.floats(bShape, -1, 1)], f: (a, b) => nb.matmul(a, b, { transposeA, transposeB }) }),
  };
}

const conv: Conv2dParams = { strides: [2, 1], pads: [1, 0, 1, 1], dilations: [1, 2] };
const convX = [2, 3, 6, 5];
const convW = [4, 3, 3, 2];
/** Output of conv2d(convX, convW, conv): H (6+1-3)/2+1 = 3, W (5+2-3)/1+1 = 5. */
const convY = [2, 4, 3, 5];

const pool: Pool2dParams = { kernel: [3, 2], strides: [2, 2], pads: [1, 1, 0, 1], countIncludePad: false };
const poolX = [2, 2, 5, 5];
/** Output of pooling poolX: H (5+2-3)/2+1 = 3, W (5+1-2)/2+1 = 3. */
const poolY = [2, 2, 3, 3];

function poolOptions(p: Pool2dParams): nb.Pool2dOptions {
  return { kernelSize: p.kernel, stride: p.strides, padding: p.pads, countIncludePad: p.countIncludePad };
}

/** The gradient checks, one entry per recorded op. */
export const gradientCases: GradientCaseTable = {
  neg: unary(nb.neg, -2, 2),
  abs: unary(nb.abs, -2, 2, zero),
  sign: unary(nb.sign, -2, 2, zero),
  square: unary(nb.square, -2, 2),
  reciprocal: unary(nb.reciprocal, 0.5, 2),
  exp: unary(nb.exp, -2, 2),
  expm1: unary(nb.expm1, -2, 2),
  log: unary(nb.log, 0.5, 3),
  log1p: unary(nb.log1p, -0.5, 2),
  sqrt: unary(nb.sqrt, 0.5, 3),
  rsqrt: unary(nb.rsqrt, 0.5, 3),
  sin: unary(nb.sin, -3, 3),
  cos: unary(nb.cos, -3, 3),
  tan: unary(nb.tan, -1.2, 1.2),
  asin: unary(nb.asin, -0.8, 0.8),
  acos: unary(nb.acos, -0.8, 0.8),
  atan: unary(nb.atan, -3, 3),
  sinh: unary(nb.sinh, -2, 2),
  cosh: unary(nb.cosh, -2, 2),
  tanh: unary(nb.tanh, -2, 2),
  asinh: unary(nb.asinh, -3, 3),
  acosh: unary(nb.acosh, 1.2, 3),
  atanh: unary(nb.atanh, -0.8, 0.8),
  sigmoid: unary(nb.sigmoid, -4, 4),
  softplus: unary(nb.softplus, -4, 4),
  relu: unary(nb.relu, -2, 2, zero),
  step: unary(nb.step, -2, 2, zero),
  erf: unary(nb.erf, -2, 2),
  hardswish: [...unary(nb.hardswish, -2.5, 2.5), ...unary(nb.hardswish, 3.5, 5), ...unary(nb.hardswish, -5, -3.5)],
  floor: unary(nb.floor, -3, 3, nearestInteger),
  ceil: unary(nb.ceil, -3, 3, nearestInteger),
  round: unary(nb.round, -3, 3, nearestHalf),
  trunc: unary(nb.trunc, -3, 3, nearestInteger),

  add: binary(nb.add, any, any),
  sub: binary(nb.sub, any, any),
  mul: binary(nb.mul, any, any),
  div: binary(nb.div, any, (g, s) => g.signed(s, 0.5, 2)),
  pow: binary(nb.pow, (g, s) => g.floats(s, 0.5, 2), (g, s) => g.floats(s, -2, 2)),
  // two grids with different offsets never tie, so the winner is locally constant
  maximum: binary(nb.maximum, (g, s) => g.grid(s, 0.5, 0), (g, s) => g.grid(s, 0.5, 0.25)),
  minimum: binary(nb.minimum, (g, s) => g.grid(s, 0.5, 0), (g, s) => g.grid(s, 0.5, 0.25)),
  mod: awayFromQuotientJumps(nb.mod),
  floorDiv: awayFromQuotientJumps(nb.floorDiv),
  atan2: binary(nb.atan2, any, (g, s) => g.signed(s, 0.5, 2)),

  where: [{
    name: 'cond, a, b broadcasting',
    build: (g) => {
      const s = g.shape(2, 3);
      return { inputs: [g.bools(g.broadcastableTo(s)), g.floats(s, -2, 2), g.floats(g.broadcastableTo(s), -2, 2)], f: (c, a, b) => nb.where(c, a, b) };
    },
  }],
  clip: unary((x) => nb.clip(x, -0.5, 0.7), -2, 2, (x) => (Math.abs(x + 0.5) < Math.abs(x - 0.7) ? -0.5 : 0.7)),
  cast: [{
    name: 'float to the same float dtype',
    build: (g) => ({ inputs: [g.floats(g.shape(1, 3), -2, 2)], f: (x) => nb.mul(nb.cast(x, x.dtype), x) }),
  }],

  sum: reduction((x, axes, keepDims) => nb.sum(x, axes, { keepDims }), (g, s) => g.floats(s, -2, 2)),
  prod: reduction((x, axes, keepDims) => nb.prod(x, axes, { keepDims }), (g, s) => g.signed(s, 0.5, 1.5)),
  max: reduction((x, axes, keepDims) => nb.max(x, axes, { keepDims }), (g, s) => g.distinct(s)),
  min: reduction((x, axes, keepDims) => nb.min(x, axes, { keepDims }), (g, s) => g.distinct(s)),
  logsumexp: reduction((x, axes, keepDims) => nb.logsumexp(x, axes, { keepDims }), (g, s) => g.floats(s, -3, 3)),
  softmax: [{
    name: 'random axis',
    build: (g) => {
      const s = g.shape(1, 3);
      const axis = g.int(0, s.length - 1);
      s[axis] = Math.max(s[axis], 3);
      return { inputs: [g.floats(s, -3, 3)], f: (x) => nb.softmax(x, axis) };
    },
  }],
  logSoftmax: [{
    name: 'random axis',
    build: (g) => {
      const s = g.shape(1, 3);
      const axis = g.int(0, s.length - 1);
      s[axis] = Math.max(s[axis], 3);
      return { inputs: [g.floats(s, -3, 3)], f: (x) => nb.logSoftmax(x, axis) };
    },
  }],

  tril: [{ name: 'diagonal 1, batched', build: (g) => ({ inputs: [g.floats([2, 3, 4], -2, 2)], f: (x) => nb.tril(x, 1) }) }],
  triu: [{ name: 'diagonal -1', build: (g) => ({ inputs: [g.floats([4, 3], -2, 2)], f: (x) => nb.triu(x, -1) }) }],
  argsort: [{
    name: 'positions are constant: gradient of x + argsort(x) is 1',
    build: (g) => ({
      inputs: [g.distinct([3, 4])],
      f: (x) => nb.add(x, nb.cast(nb.argsort(x, { axis: 1 }), x.dtype)),
    }),
  }],
  lstmCell: [
    {
      name: 'fused cell, B 3, H 2',
      build: (g) => ({ inputs: [g.floats([3, 8], -2, 2), g.floats([3, 4], -1.5, 1.5)], f: (gates, state) => nb.lstmCell(gates, state) }),
    },
    {
      name: 'fused cell, B 1, H 5 (a wider row)',
      build: (g) => ({ inputs: [g.floats([1, 20], -3, 3), g.floats([1, 10], -1, 1)], f: (gates, state) => nb.lstmCell(gates, state) }),
    },
  ],
  attention: [
    {
      name: 'fused, no mask, k and v broadcast over heads',
      build: (g) => ({
        inputs: [g.floats([2, 2, 3, 4], -1, 1), g.floats([2, 1, 4, 4], -1, 1), g.floats([2, 1, 4, 3], -1, 1)],
        f: (q, k, v) => nb.scaledDotProductAttention(q, k, v),
      }),
    },
    {
      name: 'fused, causal, L > S',
      build: (g) => ({
        inputs: [g.floats([1, 5, 3], -1, 1), g.floats([1, 4, 3], -1, 1), g.floats([1, 4, 2], -1, 1)],
        f: (q, k, v) => nb.scaledDotProductAttention(q, k, v, { causal: true, scale: 0.7 }),
      }),
    },
    {
      name: 'fused, bool key-padding mask',
      build: (g) => ({
        inputs: [g.floats([2, 3, 4], -1, 1), g.floats([2, 4, 4], -1, 1), g.floats([2, 4, 2], -1, 1), { shape: [2, 1, 4], values: [1, 0, 1, 1, 0, 1, 1, 0], kind: 'bool' }],
        f: (q, k, v, mask) => nb.scaledDotProductAttention(q, k, v, { mask }),
      }),
    },
    {
      name: 'fused, float mask differentiated too',
      build: (g) => ({
        inputs: [g.floats([1, 3, 4], -1, 1), g.floats([1, 4, 4], -1, 1), g.floats([1, 4, 3], -1, 1), g.floats([3, 4], -2, 2)],
        f: (q, k, v, mask) => nb.scaledDotProductAttention(q, k, v, { mask, causal: true }),
      }),
    },
  ],
  matmul: [
    matmulCase('[3,4]·[4,2]', [3, 4], [4, 2]),
    matmulCase('transposeA', [4, 3], [4, 2], true, false),
    matmulCase('transposeB', [3, 4], [2, 4], false, true),
    matmulCase('transposeA and transposeB', [4, 3], [2, 4], true, true),
    matmulCase('batch broadcast [2,1,3,4]·[3,4,2]', [2, 1, 3, 4], [3, 4, 2]),
    matmulCase('batched·matrix, transposeB', [2, 3, 4], [5, 4], false, true),
    matmulCase('vector·matrix', [4], [4, 3]),
    matmulCase('matrix·vector', [3, 4], [4]),
    matmulCase('vector·vector', [4], [4]),
  ],

  reshape: [{
    name: 'to a flat vector and back in another shape',
    build: (g) => {
      const s = g.shape(1, 3);
      return { inputs: [g.floats(s, -2, 2)], f: (x) => nb.mul(nb.reshape(x, [1, count(s), 1]), nb.reshape(x, [count(s), 1])) };
    },
  }],
  transpose: [{
    name: 'random permutation of rank 3',
    build: (g) => {
      const perm = g.permutation(3);
      const permutation = perm.every((v, i) => v === i) ? [2, 0, 1] : perm;
      return { inputs: [g.floats(g.shape(3, 3), -2, 2)], f: (x) => nb.transpose(x, permutation) };
    },
  }],
  broadcastTo: [{
    name: 'leading and size-1 axes',
    build: (g) => {
      const s = g.shape(2, 3);
      return { inputs: [g.floats(g.broadcastableTo(s), -2, 2)], f: (x) => nb.broadcastTo(x, s) };
    },
  }],
  slice: [{
    name: 'random box',
    build: (g) => {
      const s = g.shape(1, 3, 5).map((d) => d + 1);
      const begin = s.map((d) => g.int(0, d - 1));
      const size = s.map((d, i) => g.int(1, d - begin[i]));
      return { inputs: [g.floats(s, -2, 2)], f: (x) => nb.slice(x, begin, size) };
    },
  }],
  pad: [{
    name: 'random pads, non-zero fill',
    build: (g) => {
      const s = g.shape(1, 3);
      const pads = s.map(() => [g.int(0, 2), g.int(0, 2)] as const);
      return { inputs: [g.floats(s, -2, 2)], f: (x) => nb.pad(x, pads, 0.5) };
    },
  }],
  concat: [{
    name: 'three tensors along a random axis',
    build: (g) => {
      const s = g.shape(1, 3);
      const axis = g.int(0, s.length - 1);
      const part = (): number[] => s.map((d, i) => (i === axis ? g.int(1, 3) : d));
      return { inputs: [g.floats(part(), -2, 2), g.floats(part(), -2, 2), g.floats(part(), -2, 2)], f: (a, b, c) => nb.concat([a, b, c], axis) };
    },
  }],
  gather: [
    { name: 'rows with duplicates (embedding lookup)', build: (g) => ({ inputs: [g.floats([5, 3], -2, 2), g.ints([2, 3], 0, 4)], f: (x, i) => nb.gather(x, i, 0) }) },
    { name: 'axis 1', build: (g) => ({ inputs: [g.floats([2, 4, 3], -2, 2), g.ints([5], 0, 3)], f: (x, i) => nb.gather(x, i, 1) }) },
  ],
  scatterAdd: [
    { name: 'duplicates accumulate', build: (g) => ({ inputs: [g.floats([4, 3], -2, 2), g.ints([5], 0, 3), g.floats([5, 3], -2, 2)], f: (x, i, u) => nb.scatterAdd(x, i, u, 0) }) },
    { name: 'axis 1', build: (g) => ({ inputs: [g.floats([2, 3], -2, 2), g.ints([2, 2], 0, 2), g.floats([2, 2, 2], -2, 2)], f: (x, i, u) => nb.scatterAdd(x, i, u, 1) }) },
  ],

  conv2d: [
    { name: 'stride, padding, dilation', build: (g) => ({ inputs: [g.floats(convX, -1, 1), g.floats(convW, -1, 1)], f: (x, w) => nb.conv2d(x, w, { stride: conv.strides, padding: conv.pads, dilation: conv.dilations }) }) },
    { name: 'same padding', build: (g) => ({ inputs: [g.floats([1, 2, 4, 4], -1, 1), g.floats([3, 2, 3, 3], -1, 1)], f: (x, w) => nb.conv2d(x, w, { padding: 'same' }) }) },
  ],
  conv2dBackpropInput: [{ name: 'dy and w', build: (g) => ({ inputs: [g.floats(convY, -1, 1), g.floats(convW, -1, 1)], f: (dy, w) => nb.conv2dBackpropInput(dy, w, convX, conv) }) }],
  conv2dBackpropFilter: [{ name: 'x and dy', build: (g) => ({ inputs: [g.floats(convX, -1, 1), g.floats(convY, -1, 1)], f: (x, dy) => nb.conv2dBackpropFilter(x, dy, convW, conv) }) }],
  maxPool2d: [
    { name: '2x2 stride 2', build: (g) => ({ inputs: [g.distinct([2, 2, 4, 4])], f: (x) => nb.maxPool2d(x, { kernelSize: 2 }) }) },
    { name: 'overlapping, padded', build: (g) => ({ inputs: [g.distinct(poolX)], f: (x) => nb.maxPool2d(x, poolOptions(pool)) }) },
  ],
  avgPool2d: [
    { name: 'padding excluded', build: (g) => ({ inputs: [g.floats(poolX, -2, 2)], f: (x) => nb.avgPool2d(x, poolOptions(pool)) }) },
    { name: 'padding included', build: (g) => ({ inputs: [g.floats(poolX, -2, 2)], f: (x) => nb.avgPool2d(x, poolOptions({ ...pool, countIncludePad: true })) }) },
  ],
  maxPool2dBackprop: [{ name: 'dy and x (x: zero gradient)', build: (g) => ({ inputs: [g.floats(poolY, -2, 2), g.distinct(poolX)], f: (dy, x) => nb.maxPool2dBackprop(dy, x, pool) }) }],
  avgPool2dBackprop: [{ name: 'dy', build: (g) => ({ inputs: [g.floats(poolY, -2, 2)], f: (dy) => nb.avgPool2dBackprop(dy, poolX, pool) }) }],
};

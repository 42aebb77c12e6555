/** The gradient table: one typed rule per recorded tensor-core op (a missing rule does not compile). */
import type { GradTable } from './grad-rule.js';
import { argsortRule } from './sorting.js';
import { trilRule, triuRule } from './triangular.js';
import { attentionRule } from './attention.js';
import { lstmCellRule } from './lstm-cell.js';
import { binaryRules, castRule } from './binary.js';
import { conv2dBackpropFilterRule, conv2dBackpropInputRule, conv2dRule } from './conv.js';
import { gatherRule, scatterAddRule } from './indexing.js';
import { broadcastToRule, concatRule, padRule, reshapeRule, sliceRule, transposeRule } from './layout.js';
import { matmulRule } from './matmul.js';
import { avgPool2dBackpropRule, avgPool2dRule, maxPool2dBackpropRule, maxPool2dRule } from './pool.js';
import { logSoftmaxRule, logsumexpRule, maxRule, minRule, prodRule, softmaxRule, sumRule } from './reduce.js';
import { clipRule, whereRule } from './select.js';
import { unaryRules } from './unary.js';

/** Every recorded op's gradient rule. */
export const gradientRules: GradTable = {
  ...unaryRules,
  ...binaryRules,
  where: whereRule,
  clip: clipRule,
  cast: castRule,
  sum: sumRule,
  prod: prodRule,
  max: maxRule,
  min: minRule,
  logsumexp: logsumexpRule,
  softmax: softmaxRule,
  logSoftmax: logSoftmaxRule,
  matmul: matmulRule,
  attention: attentionRule,
  lstmCell: lstmCellRule,
  argsort: argsortRule,
  tril: trilRule,
  triu: triuRule,
  reshape: reshapeRule,
  transpose: transposeRule,
  broadcastTo: broadcastToRule,
  slice: sliceRule,
  pad: padRule,
  concat: concatRule,
  gather: gatherRule,
  scatterAdd: scatterAddRule,
  conv2d: conv2dRule,
  conv2dBackpropInput: conv2dBackpropInputRule,
  conv2dBackpropFilter: conv2dBackpropFilterRule,
  maxPool2d: maxPool2dRule,
  avgPool2d: avgPool2dRule,
  maxPool2dBackprop: maxPool2dBackpropRule,
  avgPool2dBackprop: avgPool2dBackpropRule,
};

export type { GradContext, GradRule, GradTable } from './grad-rule.js';

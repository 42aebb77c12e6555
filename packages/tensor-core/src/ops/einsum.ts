/**
 * Einstein summation for one or two operands, lowered to sum, transpose, reshape and one batched
 * matmul: "ij,jk->ik", "bhqd,bhkd->bhqk", "bij->bji", "ii->" is not supported (no repeated letters
 * within an operand, no ellipsis).
 */
import { tidy } from '../engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { matmul } from './matmul.js';
import { reshape, transpose } from './layout.js';
import { sum } from './reduce.js';
import { describeValue } from '../describe-value.js';
import { assertTensor } from './arguments.js';
import { backendOf } from './run.js';

const OP = 'einsum';

interface Parsed {
  readonly inputs: readonly string[];
  readonly output: string;
}

function parse(equation: string, count: number): Parsed {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs] = eq.includes('->') ? eq.split('->') : [eq, undefined];
  const inputs = lhs.split(',');
  if (inputs.length !== count) throw new ArgumentError(OP, `'${equation}' names ${inputs.length} operands, got ${count}`);
  if (count < 1 || count > 2) throw new ArgumentError(OP, `supports one or two operands, got ${count}`);
  for (const term of [...inputs, rhs ?? '']) {
    if (!/^[a-zA-Z]*$/.test(term)) throw new ArgumentError(OP, `'${equation}': only letters are supported in a term (no '...'), got '${term}'`);
    if (new Set(term).size !== term.length) throw new ArgumentError(OP, `'${equation}': a letter repeats within '${term}' (diagonals are not supported)`);
  }
  const all = inputs.join('');
  const output = rhs ?? [...new Set(all)].filter((c) => all.indexOf(c) === all.lastIndexOf(c)).sort().join('');
  for (const c of output) if (!all.includes(c)) throw new ArgumentError(OP, `'${equation}': output letter '${c}' is in no operand`);
  return { inputs, output };
}

/** Sum `x` (letters `term`) over the letters in neither `keep` string; returns the reduced tensor and its letters. */
function sumOut(x: Tensor, term: string, keep: string): [Tensor, string] {
  const axes = [...term].flatMap((c, i) => (keep.includes(c) ? [] : [i]));
  if (axes.length === 0) return [x, term];
  return [sum(x, axes), [...term].filter((c) => keep.includes(c)).join('')];
}

/** Permute `x` from letters `from` to the order `to` (a permutation of them). */
function arrange(x: Tensor, from: string, to: string): Tensor {
  if (from === to) return x;
  return transpose(x, [...to].map((c) => from.indexOf(c)));
}

/**
 * Einstein summation of one or two operands, e.g. einsum('bhqd,bhkd->bhqk', q, k): each operand
 * [...] labelled by its term; letters in both operands but not the output are summed, letters
 * shared with the output are batch dims; the output [...] follows the letters after '->'
 * (default: the letters used once, sorted). Differentiable (lowers to matmul/transpose/reshape/sum).
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (typeof equation !== 'string') throw new ArgumentError(OP, `the equation must be a string such as 'ij,jk->ik', got ${describeValue(equation)}`);
  operands.forEach((t, i) => assertTensor(OP, t, `operand ${i}`));
  backendOf(OP, operands);
  const { inputs, output } = parse(equation, operands.length);
  const sizes = new Map<string, number>();
  operands.forEach((t, n) => {
    if (t.rank !== inputs[n].length) throw new ShapeError(OP, `'${equation}': operand ${n} ${fmtShape(t.shape)} has rank ${t.rank}, its term '${inputs[n]}' has ${inputs[n].length} letters`);
    [...inputs[n]].forEach((c, i) => {
      const seen = sizes.get(c);
      if (seen !== undefined && seen !== t.shape[i]) {
        throw new ShapeError(OP, `'${equation}': letter '${c}' has size ${seen} and ${t.shape[i]} (${operands.map((o) => fmtShape(o.shape)).join(', ')})`);
      }
      sizes.set(c, t.shape[i]);
    });
  });
  const size = (letters: string): number => [...letters].reduce((n, c) => n * (sizes.get(c) ?? 1), 1);
  const dims = (letters: string): number[] => [...letters].map((c) => sizes.get(c) ?? 1);
  return tidy(() => {
    if (operands.length === 1) {
      const [x, term] = sumOut(operands[0], inputs[0], output);
      return arrange(x, term, output);
    }
    const [termA, termB] = inputs;
    const [a, ta] = sumOut(operands[0], termA, output + termB);
    const [b, tb] = sumOut(operands[1], termB, output + termA);
    const batch = [...output].filter((c) => ta.includes(c) && tb.includes(c)).join('');
    const contracted = [...ta].filter((c) => tb.includes(c) && !output.includes(c)).join('');
    const freeA = [...ta].filter((c) => !tb.includes(c)).join('');
    const freeB = [...tb].filter((c) => !ta.includes(c)).join('');
    const a3 = reshape(arrange(a, ta, batch + freeA + contracted), [size(batch), size(freeA), size(contracted)]);
    const b3 = reshape(arrange(b, tb, batch + contracted + freeB), [size(batch), size(contracted), size(freeB)]);
    const product = reshape(matmul(a3, b3), dims(batch + freeA + freeB));
    return arrange(product, batch + freeA + freeB, output);
  });
}

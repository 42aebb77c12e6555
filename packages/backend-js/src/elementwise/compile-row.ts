/**
 * Compiling an elementwise program into a row function: one loop over the innermost axis that
 * evaluates every step per element. Where the page allows it (no CSP forbidding `new Function`)
 * the loop is generated JavaScript calling each step's scalar function, which V8 inlines; otherwise
 * an interpreter evaluates the same functions step by step.
 */
import { stepFunction, stepParts, type ElementwiseProgram, type ScalarFn, type TypedArray } from '@nabla/tensor-core';

/**
 * Computes `len` outputs into `out` from offset `o`. Input k is read from `inputs[k]` at
 * `offsets[k] + j * strides[k]`; `consts` holds the program's constant values in step order.
 */
export type RowFn = (
  out: TypedArray, o: number, len: number,
  inputs: readonly TypedArray[], offsets: readonly number[], strides: readonly number[], consts: readonly number[],
) => void;

/** How input k's inner stride is specialised: 0 (one value per row), 1 (contiguous) or any. */
export type StrideClass = '0' | '1' | 'n';

/** The stride class of an inner stride. */
export function strideClass(stride: number): StrideClass {
  return stride === 0 ? '0' : stride === 1 ? '1' : 'n';
}

function operandRefs(program: ElementwiseProgram, k: number): number[] {
  const step = program.steps[k];
  switch (step.kind) {
    case 'const': return [];
    case 'unary': case 'cast': return [step.x];
    case 'binary': return [step.a, step.b];
    case 'where': return [step.cond, step.a, step.b];
  }
}

/**
 * JavaScript source of the row loop (see {@link RowFn}); each step calls its op's own table
 * function `F[k]` and stores the result inline (Math.fround, | 0), and the program's key is part of
 * the source, so V8 compiles (and inlines into) a separate loop per program instead of sharing
 * one megamorphic loop between programs of the same shape.
 */
function rowSource(program: ElementwiseProgram, classes: readonly StrideClass[]): string {
  const n = program.inputs.length;
  const head: string[] = ['"use strict";', `// ${program.key.replace(/[\r\n]/g, ' ')} #${classes.join('')}`];
  program.steps.forEach((step, k) => {
    if (step.kind !== 'const') head.push(`const f${k} = F[${k}];`);
  });
  const pre: string[] = [];
  const body: string[] = [];
  classes.forEach((c, i) => {
    pre.push(`const x${i} = inputs[${i}], b${i} = offsets[${i}];`);
    if (c === '0') pre.push(`const v${i} = x${i}[b${i}];`);
    else if (c === '1') body.push(`const v${i} = x${i}[b${i} + j];`);
    else {
      pre.push(`const s${i} = strides[${i}];`);
      body.push(`const v${i} = x${i}[b${i} + j * s${i}];`);
    }
  });
  let constIndex = 0;
  program.steps.forEach((step, k) => {
    // constants are loop-invariant and come from `consts`, so one compiled loop serves every value
    if (step.kind === 'const') pre.push(`const v${n + k} = consts[${constIndex++}];`);
    else {
      const call = `f${k}(${operandRefs(program, k).map((r) => `v${r}`).join(', ')})`;
      // the last step's store into the output array (Float32Array, Int32Array) rounds or wraps by itself
      const store = k === program.steps.length - 1 ? 'exact' : stepParts(program, step).store;
      body.push(`const v${n + k} = ${store === 'float32' ? `Math.fround(${call})` : store === 'int32' ? `${call} | 0` : call};`);
    }
  });
  body.push(`out[o + j] = v${n + program.steps.length - 1};`);
  return `${head.join('\n')}
return function row(out, o, len, inputs, offsets, strides, consts) {
  ${pre.join('\n  ')}
  for (let j = 0; j < len; j++) {
    ${body.join('\n    ')}
  }
};`;
}

let codegenAllowed: boolean | undefined;

/** Whether `new Function` works here (a Content-Security-Policy without 'unsafe-eval' forbids it). */
function canGenerateCode(): boolean {
  if (codegenAllowed === undefined) {
    try {
      codegenAllowed = new Function('return 1')() === 1;
    } catch {
      codegenAllowed = false;
    }
  }
  return codegenAllowed;
}

/** The same row loop as an interpreter over the step functions (used when code generation is forbidden). */
export function interpretedRow(program: ElementwiseProgram, fns: readonly ScalarFn[] = program.steps.map((step) => stepFunction(program, step))): RowFn {
  const n = program.inputs.length;
  const steps = program.steps;
  const operands = steps.map((_, k) => operandRefs(program, k));
  const constSlot = steps.map((_, k) => steps.slice(0, k).filter((s) => s.kind === 'const').length);
  const values = new Array<number>(n + steps.length).fill(0);
  const args: number[][] = operands.map((refs) => refs.map(() => 0));
  return (out, o, len, inputs, offsets, strides, consts) => {
    for (let j = 0; j < len; j++) {
      for (let i = 0; i < n; i++) values[i] = inputs[i][offsets[i] + j * strides[i]];
      for (let k = 0; k < steps.length; k++) {
        if (steps[k].kind === 'const') {
          values[n + k] = consts[constSlot[k]];
          continue;
        }
        const refs = operands[k];
        const a = args[k];
        for (let r = 0; r < refs.length; r++) a[r] = values[refs[r]];
        values[n + k] = fns[k](...a);
      }
      out[o + j] = values[n + steps.length - 1];
    }
  };
}

/**
 * The row function of `program` for inputs with inner strides of the given classes. It depends
 * only on the program's key (constants are read from `consts`), so callers cache it by that key.
 */
export function compileRow(program: ElementwiseProgram, classes: readonly StrideClass[]): RowFn {
  if (canGenerateCode()) {
    const factory = new Function('F', rowSource(program, classes)) as (stepFns: readonly ScalarFn[]) => RowFn;
    return factory(program.steps.map((step) => stepParts(program, step).fn));
  }
  return interpretedRow(program);
}

/** tensor-core's one tracing point (`withTrace`, `traceScope`) as autograd and traceGraph see it. */
import '@nabla/backend-js';
import {
  argmax, attachTrace, greater, installAutodiff, isTracing, logSoftmax, memory, mul, setBackend, sum, tensor, traceScope, where, withTrace,
  type TraceObserver, type TracedOp, type Tensor,
} from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { noGrad, traceGraph, variable } from '../src/index.js';
import { autodiffHooks } from '../src/install.js';
import { producerOf } from '../src/graph/node.js';

beforeAll(async () => {
  await setBackend('js');
});

/** An observer that writes down op names (with the owners' labels of the open scopes) and scope events. */
function logger(log: string[], label: (owner: object) => string = () => 'scope'): TraceObserver {
  return {
    onOp: (op: TracedOp) => log.push(`${op.scopes.map((s) => label(s.owner)).join('/')}:${op.op}${op.recorded ? '' : '*'}`),
    enterScope: (s) => log.push(`enter ${label(s.owner)}`),
    exitScope: (s, outcome) => log.push(`exit ${label(s.owner)}${outcome.threw ? ' (threw)' : ''}`),
  };
}

describe('withTrace', () => {
  it('reports recorded and unrecorded ops with their inputs, output and attributes, not the inner ops of a composite', () => {
    const seen: TracedOp[] = [];
    const operands: number[][] = [];
    const observer: TraceObserver = {
      onOp: (op) => {
        seen.push(op);
        operands.push(op.inputs.map((t) => t.size === 1 ? t.dataSync()[0] : NaN)); // values are read while the op is reported
      },
    };
    const x = tensor([[1, -2, 3]]);
    const y = withTrace(observer, () => where(greater(x, 0), logSoftmax(x, 1), mul(x, 2)));
    expect(seen.map((s) => [s.op, s.recorded])).toEqual([
      ['greater', false], ['logSoftmax', true], ['mul', true], ['where', true],
    ]);
    const gt = seen[0];
    expect(gt.inputs[0]).toBe(x);
    expect(operands[0][1]).toBe(0); // the promoted scalar operand
    expect(operands[2][1]).toBe(2);
    expect(gt.output.dtype).toBe('bool');
    expect(seen[1].attrs).toEqual({ axis: 1 });
    expect(seen[3].output).toBe(y);
    const idx = withTrace(observer, () => argmax(x, 1));
    expect(seen[4]).toMatchObject({ op: 'argmax', recorded: false, attrs: { axis: 1 }, output: idx });
  });

  it('reports ops under noGrad too, and nothing once the trace has ended', () => {
    const log: string[] = [];
    const x = tensor([1, 2]);
    withTrace(logger(log), () => noGrad(() => sum(mul(x, x))));
    expect(log).toEqual([':mul', ':sum']);
    expect(isTracing()).toBe(false);
    sum(x);
    expect(log).toHaveLength(2);
  });

  it('nests: the outer observer keeps seeing everything, the inner one only its part; scopes stack', () => {
    const outer: string[] = [];
    const inner: string[] = [];
    const names = new Map<object, string>();
    const a = {};
    const b = {};
    names.set(a, 'a').set(b, 'b');
    const label = (o: object): string => names.get(o) ?? '?';
    const x = tensor([1, 2]);
    withTrace(logger(outer, label), () =>
      traceScope(a, [x], () => {
        mul(x, 2);
        withTrace(logger(inner, label), () => traceScope(b, [], () => sum(x)));
        return x.neg();
      }),
    );
    expect(outer).toEqual(['enter a', 'a:mul', 'enter b', 'a/b:sum', 'exit b', 'a:neg', 'exit a']);
    expect(inner).toEqual(['enter b', 'a/b:sum', 'exit b']);
  });

  it('closes a scope whose function throws and detaches the observer', () => {
    const log: string[] = [];
    expect(() => withTrace(logger(log), () => traceScope({}, [], () => {
      throw new Error('boom');
    }))).toThrow('boom');
    expect(log).toEqual(['enter scope', 'exit scope (threw)']);
    expect(isTracing()).toBe(false);
  });

  it('sees autograd record first: a recorded op has its tape node when the observer runs', () => {
    const w = variable([1, 2]);
    const nodes: boolean[] = [];
    withTrace({ onOp: (op) => nodes.push(producerOf(op.output) !== undefined) }, () => sum(mul(w, 3)));
    expect(nodes).toEqual([true, true]);
  });
});

describe('attachTrace and the tape', () => {
  it('a permanent observer sees every op until detached, without opening scopes', () => {
    const log: string[] = [];
    const detach = attachTrace(logger(log));
    const x = tensor([1, 2]);
    traceScope({}, [], () => sum(mul(x, x)));
    expect(isTracing()).toBe(false); // only withTrace tracks scopes
    detach();
    detach(); // a second call does nothing
    sum(x);
    expect(log).toEqual([':mul', ':sum']);
  });

  it("autograd's graph building is its tape observer: replacing the hooks detaches the old tape", () => {
    const w = variable([1, 2]);
    const seen: string[] = [];
    installAutodiff({ tape: { onOp: (op) => seen.push(op.op) }, backward: autodiffHooks.backward });
    try {
      const y = sum(mul(w, 3));
      expect(seen).toEqual(['mul', 'sum']);
      expect(producerOf(y)).toBeUndefined(); // the real tape no longer records
    } finally {
      installAutodiff(autodiffHooks);
    }
    const y = sum(mul(w, 3));
    expect(seen).toHaveLength(2); // the replaced tape was detached in turn
    y.backward();
    expect(Array.from(w.grad?.dataSync() ?? [])).toEqual([3, 3]);
  });
});

describe('traceGraph on withTrace', () => {
  it('includes comparisons on the inputs (no gradient) and leaves no tensors behind', async () => {
    const input = tensor([-1, 2]);
    const before = memory().numTensors;
    const trace = await traceGraph((x: Tensor) => where(greater(x, 0), x, mul(x, 0.1)), [input], { names: ['x'] });
    expect(trace.nodes.map((n) => `${n.kind}:${n.op ?? n.label}`)).toEqual(['input:x', 'op:greater', 'constant:const', 'op:mul', 'constant:const', 'op:where']);
    const gt = trace.nodes.find((n) => n.op === 'greater');
    expect(gt?.value).toEqual([0, 1]);
    expect(gt?.grad).toBeNull();
    expect(trace.nodes[0].grad).toEqual([0.10000000149011612, 1]);
    expect(memory().numTensors).toBe(before);
  });
});

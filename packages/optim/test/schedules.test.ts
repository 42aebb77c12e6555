import { ArgumentError } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import {
  Adam, CosineAnnealingLR, LRScheduler, SGD, StepLR, chain, cosineAnnealing, exponentialDecay, linearWarmup, sequential, stepDecay,
} from '../src/index.js';
import { useJsBackend } from './helpers.js';

useJsBackend();

function series(schedule: { lrAt(t: number, base: number): number }, n: number, base = 1): number[] {
  return Array.from({ length: n }, (_, t) => schedule.lrAt(t, base));
}

function expectSeries(actual: number[], expected: number[]): void {
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
}

describe('schedules', () => {
  it('step decay multiplies by gamma every stepSize steps', () => {
    expectSeries(series(stepDecay({ stepSize: 2, gamma: 0.5 }), 6, 0.8), [0.8, 0.8, 0.4, 0.4, 0.2, 0.2]);
  });

  it('exponential decay multiplies by gamma each step', () => {
    expectSeries(series(exponentialDecay({ gamma: 0.9 }), 4), [1, 0.9, 0.81, 0.729]);
  });

  it('cosine annealing goes from base to etaMin along half a cosine, then holds', () => {
    // tMax 4: cos(0), cos(π/4), cos(π/2), cos(3π/4), cos(π)
    const c = Math.SQRT1_2;
    const expected = [1, (1 + c) / 2, 0.5, (1 - c) / 2, 0].map((f) => 0.1 + 0.9 * f);
    expectSeries(series(cosineAnnealing({ tMax: 4, etaMin: 0.1 }), 7), [...expected, 0.1, 0.1]);
  });

  it('linear warm-up ramps from startFactor·base to base', () => {
    expectSeries(series(linearWarmup({ steps: 4 }), 6, 2), [0, 0.5, 1, 1.5, 2, 2]);
    expectSeries(series(linearWarmup({ steps: 2, startFactor: 0.5 }), 3), [0.5, 0.75, 1]);
  });

  it('sequential runs phases one after another; chain composes them', () => {
    const warmThenCos = sequential([{ schedule: linearWarmup({ steps: 2 }), steps: 2 }, { schedule: cosineAnnealing({ tMax: 2 }) }]);
    expectSeries(series(warmThenCos, 5), [0, 0.5, 1, 0.5, 0]);
    const both = chain(linearWarmup({ steps: 2 }), exponentialDecay({ gamma: 0.5 }));
    expectSeries(series(both, 4), [0, 0.25, 0.25, 0.125]);
    expect(() => sequential([{ schedule: linearWarmup({ steps: 2 }) }, { schedule: linearWarmup({ steps: 2 }) }])).toThrowError(/phases\[0\].steps/);
    expect(() => stepDecay({ stepSize: 0 })).toThrowError(ArgumentError);
    expect(() => cosineAnnealing({ tMax: 1.5 })).toThrowError(/tMax must be a positive integer/);
  });
});

describe('LRScheduler', () => {
  it('sets optimizer.lr from the schedule at construction and on each step', () => {
    const p = variable([1]);
    const opt = new SGD([p], { lr: 0.4 });
    const scheduler = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    expect(opt.lr).toBe(0.4);
    scheduler.step();
    expect(opt.lr).toBe(0.2);
    scheduler.step();
    expect(opt.lr).toBe(0.1);
    expect(scheduler.stateDict()).toEqual({ step: 2, baseLrs: [0.4] });
    p.dispose();
  });

  it('scales every parameter group from its own base rate and resumes from a state dict', () => {
    const a = variable([1]);
    const b = variable([1]);
    const opt = new Adam([{ params: [a], lr: 1 }, { params: [b], lr: 0.1 }]);
    const scheduler = new CosineAnnealingLR(opt, { tMax: 2 });
    scheduler.step();
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.5, 12);
    expect(opt.paramGroups[1].lr).toBeCloseTo(0.05, 12);
    const saved = scheduler.stateDict();
    const opt2 = new Adam([{ params: [a], lr: 7 }, { params: [b], lr: 7 }]);
    const resumed = new LRScheduler(opt2, cosineAnnealing({ tMax: 2 }));
    resumed.loadStateDict(saved);
    expect(opt2.paramGroups.map((g) => g.lr)).toEqual(opt.paramGroups.map((g) => g.lr));
    resumed.step();
    expect(opt2.lr).toBe(0);
    expect(() => resumed.loadStateDict({ step: -1, baseLrs: [1, 1] })).toThrowError(ArgumentError);
    a.dispose();
    b.dispose();
  });
});

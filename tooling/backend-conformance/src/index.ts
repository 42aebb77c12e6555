/**
 * @nabla/backend-conformance — the one suite every backend runs from its own tests:
 *
 *   import '@nabla/backend-js';
 *   import { runConformance } from '@nabla/backend-conformance';
 *   runConformance({ backend: 'js' });
 *
 * Every op is checked through tensor-core's public API against float64 references
 * (src/reference/), with per-op tolerances (see tolerance.ts); then the gradient section, the
 * @nabla/layers layers (src/layers/, numpy fixtures in src/layers/fixtures/) and @nabla/optim's
 * losses and optimizers (src/optim/). All reads are asynchronous.
 */
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { setBackend, setFusion } from '@nabla/tensor-core';
import { makeContext, type ConformanceOptions } from './context.js';
import { describeAttention } from './attention.js';
import { describeLstmCell } from './lstm-cell.js';
import { describeAllocation } from './allocation.js';
import { describeConstruction } from './construction.js';
import { describeConv } from './conv.js';
import { describeCreation } from './creation.js';
import { describeElementwise } from './elementwise.js';
import { describeErrors } from './errors.js';
import { describeFloat64 } from './float64.js';
import { describeFusion } from './fusion.js';
import { describeFusionViews } from './fusion-views.js';
import { describeGradientConformance } from './gradients.js';
import { describeGraphRelease } from './graph-release.js';
import { describeIndexing } from './indexing.js';
import { describeLayers } from './layers/index.js';
import { describeLayout } from './layout.js';
import { describeMatmul } from './matmul.js';
import { describeMethods } from './methods.js';
import { describeMemory } from './memory.js';
import { describeOptim } from './optim/index.js';
import { describePool } from './pool.js';
import { describePrinting } from './printing.js';
import { describeProperties } from './properties.js';
import { describeReductions } from './reduce.js';
import { describeRoutineShapes } from './routine-shapes.js';
import { describeSpecialValues } from './special-values.js';
import { describeStructural } from './structural.js';

export type { ConformanceOptions, ConformanceContext } from './context.js';
export { TOLERANCES, scaledTolerance, isClose, type Tolerance, type ToleranceKind } from './tolerance.js';

/** Register the full conformance suite for `options.backend` with vitest. */
export function runConformance(options: ConformanceOptions): void {
  if (options.fusion === false) {
    // the whole suite with every elementwise op run alone, as before fusion
    describe('fusion off', () => {
      let previous = true;
      beforeAll(() => {
        previous = setFusion(false);
      });
      afterAll(() => {
        setFusion(previous);
      });
      registerSuite(options);
    });
  } else registerSuite(options);
}

function registerSuite(options: ConformanceOptions): void {
  const ctx = makeContext(options);
  let assertions = 0;
  describe(`backend conformance: ${options.backend}`, () => {
    beforeAll(async () => {
      await setBackend(options.backend);
    });
    afterEach(() => {
      assertions += expect.getState().assertionCalls;
    });
    afterAll(() => {
      console.log(`[conformance:${options.backend}] ${assertions} assertions executed`);
    });
    describeCreation(ctx);
    describeConstruction(ctx);
    describeElementwise(ctx);
    describeSpecialValues(ctx);
    describeReductions(ctx);
    describeMatmul(ctx);
    describeRoutineShapes(ctx);
    describeLayout(ctx);
    describeIndexing(ctx);
    describeConv(ctx);
    describeAttention(ctx);
    describeLstmCell(ctx);
    describeStructural(ctx);
    describePool(ctx);
    describeErrors(ctx);
    describeMemory(ctx);
    describeFusion(ctx);
    describeFusionViews(ctx);
    describeGraphRelease(ctx);
    describeAllocation(ctx);
    describeProperties(ctx);
    describePrinting(ctx);
    describeMethods(ctx);
    describeFloat64(ctx);
    describeLayers(ctx);
    describeOptim(ctx);
  });
  describeGradientConformance({ backend: options.backend });
}

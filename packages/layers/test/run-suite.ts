/** Registers a suite's cases as vitest tests on the 'js' backend. */
import { beforeAll, describe, it } from 'vitest';
import '@nabla/backend-js';
import '@nabla/autograd';
import { setBackend } from '@nabla/tensor-core';
import type { SuiteCase } from './suites/helpers.js';

/** `describe(title)` with one `it` per case, run on the JS backend. */
export function runSuiteOnJs(title: string, cases: readonly SuiteCase[]): void {
  describe(`${title} (js)`, () => {
    beforeAll(async () => {
      await setBackend('js');
    });
    for (const c of cases) it(c.name, c.run);
  });
}

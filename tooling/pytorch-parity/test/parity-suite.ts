/**
 * One describe block per case file: skips (printing why) without PyTorch, throws without it in CI,
 * runs the whole batch once, then one test per case, and prints the table of figures.
 */
import '@nabla/backend-js';
import '@nabla/autograd';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setBackend } from '@nabla/tensor-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertParity, parityTable, runParity, torchOrSkip, type CaseOutcome, type ParityCase } from '../src/index.js';

/** Defines the suite `title` over `cases` (their tensors are made lazily, after the js backend is set). */
export function paritySuite(title: string, cases: readonly ParityCase[]): void {
  const run = torchOrSkip(`PyTorch parity: ${title}`);
  describe.skipIf(!run)(`PyTorch parity: ${title}`, () => {
    let outcomes = new Map<string, CaseOutcome>();
    beforeAll(async () => {
      await setBackend('js');
      outcomes = await runParity(cases);
    }, 240_000);
    afterAll(async () => {
      if (outcomes.size === 0) return;
      const table = parityTable(outcomes.values());
      console.log(`PyTorch parity — ${title} (max relative difference; Nabla float32 vs PyTorch float64, and the float64 cross-check)\n${table}`);
      await mkdir('.vitest', { recursive: true });
      await writeFile(join('.vitest', `parity-${title.replace(/\W+/g, '-')}.md`), `${table}\n`);
    });
    for (const { id } of cases) {
      it(id, () => {
        const outcome = outcomes.get(id);
        if (!outcome) throw new Error(`no outcome for '${id}'`);
        assertParity(outcome);
      });
    }
  });
}

/** The seed's acceptance test: a 2-layer MLP reaches ≥ 97% test accuracy on two spirals within 2000 steps. */
import { expect, it } from 'vitest';
import { spiralExample } from '../examples/spiral.js';

it('2-layer MLP reaches >= 97% test accuracy on 1000 spiral points within 2000 steps', async () => {
  const r = await spiralExample({ steps: 2000 }, () => {});
  expect(r.steps).toBeLessThanOrEqual(2000);
  expect(r.testAccuracy).toBeGreaterThanOrEqual(0.97);
  expect(r.losses[r.losses.length - 1]).toBeLessThan(r.losses[0]);
}, 120_000);

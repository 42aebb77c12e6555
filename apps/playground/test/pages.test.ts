/** Chromium tests of the convolution page and the recurrent page. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness, ARTIFACTS, browserSkipReason } from './helpers/app.js';

const skip = browserSkipReason();

/** Draw a polyline on the pad (coordinates in the pad's 280×280 CSS pixels). */
async function stroke(page: Page, points: readonly (readonly [number, number])[]): Promise<void> {
  const box = await page.locator('#pad').boundingBox();
  if (!box) throw new Error('no drawing pad');
  const at = ([x, y]: readonly [number, number]): [number, number] => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

/** Distinct colours in a canvas. */
function colours(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    return new Set(Array.from({ length: d.length / 4 }, (_, i) => `${d[4 * i]},${d[4 * i + 1]},${d[4 * i + 2]}`)).size;
  });
}

describe.skipIf(skip !== null)('convolution and recurrent pages, in Chromium', () => {
  const app = new AppHarness();
  beforeAll(() => app.start());
  afterAll(() => app.stop());

  it('conv page: a drawn digit is classified, filters and feature maps render, the filter slides', async () => {
    const { page, errors } = await app.open('conv.html');
    expect(await page.textContent('#model-info')).toMatch(/MNIST/);
    // a one: a vertical stroke
    await stroke(page, [[140, 40], [140, 240]]);
    await page.waitForFunction(() => document.getElementById('prediction')?.textContent === '1', undefined, { timeout: 10_000 });
    for (const sel of ['#filters canvas', '#maps1 canvas', '#maps2 canvas']) {
      const n = await page.locator(sel).count();
      expect(n).toBeGreaterThan(0);
      // every map is painted, and at least one of each kind is not flat
      const distinct = await Promise.all(Array.from({ length: n }, (_, i) => colours(page, `${sel}:nth-child(${i + 1})`)));
      expect(Math.max(...distinct), sel).toBeGreaterThan(3);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'conv-one.png'), fullPage: true });
    // a zero: an ellipse
    await page.click('#clear');
    await stroke(page, Array.from({ length: 25 }, (_, i) => {
      const a = (i / 24) * 2 * Math.PI;
      return [140 + 65 * Math.sin(a), 140 - 100 * Math.cos(a)] as const;
    }));
    await page.waitForFunction(() => document.getElementById('prediction')?.textContent === '0', undefined, { timeout: 10_000 });
    // the explainer's sliding computation, run to the end, equals the network's first feature map
    await page.selectOption('#slide-filter', '2');
    await page.click('#slide-play');
    await page.waitForFunction(() => document.getElementById('slide-map')?.dataset.position === String(24 * 24), undefined, { timeout: 20_000 });
    expect(Number(await page.getAttribute('#slide-map', 'data-max'))).toBeCloseTo(Number(await page.getAttribute('#maps1 canvas:nth-child(3)', 'data-max')), 4);
    expect(await page.textContent('#slide-text')).toMatch(/Σ w·x/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('RNN page: gradients fade through time for the RNN, much less for the LSTM; both train', async () => {
    const { page, errors } = await app.open('rnn.html').catch(async (error: unknown) => {
      throw new Error(`${String(error)}`);
    });
    const ratio = async (cell: string): Promise<number> => Number(await page.getAttribute(`tr[data-cell="${cell}"] .ratio`, 'data-value'));
    expect(await page.locator('.unrolled-row[data-cell="rnn"] .unrolled-step').count()).toBe(20);
    const rnn = await ratio('rnn');
    const lstm = await ratio('lstm');
    console.log(`|dL/dx_1| / |dL/dx_T| at T = 20 before training: RNN ${rnn.toExponential(2)}, LSTM ${lstm.toExponential(2)}`);
    expect(rnn).toBeLessThan(1e-2);
    expect(lstm).toBeGreaterThan(100 * rnn);
    await page.selectOption('#steps', '10');
    await page.waitForFunction(() => document.querySelectorAll('.unrolled-row[data-cell="rnn"] .unrolled-step').length === 10);
    await page.click('#train');
    await page.waitForFunction(() => Number(document.getElementById('train-step')?.textContent) >= 30, undefined, { timeout: 90_000 });
    await page.click('#train');
    const acc = await page.textContent('tr[data-cell="lstm"] .acc');
    expect(acc).toMatch(/^\d+ %$/);
    await page.screenshot({ path: join(ARTIFACTS, 'rnn.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

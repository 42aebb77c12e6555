/** Chromium tests of the TF Playground parity views and the lecture extras on the main page. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness, ARTIFACTS, browserSkipReason, canvasHash, settle } from './helpers/app.js';

const skip = browserSkipReason();

describe.skipIf(skip !== null)('playground views, in Chromium', () => {
  const app = new AppHarness();
  beforeAll(() => app.start());
  afterAll(() => app.stop());

  it('hovering a neuron shows its output large in the heatmap, leaving restores the prediction', async () => {
    const { page, errors } = await app.open('?dataset=xor');
    const prediction = await canvasHash(page, '#heatmap');
    const neuron = page.locator('button.neuron[data-key="h:0:2"]');
    await neuron.hover();
    await page.waitForFunction(() => document.getElementById('heatmap')?.dataset.preview === 'h:0:2');
    // the same 100×100 picture as the neuron's thumbnail, now in the big heatmap
    expect(await canvasHash(page, '#heatmap')).toBe(await canvasHash(page, 'button.neuron[data-key="h:0:2"] canvas'));
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => document.getElementById('heatmap')?.dataset.preview === undefined);
    expect(await canvasHash(page, '#heatmap')).toBe(prediction);
    // a feature shows its input pattern
    await page.locator('button[data-feature="x1"]').hover();
    await page.waitForFunction(() => document.getElementById('heatmap')?.dataset.preview === 'f:x1');
    const x1 = await page.evaluate(() => {
      const c = document.getElementById('heatmap') as HTMLCanvasElement;
      const d = c.getContext('2d')?.getImageData(0, 50, 100, 1).data ?? new Uint8ClampedArray();
      return { left: [d[0], d[1], d[2]], right: [d[4 * 99], d[4 * 99 + 1], d[4 * 99 + 2]] };
    });
    expect(x1.left[0]).toBeGreaterThan(x1.left[2]); // orange (negative X₁) on the left
    expect(x1.right[2]).toBeGreaterThan(x1.right[0]); // blue on the right
    await page.screenshot({ path: join(ARTIFACTS, 'hover-preview.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the gradient chart shows vanishing gradients in the deep sigmoid preset, not in the ReLU one', async () => {
    const { page, errors } = await app.open();
    const gradients = async (): Promise<number[]> =>
      page.locator('#gradient-values li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-value'))));
    await page.selectOption('#preset', 'deepSigmoid');
    await settle(page);
    await page.click('#step');
    await page.waitForFunction(() => document.getElementById('epoch')?.textContent === '000,001');
    await settle(page);
    const sigmoid = await gradients();
    expect(sigmoid.length).toBe(7);
    console.log(`deep sigmoid mean |dL/dW| per layer after one epoch: ${sigmoid.map((g) => g.toExponential(2)).join(', ')}`);
    expect(sigmoid[0] * 100).toBeLessThan(sigmoid[6]);
    await page.selectOption('#link-colour', 'gradient');
    const links = await page.locator('g.link').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-grad'))));
    expect(links.some((g) => g !== 0)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'gradients-deep-sigmoid.png'), fullPage: true });
    await page.selectOption('#preset', 'deepRelu');
    await settle(page);
    const relu = await gradients();
    expect(relu[0] * 100).toBeGreaterThan(relu[6]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('heatmap axes and legend, activation plots with derivatives, the editor at its link, explanatory text', async () => {
    const { page, errors } = await app.open('?dataset=xor&activations=sigmoid,tanh,relu');
    expect(await page.locator('#axis-x .tick').allTextContents()).toEqual(['-6', '-4', '-2', '0', '2', '4', '6']);
    expect(await page.locator('#axis-y .tick').count()).toBe(7);
    expect(await page.textContent('#legend')).toContain('+1 (blue)');
    const plots = await page.locator('.layer-cell .activation-plot').evaluateAll((ps) => ps.map((p) => Number(p.getAttribute('data-max-derivative'))));
    expect(plots[0]).toBeCloseTo(0.25, 3); // σ′ ≤ 1/4
    expect(plots[1]).toBeCloseTo(1, 3);
    expect(plots[2]).toBe(1);
    const link = page.locator('g.link').nth(10);
    const at = await link.boundingBox();
    await link.focus();
    await page.keyboard.press('Enter');
    const editor = await page.locator('#param-editor').boundingBox();
    expect(at && editor).toBeTruthy();
    if (at && editor) expect(Math.abs(editor.y - (at.y + at.height)) < 60 || Math.abs(editor.y + editor.height - at.y) < 60).toBe(true);
    await page.click('#param-cancel');
    expect(await page.textContent('#explain-heading')).toBeTruthy();
    await page.selectOption('#regularization', 'L1');
    await page.click('button[data-dataset="multispiral"]');
    await settle(page);
    expect(await page.locator('#legend .swatch').count()).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a neuron shows its z, a and δ; the walk goes forward then backward one layer per step', async () => {
    const { page, errors } = await app.open('?dataset=xor&hidden=3,2&features=x1,x2');
    await page.locator('button.neuron[data-key="h:0:1"]').click();
    await page.waitForSelector('#param-info:not([hidden])');
    expect(await page.textContent('#param-info')).toMatch(/input sum z = .+, activation a = .+, error term δ = ∂L\/∂z = /);
    await page.click('#param-cancel');
    await page.click('#pass-start');
    await page.waitForSelector('.layer-summary tbody tr');
    expect(await page.locator('.layer-summary tbody tr').count()).toBe(3);
    for (let i = 0; i < 3; i++) await page.click('#pass-step');
    // forward done: every z filled, no δ yet; the output layer is highlighted
    expect(await page.locator('.layer-summary td.z:empty').count()).toBe(0);
    expect(await page.locator('.layer-summary td.delta:empty').count()).toBe(3);
    expect(await page.locator('button.output.pass-forward').count()).toBe(1);
    for (let i = 0; i < 3; i++) await page.click('#pass-step');
    expect(await page.locator('.layer-summary td.delta:empty').count()).toBe(0);
    expect(await page.locator('button.neuron[data-layer="0"].pass-backward').count()).toBe(3);
    expect(await page.isDisabled('#pass-step')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Play animates the same walk by itself: forward through every layer, then backward', async () => {
    const { page, errors } = await app.open('?dataset=xor&hidden=3,2&features=x1,x2');
    await page.click('#pass-play');
    await page.waitForSelector('button.output.pass-forward', { timeout: 30_000 });
    expect(await page.locator('.layer-summary td.delta:empty').count()).toBe(3);
    await page.waitForSelector('button.neuron[data-layer="0"].pass-backward', { timeout: 30_000 });
    expect(await page.locator('.layer-summary td.z:empty').count()).toBe(0);
    expect(await page.locator('.layer-summary td.delta:empty').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/**
 * One Chromium test per bug of issue 21 (each failed on the build before its fix), against the
 * built app served with COOP/COEP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness, browserSkipReason, canvasHash, epochOf, linkValues, settle } from './helpers/app.js';

const skip = browserSkipReason();

describe.skipIf(skip !== null)('issue 21 bugs, in Chromium', () => {
  const app = new AppHarness();
  beforeAll(() => app.start());
  afterAll(() => app.stop());

  it('1: Pause leaves the pictures and the weight editor up to date', async () => {
    // short epochs (2 steps), so several of them pass between the periodic redraws
    const { page, errors } = await app.open('?dataset=spiral&percTrain=10&batchSize=30&learningRate=0.03');
    await page.click('#play');
    await page.waitForFunction(() => Number(document.getElementById('epoch')?.textContent?.replace(/,/g, '')) >= 30, undefined, { timeout: 60_000 });
    await page.click('#play');
    await page.waitForTimeout(1000);
    await settle(page);
    const heatmap = await canvasHash(page, '#heatmap');
    const neuron = await canvasHash(page, 'button.neuron canvas');
    await page.locator('g.link').first().click();
    const edited = Number(await page.inputValue('#param-value'));
    await page.click('#param-cancel');
    // toggling "show test data" twice forces a redraw from the current parameters: nothing may change
    await page.click('#showTestData');
    await page.click('#showTestData');
    await settle(page);
    expect(await canvasHash(page, '#heatmap')).toBe(heatmap);
    expect(await canvasHash(page, 'button.neuron canvas')).toBe(neuron);
    expect(edited).toBeCloseTo((await linkValues(page))[0], 4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('2: the backprop graph follows changes of the network, features and data', async () => {
    const { page, errors } = await app.open();
    await page.click('#backprop-run');
    await page.waitForSelector('#backprop-graph g[data-name="W4"]');
    await page.click('#remove-layer');
    await page.click('button[data-feature="x1"]');
    await settle(page);
    await page.waitForSelector('#backprop-graph g[data-name="W3"]');
    expect(await page.locator('#backprop-graph g[data-name="W4"]').count()).toBe(0);
    expect((await page.getAttribute('#backprop-graph g[data-name="W1"]', 'data-grad'))?.split(',').length).toBe(8 * 3);
    const circleCaption = await page.textContent('#backprop-caption');
    await page.click('button[data-dataset="xor"]');
    await settle(page);
    // the caption names the first training example of the new data
    const caption = await page.textContent('#backprop-caption') ?? '';
    expect(caption).toMatch(/^Example #0 at/);
    expect(caption).not.toBe(circleCaption);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('3: disabled boxes show what is used (squared error for regression, softmax for multiclass)', async () => {
    const { page, errors } = await app.open();
    await page.click('button[data-dataset="plane"]');
    await settle(page);
    expect(await page.isDisabled('#loss')).toBe(true);
    expect(await page.locator('#loss option:checked').textContent()).toBe('Squared error');
    await page.click('button[data-dataset="multispiral"]');
    await settle(page);
    expect(await page.isDisabled('#outputActivation')).toBe(true);
    expect(await page.locator('#outputActivation option:checked').textContent()).toBe('Softmax');
    await page.click('button[data-dataset="circle"]');
    await settle(page);
    expect(await page.locator('#loss option:checked').textContent()).toBe('Cross-entropy');
    expect(await page.locator('#outputActivation option:checked').textContent()).toBe('Sigmoid');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('4: presets show every point and keep the train/test ratio', async () => {
    const { page, errors } = await app.open('?percTrain=50');
    await page.selectOption('#preset', 'xnor');
    await settle(page);
    expect(await page.getAttribute('#points', 'data-shown')).toBe('4');
    expect(new URLSearchParams(new URL(page.url()).search).get('percTrain')).toBe('50');
    await page.click('button[data-dataset="circle"]');
    await settle(page);
    expect(new URLSearchParams(new URL(page.url()).search).get('percTrain')).toBe('50');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('5: a click on a built-in dataset does not replace it with "Your data"', async () => {
    const { page, errors } = await app.open('?dataset=circle');
    await page.click('#points', { position: { x: 40, y: 40 } });
    await page.waitForTimeout(500);
    await settle(page);
    const q = new URLSearchParams(new URL(page.url()).search);
    expect(q.get('dataset')).toBe('circle');
    expect(q.get('points')).toBeNull();
    expect(await page.isVisible('#points-hint')).toBe(true);
    expect(await page.textContent('#points-hint')).toContain('Your data');
    // on "Your data" a click adds exactly one point
    await page.click('button[data-dataset="custom"]');
    await settle(page);
    await page.click('#points', { position: { x: 40, y: 40 } });
    await page.waitForFunction(() => (new URLSearchParams(location.search).get('points') ?? '').split(';').length === 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('6: Reset starts from new random weights on the same data', async () => {
    const { page, errors } = await app.open('?dataset=xor');
    const before = await linkValues(page);
    const points = await canvasHash(page, '#points');
    const seed = new URLSearchParams(new URL(page.url()).search).get('seed');
    await page.click('#reset');
    await settle(page);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('initSeed') !== null);
    const after = await linkValues(page);
    expect(after.length).toBe(before.length);
    expect(after.filter((v, i) => v !== before[i]).length).toBeGreaterThan(after.length / 2);
    expect(new URLSearchParams(new URL(page.url()).search).get('seed')).toBe(seed);
    expect(await canvasHash(page, '#points')).toBe(points);
    expect(await epochOf(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('7: labels agree (±1 everywhere), the brush offers the data\'s classes, CSV errors are plain', async () => {
    const { page, errors } = await app.open('?dataset=circle');
    await page.click('#backprop-run');
    await page.waitForSelector('#backprop-graph svg');
    const caption = await page.textContent('#backprop-caption') ?? '';
    expect(caption).toMatch(/label [+−]1/);
    expect(caption).not.toMatch(/target [01]\b/);
    await page.setInputFiles('#csv', { name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,0\n-3,-1,1\n2,-2,2\n-2,-4,0\n') });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('dataset') === 'custom');
    await settle(page);
    const options = await page.locator('#brush option').allTextContents();
    expect(options).toEqual(['class 0', 'class 1', 'class 2', 'class 3 (new)']);
    await page.setInputFiles('#csv', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,1\n3,oops,-1\n') });
    await page.waitForSelector('#csv-error:not([hidden])');
    const message = await page.textContent('#csv-error') ?? '';
    expect(message).toContain('line 3');
    expect(message).not.toMatch(/parsePlaygroundCsv|Error:/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('8: the page keeps ≥ 45 fps (median) while training on the JS backend', async () => {
    const { page, errors } = await app.open('?dataset=spiral');
    await page.click('#play');
    await page.waitForFunction(() => Number(document.getElementById('epoch')?.textContent?.replace(/,/g, '')) >= 2, undefined, { timeout: 60_000 });
    const frames = await page.evaluate(() => new Promise<number[]>((resolve) => {
      const stamps: number[] = [];
      const tick = (t: number): void => {
        stamps.push(t);
        if (t - stamps[0] < 3000) requestAnimationFrame(tick);
        else resolve(stamps.slice(1).map((s, i) => s - stamps[i]));
      };
      requestAnimationFrame(tick);
    }));
    const epochStillMoving = await epochOf(page);
    await page.click('#play');
    const sorted = [...frames].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`frame interval while training on JS: median ${median.toFixed(1)} ms (${(1000 / median).toFixed(0)} fps) over ${frames.length} frames`);
    expect(epochStillMoving).toBeGreaterThan(2);
    expect(1000 / median).toBeGreaterThanOrEqual(45);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('9: at phone width the top bar is compact, the diagram fits and the heatmap is on the first screen', async () => {
    const { page, errors } = await app.open('?dataset=xor', { width: 390, height: 844 });
    const box = async (sel: string): Promise<{ top: number; bottom: number; left: number; right: number }> =>
      page.locator(sel).evaluate((e) => { const r = e.getBoundingClientRect(); return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right }; });
    const bar = await box('.topbar');
    expect(bar.bottom - bar.top).toBeLessThanOrEqual(140);
    expect((await box('#heatmap-box')).top).toBeLessThan(844);
    const net = await box('.network-panel');
    const diagram = await box('.diagram');
    expect(diagram.left).toBeGreaterThanOrEqual(net.left);
    expect(diagram.right).toBeLessThanOrEqual(net.right);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('10: software WebGPU is labelled as such and steps/s counts all the work', async () => {
    const { page, errors } = await app.open('?dataset=circle&percTrain=50&batchSize=10');
    await page.waitForFunction(() => !(document.querySelector('[data-backend="webgpu"] ~ .backend-info')?.textContent ?? '').startsWith('checking'));
    const info = await page.textContent('[data-backend="webgpu"] ~ .backend-info') ?? '';
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
      const a = await gpu?.requestAdapter();
      return a ? `${a.info.vendor} ${a.info.architecture} ${a.info.description}` : null;
    });
    if (adapter !== null && /swiftshader|lavapipe|llvmpipe/i.test(adapter)) expect(info).toMatch(/software/i);
    else console.log(`WebGPU adapter here: ${String(adapter)} (${info})`);
    // 250 training points in batches of 10: 25 steps per epoch
    await page.click('#play');
    await page.waitForFunction(() => Number(document.getElementById('epoch')?.textContent?.replace(/,/g, '')) >= 3, undefined, { timeout: 60_000 });
    const t0 = Date.now();
    const e0 = await epochOf(page);
    await page.waitForTimeout(4000);
    const e1 = await epochOf(page);
    const seconds = (Date.now() - t0) / 1000;
    const shown = Number((await page.textContent('[data-speed="js"]'))?.split(' ')[0]);
    await page.click('#play');
    const real = ((e1 - e0) * 25) / seconds;
    console.log(`steps/s shown ${shown}, counted from epochs ${real.toFixed(1)}`);
    expect(shown / real).toBeGreaterThan(0.6);
    expect(shown / real).toBeLessThan(1.5);
    expect(errors).toEqual([]);
    await page.close();
  });
});

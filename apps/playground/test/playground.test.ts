/**
 * End-to-end tests: the built app (dist/) served with COOP/COEP on 127.0.0.1, driven in Debian's
 * Chromium by playwright-core. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from './helpers/chromium.js';
import { serveStatic, type StaticServer } from '@nabla/test-kit/static-server';
import { settle } from './helpers/app.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(appDir, 'dist');
const artifacts = join(appDir, 'test-artifacts');
const missing = chromiumMissingReason();

if (missing !== null) {
  if (process.env.CI) throw new Error(`playground e2e tests cannot run in CI: ${missing}`);
  console.warn(`Skipping playground browser tests: ${missing}`);
}

describe.skipIf(missing !== null)('playground in Chromium', () => {
  let server: StaticServer;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`no build at ${dist}: run 'vite build' first (the test script does)`);
    mkdirSync(artifacts, { recursive: true });
    server = await serveStatic(dist);
    context = await launchChromium();
  });

  // one default page shared by the load, backprop and CSV tests (in that order) to save start-ups
  let home: { page: Page; errors: string[] } | null = null;
  const homePage = async (): Promise<{ page: Page; errors: string[] }> => (home ??= await open());

  afterAll(async () => {
    await home?.page.close();
    await context?.close();
    await server?.close();
  });

  /** Open the app with `query`, collecting console errors and page errors. */
  async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}${query}`);
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => document.body.dataset.ready)).toBe('true');
    return { page, errors };
  }

  const epochOf = async (page: Page): Promise<number> => Number((await page.textContent('#epoch'))?.replace(/,/g, ''));
  const lossOf = async (page: Page, which: 'test' | 'train'): Promise<number> => Number(await page.textContent(`#loss-${which}`));

  it('loads without console errors, cross-origin isolated, with the diagram and heatmap', async () => {
    const { page, errors } = await homePage();
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(await page.locator('button.node.feature').count()).toBe(7);
    expect(await page.locator('button.node.neuron').count()).toBe(8 + 8 + 5);
    expect(await page.locator('g.link').count()).toBe(4 * 8 + 8 * 8 + 8 * 5 + 5);
    const loss = await lossOf(page, 'test');
    expect(loss).toBeGreaterThan(0);
    // the heatmap is painted: its pixels are not all one colour
    const distinct = await page.evaluate(() => {
      const c = document.getElementById('heatmap') as HTMLCanvasElement;
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      return new Set(Array.from({ length: d.length / 4 }, (_, i) => `${d[4 * i]},${d[4 * i + 1]},${d[4 * i + 2]}`)).size;
    });
    expect(distinct).toBeGreaterThan(10);
    await page.screenshot({ path: join(artifacts, 'initial.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('trains the default network on spiral until the displayed test loss is under 0.1', async () => {
    const { page, errors } = await open();
    await page.click('button[data-dataset="spiral"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('dataset') === 'spiral');
    const before = await lossOf(page, 'test');
    expect(before).toBeGreaterThan(0.3);
    await page.click('#play');
    await page.waitForFunction(() => Number(document.getElementById('loss-test')?.textContent) < 0.1, undefined, { timeout: 120_000, polling: 500 });
    await page.click('#play');
    // the epoch in flight when Pause is pressed still finishes; it may move the loss a little
    await settle(page);
    const after = await lossOf(page, 'test');
    expect(after).toBeLessThan(0.15);
    expect(await epochOf(page)).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'spiral-trained.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('round-trips the state through the URL', async () => {
    const { page } = await open();
    await page.click('button[data-dataset="xor"]');
    await page.selectOption('#learningRate', '0.3');
    await page.selectOption('#regularization', 'L2');
    await page.selectOption('#regularizationRate', '0.003');
    await page.selectOption('#optimizer', 'momentum');
    await page.click('#remove-layer');
    await page.click('button[aria-label="remove neuron from layer 2"]');
    await page.click('button[data-feature="x1Squared"]');
    await page.selectOption('select[aria-label="activation of layer 1"]', 'relu');
    await page.check('#showTestData');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('showTestData') === '1');
    const url = page.url();
    const q = new URLSearchParams(new URL(url).search);
    expect(q.get('dataset')).toBe('xor');
    expect(q.get('learningRate')).toBe('0.3');
    expect(q.get('regularization')).toBe('L2');
    expect(q.get('regularizationRate')).toBe('0.003');
    expect(q.get('optimizer')).toBe('momentum');
    expect(q.get('hidden')).toBe('8,7');
    expect(q.get('activations')).toBe('relu,tanh');
    expect(q.get('features')).toBe('x1,x2,sinX1,sinX2,x1Squared');
    const linksBefore = await page.locator('g.link').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-value')));
    // edit a weight by keyboard: focus the first link, Enter, type, Enter
    await page.locator('g.link').first().focus();
    await page.keyboard.press('Enter');
    await page.fill('#param-value', '2.5');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('weights') !== null);
    const edited = page.url();

    const second = await open(new URL(edited).search);
    expect(second.page.url()).toBe(edited);
    expect(await second.page.inputValue('#learningRate')).toBe('0.3');
    expect(await second.page.inputValue('#optimizer')).toBe('momentum');
    expect(await second.page.isChecked('#showTestData')).toBe(true);
    expect(await second.page.getAttribute('button[data-dataset="xor"]', 'aria-checked')).toBe('true');
    const linksAfter = await second.page.locator('g.link').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-value'))));
    expect(linksAfter.length).toBe(linksBefore.length);
    expect(linksAfter[0]).toBeCloseTo(2.5, 5);
    linksBefore.slice(1).forEach((v, i) => expect(linksAfter[i + 1]).toBeCloseTo(Number(v), 3));
    expect(await second.page.textContent('#loss-test')).toBe(await page.textContent('#loss-test'));
    await page.close();
    await second.page.close();
  });

  describe('backend switcher', () => {
    // one page for all three switches: parameters move from backend to backend
    let shared: { page: Page; errors: string[] } | null = null;
    afterAll(async () => { await shared?.page.close(); });

    for (const backend of ['js', 'wasm', 'webgpu'] as const) {
      it(`keeps training after switching to the ${backend} backend`, async () => {
        shared ??= await open('?dataset=gauss&hidden=4,2&features=x1,x2&batchSize=30&percTrain=30');
        const { page, errors } = shared;
        await page.click(`button[data-backend="${backend}"]`);
        await page.waitForFunction((name) => {
          const text = document.getElementById('backend-status')?.textContent ?? '';
          return text.startsWith(`Training on ${name}`) || text.includes('failed');
        }, { js: 'JS', wasm: 'WASM', webgpu: 'WebGPU' }[backend], { timeout: 30_000 });
        const status = await page.textContent('#backend-status');
        expect(status, `backend ${backend}: ${status}`).toMatch(/^Training on/);
        expect(await page.getAttribute(`button[data-backend="${backend}"]`, 'aria-checked')).toBe('true');
        const startEpoch = await epochOf(page);
        const start = await lossOf(page, 'train');
        for (let i = 0; i < 2; i++) await page.click('#step');
        await page.waitForFunction((target) => Number(document.getElementById('epoch')?.textContent?.replace(/,/g, '')) >= target,
          startEpoch + 2, { timeout: 60_000 });
        const end = await lossOf(page, 'train');
        expect(Number.isFinite(end)).toBe(true);
        expect(end).toBeLessThan(start);
        expect(await page.textContent(`[data-speed="${backend}"]`)).toMatch(/^[\d.]+ steps\/s$/);
        await page.screenshot({ path: join(artifacts, `backend-${backend}.png`) });
        expect(errors).toEqual([]);
      });
    }
  });

  it('shows the lecture example with gradients 2, 5, 0', async () => {
    const { page, errors } = await homePage();
    await page.selectOption('#backprop-mode', 'lecture');
    await page.click('#backprop-run');
    await page.waitForSelector('#backprop-graph svg');
    const grads = await page.evaluate(() => Object.fromEntries(['x', 'y', 'z'].map((n) => [n,
      Number(document.querySelector(`#backprop-graph g[data-name="${n}"]`)?.getAttribute('data-grad'))])));
    expect(grads).toEqual({ x: 2, y: 5, z: 0 });
    const output = await page.getAttribute('#backprop-graph g.graph-output', 'data-value');
    expect(Number(output)).toBe(6);
    expect(await page.textContent('#backprop-caption')).toContain('∂f/∂x = 2, ∂f/∂y = 5, ∂f/∂z = 0');
    // the network mode traces a real example: parameters W1..b4 appear with gradients
    await page.selectOption('#backprop-mode', 'network');
    await page.click('#backprop-run');
    await page.waitForSelector('#backprop-graph g[data-name="W1"]');
    const w1Grad = await page.getAttribute('#backprop-graph g[data-name="W1"]', 'data-grad');
    expect(w1Grad?.split(',').length).toBe(8 * 4);
    await page.screenshot({ path: join(artifacts, 'backprop.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('reports a bad CSV upload, accepts a good one, adds points by keyboard and clears them', async () => {
    const { page, errors } = await homePage();
    await page.setInputFiles('#csv', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,1\n3,oops,-1\n') });
    await page.waitForSelector('#csv-error:not([hidden])');
    const message = await page.textContent('#csv-error');
    expect(message).toContain('bad.csv');
    expect(message).toContain('line 3');
    expect(new URLSearchParams(new URL(page.url()).search).get('dataset')).toBe('circle');
    await page.setInputFiles('#csv', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,1\n-3,-1,-1\n2,2,1\n-2,-4,-1\n') });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('dataset') === 'custom');
    expect(await page.isHidden('#csv-error')).toBe(true);
    expect(new URLSearchParams(new URL(page.url()).search).get('points')).toBe('1:2:1;-3:-1:-1;2:2:1;-2:-4:-1');
    await page.focus('#points');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (new URLSearchParams(location.search).get('points') ?? '').endsWith(';1:-0.5:1'));
    await page.click('#clear-points');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('points') === null);
    expect(await page.textContent('#loss-test')).toBe('—');
    expect(errors).toEqual([]);
  });

  it('fits a phone-sized viewport without horizontal page scroll', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}?dataset=xor`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifacts, 'phone.png'), fullPage: true });
    await page.close();
  });
});

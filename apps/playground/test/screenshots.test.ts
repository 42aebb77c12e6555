/**
 * Screenshots of every view at desktop size and at 390×844 (a phone), written to
 * test-artifacts/screenshots/ and linked from the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness, ARTIFACTS, browserSkipReason, settle } from './helpers/app.js';

const skip = browserSkipReason();
const dir = join(ARTIFACTS, 'screenshots');
const SIZES = { desktop: { width: 1280, height: 1000 }, phone: { width: 390, height: 844 } } as const;

/** Each view: where it lives and how to bring it into shape before the picture. */
const VIEWS: Record<string, { path: string; prepare(page: Page): Promise<void> }> = {
  network: {
    path: '?dataset=spiral',
    prepare: async (page) => {
      for (let i = 0; i < 3; i++) await page.click('#step');
      await settle(page);
    },
  },
  gradients: {
    path: '',
    prepare: async (page) => {
      await page.selectOption('#preset', 'deepSigmoid');
      await settle(page);
      await page.click('#step');
      await settle(page);
      await page.selectOption('#link-colour', 'gradient');
      await page.locator('#gradient-chart').scrollIntoViewIfNeeded();
    },
  },
  backprop: {
    path: '?dataset=xor&hidden=2&features=x1,x2',
    prepare: async (page) => {
      await page.click('#backprop-run');
      await page.waitForSelector('#backprop-graph g[data-name="W1"]');
      await page.locator('#backprop-heading').scrollIntoViewIfNeeded();
    },
  },
  conv: {
    path: 'conv.html',
    prepare: async (page) => {
      const box = await page.locator('#pad').boundingBox();
      if (!box) throw new Error('no pad');
      const at = (x: number, y: number): [number, number] => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height];
      await page.mouse.move(...at(70, 60));
      await page.mouse.down();
      for (const [x, y] of [[210, 60], [120, 250]] as const) await page.mouse.move(...at(x, y), { steps: 6 });
      await page.mouse.up();
      await page.waitForFunction(() => document.getElementById('prediction')?.textContent !== '?');
    },
  },
  rnn: {
    path: 'rnn.html',
    prepare: async (page) => {
      await page.click('#train');
      await page.waitForFunction(() => Number(document.getElementById('train-step')?.textContent) >= 10, undefined, { timeout: 90_000 });
      await page.click('#train');
    },
  },
};

describe.skipIf(skip !== null)('screenshots of every view', () => {
  const app = new AppHarness();
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    await app.start();
  });
  afterAll(() => app.stop());

  for (const [name, view] of Object.entries(VIEWS)) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      it(`${name} at ${size} size`, async () => {
        const { page, errors } = await app.open(view.path, viewport);
        await view.prepare(page);
        await page.screenshot({ path: join(dir, `${name}-${size}.png`), fullPage: size === 'desktop' && name !== 'gradients' && name !== 'backprop' });
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }
});

/** One served build and one Chromium per test file, and helpers to open and inspect the app. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumMissingReason, launchChromium } from './chromium.js';
import { serveStatic, type StaticServer } from '@nabla/test-kit/static-server';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(appDir, 'dist');
/** Where the e2e run writes screenshots. */
export const ARTIFACTS = join(appDir, 'test-artifacts');

/** Null when the browser tests can run; otherwise why not (a failure under CI). */
export function browserSkipReason(): string | null {
  const missing = chromiumMissingReason();
  if (missing !== null) {
    if (process.env.CI) throw new Error(`playground e2e tests cannot run in CI: ${missing}`);
    console.warn(`Skipping playground browser tests: ${missing}`);
  }
  return missing;
}

/** An opened page and the console/page errors it reported. */
export interface OpenedPage {
  readonly page: Page;
  readonly errors: string[];
}

/** The served app in one browser. */
export class AppHarness {
  private server: StaticServer | null = null;
  private context: BrowserContext | null = null;

  async start(): Promise<void> {
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`no build at ${dist}: run 'vite build' first (the test script does)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    this.server = await serveStatic(dist);
    this.context = await launchChromium();
  }

  async stop(): Promise<void> {
    await this.context?.close();
    await this.server?.close();
  }

  /** Open `path` (e.g. '?dataset=xor' or 'conv.html') and wait until the page reports ready. */
  async open(path = '', viewport?: { width: number; height: number }): Promise<OpenedPage> {
    if (!this.context || !this.server) throw new Error('AppHarness.open before start()');
    const page = await this.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${this.server.url}${path}`);
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.ready)).toBe('true');
    return { page, errors };
  }
}

/** Wait until the controller has no queued work (pages without the counter count as idle). */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.body.dataset.pending ?? '0') === '0', undefined, { timeout: 60_000, polling: 50 });
}

/** The epoch counter as a number. */
export async function epochOf(page: Page): Promise<number> {
  return Number((await page.textContent('#epoch'))?.replace(/,/g, ''));
}

/** A fingerprint of a canvas's pixels. */
export function canvasHash(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const c = document.querySelector<HTMLCanvasElement>(sel);
    if (!c) return 'missing';
    const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let h = 2166136261;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619);
    return `${c.width}x${c.height}:${h >>> 0}`;
  }, selector);
}

/** Every link's weight as the diagram shows it. */
export function linkValues(page: Page): Promise<number[]> {
  return page.locator('g.link').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-value'))));
}

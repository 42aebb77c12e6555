import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Copies the page's index.html (which loads ./main.js as a module) into a bundler's output folder. */
export function writePageHtml(project: string, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  copyFileSync(join(project, 'index.html'), join(outDir, 'index.html'));
}

/** True when the calling module was started directly (`tsx examples/xor.ts`), not imported by a test. */
import { pathToFileURL } from 'node:url';

/** Whether `moduleUrl` (pass `import.meta.url`) is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && moduleUrl === pathToFileURL(entry).href;
}

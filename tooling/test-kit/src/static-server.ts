/**
 * A static file server for browser tests: serves a built folder on 127.0.0.1 (a free port), with
 * the cross-origin isolation headers that give pages SharedArrayBuffer (the wasm backend's
 * threads), as a site serving Nabla with threads must.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** COOP/COEP (and CORP for the files themselves): the page becomes cross-origin isolated. */
const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/** A running static file server: its base URL (ending in `/`), and how to stop it. */
export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serve the files under `root` (`index.html` for a folder); paths outside `root` get 403, missing
 * files 404, `/favicon.ico` an empty 204 when there is none (browsers ask for it).
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  const server: Server = createServer((request, response) => {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(base, path));
    if (!file.startsWith(base) && file !== normalize(root)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    stat(file)
      .then((s) => (s.isDirectory() ? join(file, 'index.html') : file))
      .then(async (target) => ({ target, body: await readFile(target) }))
      .then(({ target, body }) => response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream' }).end(body))
      .catch(() => {
        if (path === '/favicon.ico') response.writeHead(204).end();
        else response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

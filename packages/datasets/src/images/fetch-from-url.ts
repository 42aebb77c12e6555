import { DataSourceError } from '../errors.js';
import type { FileFetcher } from './load-image-dataset.js';

/**
 * A {@link FileFetcher} over HTTP(S) with `fetch`: tries `<base>/<file>` and then
 * `<base>/<file>.gz`.
 */
export function urlFetcher(baseUrl: string): FileFetcher {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (fileName) => {
    const failures: string[] = [];
    for (const candidate of [fileName, `${fileName}.gz`]) {
      const url = base + candidate;
      let response: Response;
      try {
        response = await fetch(url);
      } catch (err) {
        failures.push(`${url}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      if (response.ok) return { bytes: new Uint8Array(await response.arrayBuffer()), name: url };
      failures.push(`${url}: HTTP ${response.status}`);
    }
    throw new DataSourceError('urlFetcher', `could not fetch '${fileName}': ${failures.join('; ')}`);
  };
}

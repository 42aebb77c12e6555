import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { tarballBytes } from './pack.js';

/** publint's findings (errors, warnings and suggestions, strict mode) for a packed tarball, as text. */
export async function publintTarball(tarball: string): Promise<string[]> {
  const { messages, pkg } = await publint({ pack: { tarball: tarballBytes(tarball) }, level: 'suggestion', strict: true });
  return messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, pkg) ?? ''}`);
}

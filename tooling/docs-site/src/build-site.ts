/**
 * Build the docs site: typedoc renders the README, the guides and tutorial in docs/ and the API
 * reference of every public package into one static site, with the live-examples script as its
 * custom JS; then the browser bundles the live examples import are written beside it.
 */
import { join } from 'node:path';
import { Application, LogLevel, type TypeDocOptions } from 'typedoc';
import { buildBrowserBundles, bundleDir, type BundleSizes } from './browser-bundles.js';
import { liveExamplesScript, repoRoot, siteFavicon } from './paths.js';
import { SITE_ROUTER, SITE_THEME, defineSiteLayout } from './site-layout.js';
import { undocumentedMembers } from './undocumented.js';

/** What a site build produced. */
export interface SiteBuild {
  readonly errors: number;
  readonly warnings: number;
  readonly bundles: BundleSizes;
  /** Public members shown without documentation (see undocumentedMembers). */
  readonly undocumented: readonly string[];
}

/** The repository's typedoc.json, with the site's output folder and the live-examples script. */
export function siteOptions(out: string): Partial<TypeDocOptions> {
  return { options: join(repoRoot, 'typedoc.json'), out, customJs: liveExamplesScript, favicon: siteFavicon, router: SITE_ROUTER, theme: SITE_THEME, logLevel: LogLevel.Error };
}

/** Build the whole site into `out` (replacing what is there). */
export async function buildSite(out: string): Promise<SiteBuild> {
  const options = siteOptions(out);
  const app = await Application.bootstrapWithPlugins({ ...options, router: 'kind', theme: 'default' });
  defineSiteLayout(app);
  app.options.setValue('router', SITE_ROUTER);
  app.options.setValue('theme', SITE_THEME);
  const project = await app.convert();
  if (!project) return { errors: Math.max(1, app.logger.errorCount), warnings: app.logger.warningCount, bundles: {}, undocumented: [] };
  const undocumented = undocumentedMembers(project);
  await app.generateOutputs(project);
  const bundles = await buildBrowserBundles(bundleDir(out));
  return { errors: app.logger.errorCount, warnings: app.logger.warningCount, bundles, undocumented };
}

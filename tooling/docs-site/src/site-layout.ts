/**
 * The site's page layout: one page per package entry point, class and guide. Functions,
 * variables, types and interfaces are written out in full on their entry point's page, below its
 * summary table (typedoc's default gives each its own page: ~1,400 pages instead of ~230), which
 * keeps the site quick to read through and quick to check page by page in Chromium.
 */
import {
  DefaultTheme, DefaultThemeRenderContext, JSX, KindRouter, PageKind, Reflection, ReflectionKind,
  type Application, type DeclarationReflection, type ProjectReflection,
} from 'typedoc';

/** The router's name in typedoc's `router` option. */
export const SITE_ROUTER = 'nabla-site';
/** The theme's name in typedoc's `theme` option. */
export const SITE_THEME = 'nabla-site';

const OWN_PAGE = ReflectionKind.Module | ReflectionKind.Namespace | ReflectionKind.Class | ReflectionKind.Enum;

/** Pages for entry points, namespaces, classes, enums and documents only. */
class SiteRouter extends KindRouter {
  override getPageKind(target: unknown): PageKind | undefined {
    if (!(target instanceof Reflection)) return undefined;
    if (target.kindOf(ReflectionKind.Document)) return PageKind.Document;
    return target.kindOf(OWN_PAGE) ? PageKind.Reflection : undefined;
  }
}

/** An entry point's page: typedoc's summary table, then every member without a page of its own in full. */
class SiteRenderContext extends DefaultThemeRenderContext {
  constructor(...args: ConstructorParameters<typeof DefaultThemeRenderContext>) {
    super(...args);
    const summaries = this.moduleReflection;
    this.moduleReflection = (mod: DeclarationReflection | ProjectReflection): JSX.Element =>
      JSX.createElement(JSX.Fragment, null, summaries(mod), this.members(mod as DeclarationReflection));
  }
}

class SiteTheme extends DefaultTheme {
  override ContextClass = SiteRenderContext;
}

/** Register the router and theme with `app` (select them with `router: SITE_ROUTER, theme: SITE_THEME`). */
export function defineSiteLayout(app: Application): void {
  app.renderer.defineRouter(SITE_ROUTER, SiteRouter);
  app.renderer.defineTheme(SITE_THEME, SiteTheme);
}


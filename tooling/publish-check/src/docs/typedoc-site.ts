import { Application, LogLevel } from 'typedoc';
import { join } from 'node:path';
import { repoRoot } from '../workspace.js';

/** What a typedoc build reported. */
export interface TypedocBuild {
  errors: number;
  warnings: number;
}

/** Builds the API site from the repository's typedoc.json (every public package) into `out`. */
export async function buildApiSite(out: string): Promise<TypedocBuild> {
  const app = await Application.bootstrapWithPlugins({ options: join(repoRoot, 'typedoc.json'), out, logLevel: LogLevel.Error });
  const project = await app.convert();
  if (!project) return { errors: Math.max(1, app.logger.errorCount), warnings: app.logger.warningCount };
  await app.generateOutputs(project);
  return { errors: app.logger.errorCount, warnings: app.logger.warningCount };
}

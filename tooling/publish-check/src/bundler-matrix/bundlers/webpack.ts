import { join } from 'node:path';
import webpack from 'webpack';
import { writePageHtml } from './page-html.js';

/** webpack 5 in production mode, web target, emitting an ES module entry with lazy chunks. */
export async function buildWithWebpack(project: string, outDir: string): Promise<void> {
  const compiler = webpack({
    mode: 'production',
    context: project,
    target: 'web',
    entry: { main: join(project, 'main.js') },
    output: { path: outDir, filename: '[name].js', chunkFilename: '[name]-[contenthash].js', module: true, publicPath: 'auto', clean: true },
    experiments: { outputModule: true },
    resolve: { modules: [join(project, 'node_modules')] },
    performance: { hints: false },
  });
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    compiler.run((error, result) => (error || result === undefined ? reject(error ?? new Error('webpack: no stats')) : resolve(result)));
  });
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors() || stats.hasWarnings()) {
    const { errors = [], warnings = [] } = stats.toJson({ all: false, errors: true, warnings: true });
    throw new Error(`webpack:\n${[...errors, ...warnings].map((e) => `${e.moduleName ?? ""} ${e.loc ?? ""}: ${e.message}`).join('\n')}`);
  }
  writePageHtml(project, outDir);
}

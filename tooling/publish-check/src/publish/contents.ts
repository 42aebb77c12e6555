/** Files a published tarball may hold: the build output, the readme, the licence and the manifest. */
const allowed: readonly RegExp[] = [/^dist\/.+\.(js|d\.ts|wasm)$/, /^README\.md$/, /^LICENSE$/, /^package\.json$/];

/** Files a published tarball must hold. */
const required: readonly string[] = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'];

/** What is wrong with a tarball's file list: files that must not ship and files that are missing. */
export function tarballContentProblems(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!allowed.some((pattern) => pattern.test(file))) problems.push(`unexpected file ${file}`);
  }
  for (const file of required) {
    if (!files.includes(file)) problems.push(`missing ${file}`);
  }
  return problems;
}

import ts from 'typescript';
import { dirname, join, relative } from 'node:path';
import { repoRoot, exportedSubpaths, type WorkspacePackage } from '../workspace.js';

/** One symbol a package entry point exports, with the TSDoc that a reader (and typedoc) sees. */
export interface ExportedSymbol {
  /** Import specifier of the entry point, e.g. '@nabla/layers/node'. */
  entry: string;
  name: string;
  /** Source file of the first declaration, relative to the repo root. */
  file: string;
  /** The comment's summary: its text before the first block tag, trimmed. */
  summary: string;
  /** What kind of declaration it is: 'class', 'function', 'type', 'interface', 'variable', ... */
  kind: string;
  /** For classes: the names of base classes up the chain (e.g. ['RecurrentBase', 'Module']). */
  bases: string[];
}

/** Source file of a package subpath, from its `@nabla/source` export condition. */
function sourceEntry(pkg: WorkspacePackage, subpath: string): string {
  const target = (pkg.manifest.exports?.[subpath] as Record<string, string> | undefined)?.['@nabla/source'];
  if (!target) throw new Error(`docs check: ${pkg.manifest.name} exports ${subpath} without a @nabla/source condition`);
  return join(pkg.dir, target);
}

function kindOf(decl: ts.Declaration): string {
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  if (ts.isEnumDeclaration(decl)) return 'enum';
  if (ts.isVariableDeclaration(decl)) return 'variable';
  if (ts.isModuleDeclaration(decl) || ts.isSourceFile(decl)) return 'namespace';
  return ts.SyntaxKind[decl.kind];
}

function basesOf(checker: ts.TypeChecker, symbol: ts.Symbol): string[] {
  const bases: string[] = [];
  let type: ts.Type | undefined = checker.getDeclaredTypeOfSymbol(symbol);
  while (type && type.isClassOrInterface()) {
    const base: ts.Type | undefined = checker.getBaseTypes(type)[0];
    if (!base) break;
    bases.push(base.symbol.getName());
    type = base.symbol ? checker.getDeclaredTypeOfSymbol(base.symbol) : undefined;
  }
  return bases;
}

/**
 * Lists every symbol exported by every entry point of the given packages, with its TSDoc summary,
 * read from the TypeScript sources with the compiler API (the same comments typedoc renders).
 */
export function exportedSymbols(packages: readonly WorkspacePackage[]): ExportedSymbol[] {
  const configPath = join(repoRoot, 'tooling/publish-check/tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  if (!config) throw new Error(`docs check: cannot read ${configPath}`);
  const entries = packages.flatMap((pkg) =>
    exportedSubpaths(pkg.manifest).map((sub) => ({ specifier: pkg.manifest.name + sub.slice(1), file: sourceEntry(pkg, sub) })));
  const program = ts.createProgram(entries.map((e) => e.file), { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const out: ExportedSymbol[] = [];
  for (const entry of entries) {
    const sourceFile = program.getSourceFile(entry.file);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) throw new Error(`docs check: ${relative(repoRoot, entry.file)} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.[0];
      if (!decl) continue;
      // a namespace re-export (`export * as ns from '…'`) is documented where it is written, not in the module it names
      const text = ts.isSourceFile(decl) ? namespaceExportDoc(exported) : ts.displayPartsToString(symbol.getDocumentationComment(checker));
      const summary = text.split(/\n\s*\n/)[0]?.trim() ?? '';
      out.push({
        entry: entry.specifier,
        name: exported.getName(),
        file: relative(repoRoot, decl.getSourceFile().fileName),
        summary,
        kind: kindOf(decl),
        bases: symbol.flags & ts.SymbolFlags.Class ? basesOf(checker, symbol) : [],
      });
    }
  }
  return out;
}

/** Folder of a repo-relative source path's package, e.g. 'packages/layers'. */
export function packageFolder(file: string): string {
  return dirname(file).split('/').slice(0, 2).join('/');
}

/** The `/** … *\/` comment written above an `export * as ns from '…'` statement, without its stars. */
function namespaceExportDoc(alias: ts.Symbol): string {
  const node = alias.declarations?.[0];
  const statement = node && ts.isNamespaceExport(node) ? node.parent : undefined;
  if (!statement) return '';
  const text = statement.getSourceFile().getFullText();
  const docs = (ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []).filter((r) => text.startsWith('/**', r.pos));
  const last = docs.at(-1);
  if (!last) return '';
  return text.slice(last.pos + 3, last.end - 2).split('\n').map((l) => l.replace(/^\s*\*\s?/, '')).join('\n').trim();
}

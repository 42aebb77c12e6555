import { readFileSync } from 'node:fs';

/** The bodies of a Markdown file's fenced code blocks in `language`, in order. */
export function codeBlocks(markdownPath: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp('^```' + language + '\\s*\\n([\\s\\S]*?)^```', 'gm');
  for (const m of readFileSync(markdownPath, 'utf8').matchAll(fence)) blocks.push(m[1] ?? '');
  return blocks;
}

/** The rows of the first Markdown table in a file, as arrays of trimmed cells (header and rule excluded). */
export function tableRows(markdownPath: string): string[][] {
  const lines = readFileSync(markdownPath, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]?.startsWith('|'); i++) {
    rows.push((lines[i] ?? '').slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows;
}

/** Relative link targets (no scheme, no pure anchors) of a Markdown file, without their #fragment. */
export function relativeLinks(markdownPath: string): string[] {
  const text = readFileSync(markdownPath, 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => (m[1] ?? '').split('#')[0] ?? '')
    .filter((target) => target.length > 0 && !/^[a-z]+:/i.test(target));
}

/** What a Nabla code span in the migration table refers to. */
export interface NablaReference {
  /** 'export': a function or class exported by a package; 'member': a member of a receiver. */
  kind: 'export' | 'member';
  name: string;
  /** For members: the receiver variable (`x` a Tensor, `model` a Module, `opt` an optimizer). */
  receiver?: string;
}

/** The names a code span such as `new Adam(model.parameters(), { lr })` refers to. */
export function nablaReferences(code: string): NablaReference[] {
  const refs: NablaReference[] = [];
  for (const m of code.matchAll(/\b(x|model|opt)\.(\w+)/g)) refs.push({ kind: 'member', receiver: m[1] ?? '', name: m[2] ?? '' });
  for (const m of code.matchAll(/\bnew\s+([A-Z]\w*)/g)) refs.push({ kind: 'export', name: m[1] ?? '' });
  for (const m of code.matchAll(/(?<![.\w])([a-z]\w*)\(/g)) refs.push({ kind: 'export', name: m[1] ?? '' });
  return refs;
}

/** Every link target (`[text](target)`) of a Markdown file, as written. */
export function linkTargets(markdownPath: string): string[] {
  return [...readFileSync(markdownPath, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
}

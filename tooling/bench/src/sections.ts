/** The bench's sections and the `--only a,b` / `--clock=` flags that pick them. */
import type { Clock } from './timing.js';

/** Every section, in run order. */
export const SECTIONS = ['matmul', 'conv', 'lenet', 'mlp', 'lm', 'pytorch', 'browser', 'attention', 'gpt', 'kvcache', 'coldstart'] as const;
/** One of SECTIONS. */
export type Section = (typeof SECTIONS)[number];

/** The parsed command line. */
export interface BenchOptions {
  readonly clock: Clock;
  readonly sections: ReadonlySet<Section>;
}

/** Parse `--clock=wall|cpu` and `--only=matmul,lenet` (or `--only matmul,lenet`); throws on unknown values. */
export function parseOptions(args: readonly string[]): BenchOptions {
  let clock: Clock = 'wall';
  let only: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--clock=')) {
      const value = a.slice('--clock='.length);
      if (value !== 'wall' && value !== 'cpu') throw new Error(`--clock must be 'wall' or 'cpu', got '${value}'`);
      clock = value;
    } else if (a.startsWith('--only=')) only = a.slice('--only='.length);
    else if (a === '--only') only = args[++i] ?? '';
    else if (a !== '--') throw new Error(`unknown argument '${a}' (use --clock=wall|cpu, --only=${SECTIONS.join(',')})`);
  }
  if (only === null) return { clock, sections: new Set(SECTIONS) };
  const picked = only.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const s of picked) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section '${s}' (choose from ${SECTIONS.join(', ')})`);
  return { clock, sections: new Set(picked as Section[]) };
}

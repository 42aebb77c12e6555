/** The issues' performance targets, checked against what this run measured. */
import { fmt } from './table.js';

/** Figures recorded by the sections, keyed `section:contender` (e.g. `lenet:nabla-wasm`). */
export type Measured = Map<string, number | null>;

interface Target {
  readonly label: string;
  /** The figure, and what it is compared with (an absolute bar, or a competitor's figure). */
  readonly value: string;
  readonly against: number | string;
  /** How many times the competitor's figure the value must reach (default 1). */
  readonly times?: number;
  readonly unit: string;
}

const LAYOUTS = ['NN', 'NT', 'TN'] as const;
const perLayout = (make: (layout: (typeof LAYOUTS)[number]) => Target): Target[] => LAYOUTS.map(make);

const TARGETS: readonly Target[] = [
  ...perLayout((l) => ({ label: `js matmul 1024² ${l} ≥ 5 GFLOPS`, value: `matmul1024${l}:nabla-js`, against: 5, unit: 'GFLOPS' })),
  ...perLayout((l) => ({ label: `js matmul 1024² ${l} ≥ 10× tfjs-cpu`, value: `matmul1024${l}:nabla-js`, against: `matmul1024${l}:tfjs-cpu`, times: 10, unit: 'GFLOPS' })),
  ...perLayout((l) => ({ label: `wasm matmul 1024² ${l} ≥ 60 GFLOPS`, value: `matmul1024${l}:nabla-wasm`, against: 60, unit: 'GFLOPS' })),
  ...perLayout((l) => ({ label: `webgpu matmul 1024² ${l} ≥ 1× tfjs-webgpu`, value: `matmul1024${l}:nabla-webgpu`, against: `matmul1024${l}:tfjs-webgpu`, unit: 'GFLOPS' })),
  { label: 'LeNet step on wasm ≥ 3000 images/s', value: 'lenet:nabla-wasm', against: 3000, unit: 'img/s' },
  { label: 'LeNet step on webgpu ≥ 1× tfjs-webgpu', value: 'lenet:nabla-webgpu', against: 'lenet:tfjs-webgpu', unit: 'img/s' },
  { label: 'MLP step on wasm ≥ 20,000 images/s', value: 'mlp:nabla-wasm', against: 20000, unit: 'img/s' },
  { label: 'char-LSTM LM on wasm ≥ 20,000 tokens/s', value: 'lm:nabla-wasm', against: 20000, unit: 'tok/s' },
  { label: 'MLP step on wasm (Node, SIMD128) ≥ 0.6× PyTorch CPU', value: 'mlp:nabla-wasm', against: 'mlp:pytorch', times: 0.6, unit: 'img/s' },
  { label: 'char-LSTM step on wasm (Node, SIMD128) ≥ 0.6× PyTorch CPU', value: 'lm:nabla-wasm', against: 'lm:pytorch', times: 0.6, unit: 'tok/s' },
  { label: 'Chromium: wasm matmul 1024² ≥ 0.5× PyTorch CPU', value: 'browser:matmul1024:nabla-wasm', against: 'matmul1024NN:pytorch', times: 0.5, unit: 'GFLOPS' },
  { label: 'Chromium: LeNet step on wasm ≥ 1.0× PyTorch CPU', value: 'browser:lenet:nabla-wasm', against: 'lenet:pytorch', unit: 'img/s' },
  { label: 'Chromium: MLP step on wasm ≥ 0.7× PyTorch CPU', value: 'browser:mlp:nabla-wasm', against: 'mlp:pytorch', times: 0.7, unit: 'img/s' },
  { label: 'Chromium: char-LSTM step on wasm ≥ 0.7× PyTorch CPU', value: 'browser:lm:nabla-wasm', against: 'lm:pytorch', times: 0.7, unit: 'tok/s' },
  { label: 'fused attention T=256 fwd+bwd on wasm ≥ 2× composite', value: 'attention:nabla-wasm', against: 2, unit: '×' },
  { label: 'fused attention T=256 fwd+bwd on webgpu ≥ 2× composite', value: 'attention:nabla-webgpu', against: 2, unit: '×' },
  { label: 'fused attention T=256 fwd+bwd on js ≥ 1× composite', value: 'attention:nabla-js', against: 1, unit: '×' },
  ...['js', 'wasm', 'webgpu'].map((b): Target => ({ label: `KV-cache generation at length 256 on ${b} ≥ 5× full prefix`, value: `kvcache:nabla-${b}`, against: 5, unit: '×' })),
];

/** One line per target whose figures this run measured: value, bar, ratio, met/missed ('' when none were). */
export function renderTargets(measured: Measured): string {
  const lines = ['targets (from the issues):'];
  for (const t of TARGETS) {
    const value = measured.get(t.value);
    const bar = typeof t.against === 'number' ? t.against : measured.get(t.against);
    if (value === undefined || (typeof t.against === 'string' && bar === undefined)) continue;
    if (value === null || bar === null || bar === undefined) {
      lines.push(`  ${t.label}: not measured`);
      continue;
    }
    const ratio = value / (bar * (t.times ?? 1));
    const barText = typeof t.against === 'number' ? '' : ` (${t.against.split(':')[1]} ${fmt(bar, 2)}; ${fmt(value / bar, 2)}×)`;
    lines.push(`  ${t.label}: ${fmt(value, 1)} ${t.unit}${barText} → ${fmt(ratio, 2)}× ${ratio >= 1 ? 'MET' : 'MISSED'}`);
  }
  return lines.length > 1 ? lines.join('\n') : '';
}

/** What the Node side asks the browser bench page to run, and what the page answers. */

/** Workloads the page runs (the PyTorch section's names). */
export type BrowserWorkload = 'matmul1024' | 'lenet' | 'mlp' | 'lm';
/** Contenders in the page. */
export type BrowserContenderName = 'nabla-wasm' | 'nabla-webgpu' | 'tfjs-wasm' | 'tfjs-webgpu';

/** Every contender, in column order. */
export const BROWSER_CONTENDERS: readonly BrowserContenderName[] = ['nabla-wasm', 'nabla-webgpu', 'tfjs-wasm', 'tfjs-webgpu'];
/** Every workload, in row order. */
export const BROWSER_WORKLOADS: readonly BrowserWorkload[] = ['matmul1024', 'lenet', 'mlp', 'lm'];

/** The page's input. */
export interface BrowserSpec {
  readonly workloads: readonly BrowserWorkload[];
  readonly contenders: readonly BrowserContenderName[];
  /** URL prefix the tfjs wasm binaries are served under (setWasmPaths). */
  readonly tfjsWasmPrefix: string;
}

/** One median step (or call) time, or why there is none. */
export interface BrowserResult {
  readonly contender: BrowserContenderName;
  readonly workload: BrowserWorkload;
  readonly ms: number | null;
  /** Threads / kernel variant the contender ran with. */
  readonly detail?: string;
  readonly note?: string;
}

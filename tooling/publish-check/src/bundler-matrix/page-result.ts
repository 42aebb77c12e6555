/** What the matrix page (fixtures/bundler-page/app.js) reports for one backend. */
export interface BackendRun {
  name: 'js' | 'wasm' | 'webgpu';
  status: 'ok' | 'failed' | 'unavailable';
  reason?: string;
  /** Worker threads of the wasm backend (the calling thread included). */
  threads?: number;
  xor?: { loss: number; prediction: number[] };
  mnist?: { shape: number[]; logits: number[] };
  ms?: number;
}

/** What the matrix page reports once it has run on every backend. */
export interface PageResult {
  crossOriginIsolated: boolean;
  backends: BackendRun[];
}

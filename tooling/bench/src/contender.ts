/** A library under measurement. */
import type { ConvLayer, ConvPass, Layout } from './workloads.js';

/** Times workloads on one library; returns median milliseconds, or null when it cannot run them. */
export interface Contender {
  /** Column header. */
  readonly name: string;
  /** Why some workloads returned null (e.g. a kernel the library lacks). */
  readonly notes: string[];
  matmulMs(n: number, layout: Layout): Promise<number | null>;
  convMs(layer: ConvLayer, pass: ConvPass): Promise<number | null>;
  /** Free whatever the contender holds. */
  close(): Promise<void>;
}

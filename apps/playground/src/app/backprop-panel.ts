/** The backprop view: trace one training example (or the lecture example) and draw its graph. */
import { traceLectureExample } from '../backprop/lecture-example.js';
import { byId, fmt } from '../view/dom.js';
import { renderGraph } from '../view/graph-view.js';
import { targetLabel } from '../view/labels.js';
import type { HeatmapMode } from '../view/heatmap.js';
import type { TraceResult } from '../worker/training-api.js';

/** What the panel needs from the page. */
export interface BackpropHost {
  /** Trace training example `index` of the current network (in the worker). */
  trace(index: number): Promise<TraceResult>;
  /** Number of training examples now. */
  trainCount(): number;
  /** How targets are named now. */
  mode(): HeatmapMode;
  /** Serialise with training. */
  enqueue<T>(task: () => Promise<T>): Promise<T>;
}

/** Wire the panel; returns `rebuilt()`, which re-traces a shown network trace after any rebuild. */
export function bindBackpropPanel(host: BackpropHost): { rebuilt(): void } {
  const mode = byId<HTMLSelectElement>('backprop-mode');
  const index = byId<HTMLInputElement>('backprop-example');
  const caption = byId('backprop-caption');
  const graph = byId('backprop-graph');
  let showing: 'network' | 'lecture' | null = null;
  const sync = (): void => { index.disabled = mode.value === 'lecture'; };
  mode.addEventListener('change', sync);
  sync();

  const traceNetwork = async (): Promise<void> => {
    if (host.trainCount() === 0) {
      caption.textContent = 'No training data to trace.';
      graph.replaceChildren();
      return;
    }
    const r = await host.trace(Number(index.value) || 0);
    index.value = String(r.index);
    caption.textContent = `Example #${r.index} at (${fmt(r.xy[0], 2)}, ${fmt(r.xy[1], 2)}), ${targetLabel(host.mode(), r.target)}: loss ${fmt(r.loss, 4)}. ` +
      'Each box shows the forward value and the gradient of the loss with respect to it (hover for all numbers).';
    renderGraph(graph, r.trace);
  };
  const run = (): void => {
    void host.enqueue(async () => {
      if (mode.value === 'lecture') {
        showing = 'lecture';
        const trace = await traceLectureExample();
        const grad = (name: string): string => fmt(trace.nodes.find((n) => n.name === name)?.grad?.[0] ?? Number.NaN);
        caption.textContent = `f = (x + y)·max(y, z) at x = 1, y = 2, z = 0: f = 6, ∂f/∂x = ${grad('x')}, ∂f/∂y = ${grad('y')}, ∂f/∂z = ${grad('z')}.`;
        renderGraph(graph, trace);
        return;
      }
      showing = 'network';
      await traceNetwork();
    }).catch((error: unknown) => { caption.textContent = `Trace failed: ${error instanceof Error ? error.message : String(error)}`; });
  };
  byId('backprop-run').addEventListener('click', run);
  return {
    rebuilt() {
      if (showing !== 'network') return;
      // runs inside the controller's queued task, right after the rebuild
      void traceNetwork().catch((error: unknown) => { caption.textContent = `Trace failed: ${error instanceof Error ? error.message : String(error)}`; });
    },
  };
}

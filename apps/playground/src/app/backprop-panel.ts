/** The backprop view: trace one training example (or the lecture example) and draw its graph. */
import { traceLectureExample } from '../backprop/lecture-example.js';
import { traceNetworkExample } from '../backprop/network-trace.js';
import type { Trainer } from '../model/trainer.js';
import { byId, fmt } from '../view/dom.js';
import { renderGraph } from '../view/graph-view.js';

/** Wire the panel; `trainer()` gives the current trainer, `enqueue` serialises with training. */
export function bindBackpropPanel(trainer: () => Trainer | null, enqueue: <T>(task: () => Promise<T>) => Promise<T>): void {
  const mode = byId<HTMLSelectElement>('backprop-mode');
  const index = byId<HTMLInputElement>('backprop-example');
  const caption = byId('backprop-caption');
  const graph = byId('backprop-graph');
  const sync = (): void => { index.disabled = mode.value === 'lecture'; };
  mode.addEventListener('change', sync);
  sync();
  byId('backprop-run').addEventListener('click', () => {
    void enqueue(async () => {
      if (mode.value === 'lecture') {
        const trace = await traceLectureExample();
        const grad = (name: string): string => fmt(trace.nodes.find((n) => n.name === name)?.grad?.[0] ?? Number.NaN);
        caption.textContent = `f = (x + y)·max(y, z) at x = 1, y = 2, z = 0: f = 6, ∂f/∂x = ${grad('x')}, ∂f/∂y = ${grad('y')}, ∂f/∂z = ${grad('z')}.`;
        renderGraph(graph, trace);
        return;
      }
      const t = trainer();
      if (!t || t.data.train.length === 0) {
        caption.textContent = 'No training data to trace.';
        graph.replaceChildren();
        return;
      }
      const i = Math.max(0, Math.min(t.data.train.length - 1, Math.floor(Number(index.value) || 0)));
      index.value = String(i);
      const { features, target, xy } = t.trainExample(i);
      const trace = await traceNetworkExample(t.network, features, target);
      const loss = trace.nodes.find((n) => n.id === trace.output)?.value[0] ?? Number.NaN;
      caption.textContent = `Example #${i} at (${fmt(xy[0], 2)}, ${fmt(xy[1], 2)}), target ${fmt(target)}: loss ${fmt(loss, 4)}. ` +
        'Each box shows the forward value and the gradient of the loss with respect to it (hover for all numbers).';
      renderGraph(graph, trace);
    }).catch((error: unknown) => { caption.textContent = `Trace failed: ${String(error)}`; });
  });
}

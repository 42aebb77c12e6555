/** +/− buttons for hidden layers and neurons, and each layer's activation. */
import { MAX_LAYERS, MAX_NEURONS, type ActivationName, type PlaygroundState } from '../state/state.js';
import { byId, el } from '../view/dom.js';
import { activationPlot } from '../view/activation-plot.js';
import type { StateEdit } from './hyper-controls.js';

const ACTS: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid', 'linear', 'step'];

/** Wire layer +/−; returns a function that rebuilds the per-layer controls for a state. */
export function bindLayerControls(current: () => PlaygroundState, apply: StateEdit): (s: PlaygroundState) => void {
  byId('add-layer').addEventListener('click', () => {
    const s = current();
    if (s.hidden.length >= MAX_LAYERS) return;
    apply({ ...s, hidden: [...s.hidden, 2], activations: [...s.activations, s.activations[s.activations.length - 1] ?? 'tanh'], weights: null }, false);
  });
  byId('remove-layer').addEventListener('click', () => {
    const s = current();
    if (s.hidden.length === 0) return;
    apply({ ...s, hidden: s.hidden.slice(0, -1), activations: s.activations.slice(0, -1), weights: null }, false);
  });
  const host = byId('layer-controls');
  return (s: PlaygroundState): void => {
    byId('layer-count').textContent = String(s.hidden.length);
    byId<HTMLButtonElement>('add-layer').disabled = s.hidden.length >= MAX_LAYERS;
    byId<HTMLButtonElement>('remove-layer').disabled = s.hidden.length === 0;
    const cells = s.hidden.map((n, layer) => {
      const change = (delta: number): void => {
        const hidden = [...s.hidden];
        hidden[layer] = Math.max(1, Math.min(MAX_NEURONS, n + delta));
        if (hidden[layer] !== n) apply({ ...current(), hidden, weights: null }, false);
      };
      const plus = el('button', { type: 'button', 'aria-label': `add neuron to layer ${layer + 1}` }, '+');
      const minus = el('button', { type: 'button', 'aria-label': `remove neuron from layer ${layer + 1}` }, '−');
      plus.disabled = n >= MAX_NEURONS;
      minus.disabled = n <= 1;
      plus.addEventListener('click', () => change(1));
      minus.addEventListener('click', () => change(-1));
      const select = el('select', { 'aria-label': `activation of layer ${layer + 1}`, 'data-layer': String(layer) });
      for (const a of ACTS) select.append(el('option', { value: a }, a));
      select.value = s.activations[layer];
      select.addEventListener('change', () => {
        const cur = current();
        const activations = [...cur.activations];
        activations[layer] = select.value as ActivationName;
        apply({ ...cur, activations }, true);
      });
      return el('div', { class: 'layer-cell' }, el('div', {}, plus, minus), el('span', {}, `${n} neuron${n === 1 ? '' : 's'}`), select,
        activationPlot(s.activations[layer]));
    });
    host.replaceChildren(...cells);
  };
}

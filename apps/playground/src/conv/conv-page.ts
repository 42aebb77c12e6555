/** The convolution page: draw a digit, classify it live with the shipped CNN, show filters and feature maps. */
import '@nabla/backend-js';
import { setBackend, type Tensor } from '@nabla/tensor-core';
import type { Sequential } from '@nabla/layers';
import { byId, el } from '../view/dom.js';
import { classifyDigit, digitCnnFromCheckpoint, DIGIT_CNN_CHANNELS, type DigitCnnCheckpoint } from './digit-cnn.js';
import { DrawPad } from './draw-pad.js';
import { paintMap } from './paint-map.js';
import { SlideExplainer } from './slide-explainer.js';

function canvases(host: HTMLElement, count: number, label: string): HTMLCanvasElement[] {
  const list = Array.from({ length: count }, (_, i) => el('canvas', { class: 'map', 'aria-label': `${label} ${i + 1}`, 'data-index': String(i) }));
  host.replaceChildren(...list);
  return list;
}

async function main(): Promise<void> {
  await setBackend('js');
  const response = await fetch('./digit-cnn.json');
  if (!response.ok) throw new Error(`cannot load digit-cnn.json: HTTP ${response.status}`);
  const checkpoint = await response.json() as DigitCnnCheckpoint;
  const model: Sequential = digitCnnFromCheckpoint(checkpoint);
  const dict = model.stateDict();
  const read = async (t: Tensor | undefined): Promise<Float32Array> => Float32Array.from(t ? await t.data() : []);
  const w1 = await read(dict['0.weight']);
  const b1 = await read(dict['0.bias']);
  const [c1, c2] = DIGIT_CNN_CHANNELS;
  byId('model-info').textContent = `A small CNN (conv 5×5×${c1} → pool → conv 5×5×${c2} → pool → dense 10, ` +
    `${model.parameters().reduce((n, p) => n + p.size, 0).toLocaleString('en-US')} parameters) trained on MNIST ` +
    `with Nabla (scripts/train-digit-cnn.ts): ${(100 * checkpoint.testAccuracy).toFixed(1)} % on the 10,000 test digits.`;

  const filterCanvases = canvases(byId('filters'), c1, 'filter');
  let scale = 0;
  for (const v of w1) scale = Math.max(scale, Math.abs(v));
  filterCanvases.forEach((c, i) => paintMap(c, w1, 5, 5, 'signed', i * 25, scale));
  const maps1 = canvases(byId('maps1'), c1, 'layer 1 feature map');
  const maps2 = canvases(byId('maps2'), c2, 'layer 2 feature map');
  const bars = Array.from({ length: 10 }, (_, d) => el('li', { 'data-digit': String(d) }, el('span', { class: 'digit' }, String(d)), el('span', { class: 'bar' })));
  byId('probabilities').replaceChildren(...bars);

  const explainer = new SlideExplainer(byId('slide-input'), byId('slide-map'), byId('slide-text'), byId('slide-window'));
  const filterSelect = byId<HTMLSelectElement>('slide-filter');
  filterSelect.replaceChildren(...Array.from({ length: c1 }, (_, i) => el('option', { value: String(i) }, `${i + 1} of ${c1}`)));
  let image: Float32Array = new Float32Array(28 * 28);
  const loadExplainer = (): void => {
    const f = Number(filterSelect.value);
    explainer.load(image, w1.subarray(f * 25, (f + 1) * 25), b1[f]);
  };
  filterSelect.addEventListener('change', loadExplainer);
  byId('slide-step').addEventListener('click', () => explainer.step());
  byId('slide-play').addEventListener('click', () => explainer.toggle());

  let busy = false;
  let again = false;
  const classify = async (): Promise<void> => {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const drawn = pad.image();
      image = drawn ?? new Float32Array(28 * 28);
      paintMap(byId<HTMLCanvasElement>('seen'), image, 28, 28, 'ink', 0, 1);
      if (drawn === null) {
        byId('prediction').textContent = '?';
        byId('confidence').textContent = '';
        for (const b of bars) b.style.setProperty('--p', '0');
      } else {
        const a = await classifyDigit(model, drawn);
        let best = 0;
        for (let d = 1; d < 10; d++) if (a.probabilities[d] > a.probabilities[best]) best = d;
        byId('prediction').textContent = String(best);
        byId('confidence').textContent = `(${(100 * a.probabilities[best]).toFixed(0)} % sure)`;
        bars.forEach((b, d) => {
          b.style.setProperty('--p', String(a.probabilities[d]));
          b.dataset.p = String(a.probabilities[d]);
          b.classList.toggle('best', d === best);
        });
        maps1.forEach((c, i) => paintMap(c, a.conv1, 24, 24, 'ink', i * 576));
        maps2.forEach((c, i) => paintMap(c, a.conv2, 8, 8, 'ink', i * 64));
      }
      loadExplainer();
    } finally {
      busy = false;
      if (again) { again = false; void classify(); }
    }
  };
  const pad = new DrawPad(byId('pad'), () => { void classify(); });
  byId('clear').addEventListener('click', () => { pad.clear(); void classify(); });
  await classify();
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  console.error(error);
  document.body.dataset.ready = 'error';
  byId('model-info').textContent = `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
});

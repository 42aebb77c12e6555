/** The recurrent page: RNN and LSTM trained side by side on the first-bit task, gradients per time step. */
import '@nabla/backend-js';
import { Adam } from '@nabla/optim';
import { Rng, setBackend, tidy } from '@nabla/tensor-core';
import { byId, el, fmt } from '../view/dom.js';
import { firstBitBatch, type SequenceBatch } from './first-bit-task.js';
import { gradientThroughTime, SequenceClassifier, type CellKind } from './sequence-model.js';
import { paintLines } from './through-time-chart.js';

const HIDDEN = 16;
const BATCH = 32;
const EVAL = 256;
const EVAL_EVERY = 10;
const COLOURS: Record<CellKind, string> = { rnn: '#f59322', lstm: '#0877bd' };

interface Contender {
  readonly kind: CellKind;
  readonly model: SequenceClassifier;
  readonly optimizer: Adam;
  accuracy: number[];
  perStep: Float32Array;
}

async function main(): Promise<void> {
  await setBackend('js');
  const stepsSelect = byId<HTMLSelectElement>('steps');
  const trainButton = byId<HTMLButtonElement>('train');
  let contenders: Contender[] = [];
  let evalBatch: SequenceBatch;
  let rng = new Rng(1);
  let step = 0;
  let running = false;

  const paint = (): void => {
    const grad = byId<HTMLCanvasElement>('grad-chart');
    paintLines(grad, contenders.map((c) => ({ label: c.kind.toUpperCase(), colour: COLOURS[c.kind], values: c.perStep })),
      { log: true, xLabel: 't' }, grad.clientWidth || 360, 180);
    const acc = byId<HTMLCanvasElement>('acc-chart');
    paintLines(acc, contenders.map((c) => ({ label: c.kind.toUpperCase(), colour: COLOURS[c.kind], values: c.accuracy })),
      { log: false, xLabel: `training step ÷ ${EVAL_EVERY}`, yRange: [0.4, 1] }, acc.clientWidth || 360, 140);
    byId('train-step').textContent = String(step);
    let max = 0;
    for (const c of contenders) for (const g of c.perStep) max = Math.max(max, g);
    const rows = contenders.map((c) => {
      const accCell = document.querySelector(`tr[data-cell="${c.kind}"] .acc`);
      if (accCell) accCell.textContent = `${(100 * (c.accuracy[c.accuracy.length - 1] ?? 0)).toFixed(0)} %`;
      const ratio = c.perStep[0] / c.perStep[c.perStep.length - 1];
      const ratioCell = document.querySelector<HTMLElement>(`tr[data-cell="${c.kind}"] .ratio`);
      if (ratioCell) {
        ratioCell.textContent = fmt(ratio);
        ratioCell.dataset.value = String(ratio);
      }
      const boxes = Array.from(c.perStep, (g, t) => {
        const shade = g > 0 && max > 0 ? Math.max(0, 1 + Math.log10(g / max) / 6) : 0;
        const box = el('div', { class: 'unrolled-step', 'data-t': String(t + 1), 'data-grad': String(g), title: `t = ${t + 1}: mean |∂L/∂xₜ| = ${fmt(g, 4)}` },
          el('span', { class: 'h', style: `background: rgba(123, 79, 160, ${shade.toFixed(3)})` }, `h${t + 1}`),
          el('span', { class: 'x' }, evalBatch.x[t] > 0 ? '+1' : '−1'));
        return box;
      });
      return el('div', { class: 'unrolled-row', 'data-cell': c.kind }, el('span', { class: 'unrolled-label' }, c.kind.toUpperCase()), ...boxes,
        el('span', { class: 'unrolled-out' }, '→ y'));
    });
    byId('unrolled').replaceChildren(...rows);
  };

  const evaluate = async (): Promise<void> => {
    for (const c of contenders) {
      const r = await gradientThroughTime(c.model, evalBatch);
      c.accuracy.push(r.accuracy);
      c.perStep = r.perStep;
      const row = document.querySelector(`tr[data-cell="${c.kind}"] .loss`);
      if (row) row.textContent = r.loss.toFixed(3);
    }
    paint();
  };

  const reset = async (): Promise<void> => {
    running = false;
    trainButton.setAttribute('aria-pressed', 'false');
    for (const c of contenders) c.model.dispose();
    const steps = Number(stepsSelect.value);
    rng = new Rng(1);
    evalBatch = firstBitBatch(new Rng(12345), EVAL, steps);
    contenders = (['rnn', 'lstm'] as const).map((kind) => {
      const model = new SequenceClassifier(kind, HIDDEN, 7);
      return { kind, model, optimizer: new Adam(model.parameters(), { lr: 0.01 }), accuracy: [], perStep: new Float32Array(steps) };
    });
    step = 0;
    await evaluate();
  };

  const trainLoop = async (): Promise<void> => {
    while (running) {
      const batch = firstBitBatch(rng, BATCH, Number(stepsSelect.value));
      for (const c of contenders) {
        c.optimizer.zeroGrad();
        tidy(() => { c.model.loss(batch).backward(); });
        c.optimizer.step();
      }
      step++;
      if (step % EVAL_EVERY === 0) await evaluate();
      else byId('train-step').textContent = String(step);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };

  trainButton.addEventListener('click', () => {
    running = !running;
    trainButton.setAttribute('aria-pressed', String(running));
    trainButton.textContent = running ? 'Pause' : 'Train both';
    if (running) void trainLoop();
  });
  byId('rnn-reset').addEventListener('click', () => { void reset(); });
  stepsSelect.addEventListener('change', () => { void reset(); });
  await reset();
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  console.error(error);
  document.body.dataset.ready = 'error';
  byId('rnn-status').textContent = `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
});

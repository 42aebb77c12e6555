/**
 * The step-by-step forward-then-backward walk over the network for one training example: each step
 * highlights one layer in the diagram and fills its row of the layer summary (z and a going
 * forward, δ = ∂L/∂z coming back).
 */
import { byId, el, fmt } from '../view/dom.js';
import type { InspectResult } from '../worker/training-api.js';

/** Phases: forward through layers 0..L−1, then backward through L−1..0. */
export class PassStepper {
  private result: InspectResult | null = null;
  private phase = 0;

  constructor(private readonly diagram: HTMLElement, private readonly table: HTMLElement, private readonly caption: HTMLElement) {}

  /** Start again from `result` (phase 0: nothing computed yet). */
  load(result: InspectResult): void {
    this.result = result;
    this.phase = 0;
    this.render();
  }

  /** Whether a walk is loaded and not finished. */
  get active(): boolean {
    return this.result !== null && this.phase < 2 * this.result.layers.length;
  }

  /** Advance one layer. */
  step(): void {
    if (!this.active) return;
    this.phase++;
    this.render();
  }

  /** Forget the walk (the network changed). */
  clear(): void {
    this.result = null;
    this.phase = 0;
    this.table.replaceChildren();
    for (const n of this.diagram.querySelectorAll('.pass-forward, .pass-backward')) n.classList.remove('pass-forward', 'pass-backward');
  }

  private render(): void {
    const r = this.result;
    if (!r) return;
    const count = r.layers.length;
    const forwardDone = Math.min(this.phase, count);
    const backwardDone = Math.max(0, this.phase - count);
    const current = this.phase === 0 ? null : this.phase <= count ? { layer: this.phase - 1, dir: 'forward' } : { layer: 2 * count - this.phase, dir: 'backward' };
    for (const n of this.diagram.querySelectorAll<HTMLElement>('button.neuron, button.output')) {
      const layer = Number(n.dataset.layer);
      n.classList.toggle('pass-forward', current?.dir === 'forward' && layer === current.layer);
      n.classList.toggle('pass-backward', current?.dir === 'backward' && layer === current.layer);
    }
    const list = (v: number[]): string => v.map((x) => fmt(x, 3)).join(', ');
    const head = el('tr', {}, el('th', {}, 'layer'), el('th', {}, 'input sums z'), el('th', {}, 'activations a'), el('th', {}, 'error terms δ = ∂L/∂z'));
    const rows = r.layers.map((l, i) => {
      const name = i === count - 1 ? 'output' : `hidden ${i + 1}`;
      const seenForward = i < forwardDone;
      const seenBackward = i >= count - backwardDone;
      const row = el('tr', { 'data-layer': String(i) }, el('th', {}, name),
        el('td', { class: 'z' }, seenForward ? list(l.z) : ''),
        el('td', { class: 'a' }, seenForward ? list(l.a) : ''),
        el('td', { class: 'delta' }, seenBackward ? list(l.delta) : ''));
      if (current?.layer === i) row.classList.add(`pass-${current.dir}`);
      return row;
    });
    this.table.replaceChildren(el('table', { class: 'layer-summary' }, el('thead', {}, head), el('tbody', {}, ...rows)));
    this.caption.textContent = current === null
      ? `Example #${r.index}: press Step to push it forward through the network one layer at a time, then back.`
      : current.dir === 'forward'
        ? `Forward, layer ${current.layer + 1} of ${count}: z = W·a + b from the previous layer's activations, then a = g(z).`
        : current.layer === count - 1
          ? `Backward, output layer: δ = ∂L/∂z from the loss ${fmt(r.loss, 4)} directly.`
          : `Backward, layer ${current.layer + 1}: δ = g′(z) ⊙ (Wᵀ δ of the layer above); ∂L/∂W = δ·aᵀ of the layer below.`;
    byId('pass-step').toggleAttribute('disabled', !this.active);
  }
}

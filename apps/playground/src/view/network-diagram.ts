/**
 * The network diagram: feature nodes (click to toggle), hidden neurons and outputs with small
 * heatmaps, links whose width is ∝ |w| and colour is the weight's sign; click or Enter on a link
 * or a neuron edits its weight or bias.
 */
import { PLAYGROUND_FEATURES, type PlaygroundFeature } from '@nabla/datasets';
import type { LayerWeights } from '../state/state.js';
import { el, fmt, svg } from './dom.js';
import { css, divergingColor } from './colors.js';

/** Display names of the features. */
export const FEATURE_LABELS: Readonly<Record<PlaygroundFeature, string>> = {
  x1: 'X₁', x2: 'X₂', x1Squared: 'X₁²', x2Squared: 'X₂²', x1TimesX2: 'X₁X₂', sinX1: 'sin(X₁)', sinX2: 'sin(X₂)',
};

/** What the diagram reports back. */
export interface DiagramCallbacks {
  toggleFeature(feature: PlaygroundFeature): void;
  /** Ask for a new value of weight [layer][to][from] (from = null: the bias of [layer][to]). */
  editParameter(layer: number, to: number, from: number | null, current: number, anchor: Element): void;
  /** The pointer (or focus) is on node `key` ('f:x1', 'h:0:3', 'o:0'), or left it (null). */
  hover(key: string | null): void;
}

/** What link colour and width show. */
export type LinkColouring = 'weight' | 'gradient';

/** A weight's link: colour by sign, paler for small |w| (TF Playground's scale), width ∝ |w|. */
function weightStyle(w: number): { colour: string; width: number } {
  return { colour: css(divergingColor(w)), width: Math.max(0.5, Math.min(7, Math.abs(w) * 2)) };
}

/** A gradient's link: purple whose strength is log₁₀|g| over the 4 decades below the largest. */
function gradientStyle(g: number, max: number): { colour: string; width: number } {
  const t = g === 0 || max === 0 ? 0 : Math.max(0, 1 + Math.log10(Math.abs(g) / max) / 4);
  const c = [232 + (123 - 232) * t, 234 + (79 - 234) * t, 235 + (160 - 235) * t];
  return { colour: `rgb(${c.map(Math.round).join(', ')})`, width: 0.5 + 5 * t };
}

const NODE = 34;
const ROW = 44;
const TOP = 8;
const COL = 92;

/** Owns the diagram's DOM inside `host`. */
export class NetworkDiagram {
  private readonly canvases = new Map<string, HTMLCanvasElement>();
  private weights: readonly LayerWeights[] = [];
  private gradients: readonly number[][][] = [];
  private colouring: LinkColouring = 'weight';

  constructor(private readonly host: HTMLElement, private readonly callbacks: DiagramCallbacks) {}

  /** Canvas of node `key` ('f:x1', 'h:0:3', 'o:0'), for painting its heatmap. */
  canvas(key: string): HTMLCanvasElement | undefined {
    return this.canvases.get(key);
  }

  private watchHover(node: HTMLElement, key: string): void {
    node.addEventListener('pointerenter', () => this.callbacks.hover(key));
    node.addEventListener('pointerleave', () => this.callbacks.hover(null));
    node.addEventListener('focus', () => this.callbacks.hover(key));
    node.addEventListener('blur', () => this.callbacks.hover(null));
  }

  /** Restyle links and bias markers for new parameter values without rebuilding the DOM. */
  updateWeights(weights: readonly LayerWeights[]): void {
    this.weights = weights;
    this.restyle();
  }

  /** New gradients ∂L/∂W (used when links are coloured by gradient). */
  updateGradients(gradients: readonly number[][][]): void {
    this.gradients = gradients;
    if (this.colouring === 'gradient') this.restyle();
  }

  /** Colour links by their weight (sign and magnitude) or by the loss's gradient (log magnitude). */
  colourBy(mode: LinkColouring): void {
    this.colouring = mode;
    this.restyle();
  }

  private restyle(): void {
    const weights = this.weights;
    let gmax = 0;
    for (const layer of this.gradients) for (const row of layer) for (const g of row) gmax = Math.max(gmax, Math.abs(g));
    for (const g of this.host.querySelectorAll<SVGGElement>('g.link')) {
      const [l, to, from] = [Number(g.dataset.layer), Number(g.dataset.to), Number(g.dataset.from)];
      const w = weights[l]?.weight[to]?.[from] ?? 0;
      const grad = this.gradients[l]?.[to]?.[from] ?? 0;
      const style = this.colouring === 'gradient' ? gradientStyle(grad, gmax) : weightStyle(w);
      const line = g.querySelector('.link-line');
      line?.setAttribute('stroke', style.colour);
      line?.setAttribute('stroke-width', String(style.width));
      g.setAttribute('aria-label', `weight ${fmt(w)}, gradient ${fmt(grad)}`);
      g.dataset.value = String(w);
      g.dataset.grad = String(grad);
      const title = g.querySelector('title');
      if (title) title.textContent = `Weight is ${fmt(w, 4)}, ∂L/∂w is ${fmt(grad, 4)} (click to edit)`;
    }
    for (const node of this.host.querySelectorAll<HTMLButtonElement>('button.neuron, button.output')) {
      const b = weights[Number(node.dataset.layer)]?.bias[Number(node.dataset.neuron)] ?? 0;
      node.title = `Bias is ${fmt(b, 4)} (click to edit)`;
      node.dataset.value = String(b);
      const marker = node.querySelector<HTMLElement>('.bias');
      if (marker) marker.style.background = css(divergingColor(b));
    }
  }

  /** Rebuild the diagram for `features` active, layer `sizes` [...hidden, outputs] and `weights`. */
  render(active: readonly PlaygroundFeature[], sizes: readonly number[], weights: readonly LayerWeights[]): void {
    this.canvases.clear();
    const columns = sizes.length + 1;
    const maxRows = Math.max(PLAYGROUND_FEATURES.length, ...sizes);
    const width = (columns - 1) * COL + NODE + 70;
    const height = TOP + maxRows * ROW;
    const box = el('div', { class: 'diagram', style: `width:${width}px;height:${height}px` });
    const links = svg('svg', { class: 'links', width, height });
    box.append(links);
    const colX = (c: number): number => 62 + c * COL;
    const rowY = (r: number, n: number): number => TOP + r * ROW + ((maxRows - n) * ROW) / 2;
    // input column: every feature, active ones connected
    const activeRows: number[] = [];
    PLAYGROUND_FEATURES.forEach((f, r) => {
      const on = active.includes(f);
      if (on) activeRows.push(r);
      const canvas = el('canvas', { class: 'node-canvas' });
      this.canvases.set(`f:${f}`, canvas);
      const node = el('button', {
        class: `node feature${on ? ' active' : ''}`, style: `left:${colX(0)}px;top:${rowY(r, PLAYGROUND_FEATURES.length)}px`,
        'aria-pressed': String(on), 'aria-label': `feature ${FEATURE_LABELS[f]} ${on ? 'on' : 'off'}`, 'data-feature': f, type: 'button',
      }, canvas);
      node.addEventListener('click', () => this.callbacks.toggleFeature(f));
      this.watchHover(node, `f:${f}`);
      box.append(node, el('span', { class: 'feature-label', style: `left:0px;top:${rowY(r, PLAYGROUND_FEATURES.length) + 9}px` }, FEATURE_LABELS[f]));
    });
    // links and neurons
    let prevY = activeRows.map((r) => rowY(r, PLAYGROUND_FEATURES.length) + NODE / 2);
    sizes.forEach((n, layer) => {
      const column = layer + 1;
      const isOutput = layer === sizes.length - 1;
      const ys: number[] = [];
      for (let j = 0; j < n; j++) {
        const y = rowY(j, n);
        ys.push(y + NODE / 2);
        const lw = weights[layer];
        prevY.forEach((py, i) => {
          const w = lw?.weight[j]?.[i] ?? 0;
          const x1 = colX(column - 1) + NODE;
          const x2 = colX(column);
          const mid = (x1 + x2) / 2;
          const d = `M${x1},${py} C${mid},${py} ${mid},${y + NODE / 2} ${x2},${y + NODE / 2}`;
          const g = svg('g', { class: 'link', tabindex: 0, role: 'button', 'data-layer': layer, 'data-to': j, 'data-from': i, 'data-value': w, 'aria-label': `weight ${fmt(w)}` });
          const title = svg('title');
          title.textContent = `Weight is ${fmt(w, 4)} (click to edit)`;
          g.append(title, svg('path', { d, class: 'link-hit' }), svg('path', { d, class: 'link-line' }));
          const edit = (): void => this.callbacks.editParameter(layer, j, i, Number(g.dataset.value ?? w), g);
          g.addEventListener('click', edit);
          g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); edit(); } });
          links.append(g);
        });
        const key = isOutput ? `o:${j}` : `h:${layer}:${j}`;
        const canvas = el('canvas', { class: 'node-canvas' });
        this.canvases.set(key, canvas);
        const bias = weights[layer]?.bias[j] ?? 0;
        const node = el('button', {
          class: `node ${isOutput ? 'output' : 'neuron'}`, style: `left:${colX(column)}px;top:${y}px`, type: 'button',
          title: `Bias is ${fmt(bias, 4)} (click to edit)`, 'aria-label': `${isOutput ? 'output' : `layer ${layer + 1} neuron`} ${j + 1}, bias ${fmt(bias)}`,
          'data-layer': String(layer), 'data-neuron': String(j), 'data-value': String(bias),
        }, canvas, el('span', { class: 'bias' }));
        node.addEventListener('click', () => this.callbacks.editParameter(layer, j, null, Number(node.dataset.value ?? bias), node));
        node.dataset.key = key;
        this.watchHover(node, key);
        box.append(node);
      }
      prevY = ys;
    });
    this.host.replaceChildren(box);
    this.weights = weights;
    this.gradients = [];
    this.restyle();
  }
}

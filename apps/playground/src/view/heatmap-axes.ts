/** Axis ticks around the output heatmap and its colour legend. */
import { CLASS_COLORS, css, divergingColor } from './colors.js';
import { el } from './dom.js';
import type { HeatmapMode } from './heatmap.js';

const TICKS = [-6, -4, -2, 0, 2, 4, 6];

/** Fill `yAxis` (left of the heatmap) and `xAxis` (below it) with ticks at −6 … 6. */
export function buildHeatmapAxes(yAxis: HTMLElement, xAxis: HTMLElement): void {
  yAxis.replaceChildren(...TICKS.map((t) => el('span', { class: 'tick', style: `top:${((6 - t) / 12) * 100}%` }, String(t))));
  xAxis.replaceChildren(...TICKS.map((t) => el('span', { class: 'tick', style: `left:${((t + 6) / 12) * 100}%` }, String(t))),
    el('span', { class: 'axis-name' }, 'X₁ (across), X₂ (up)'));
}

/** The colour legend for `mode`: a −1 … 1 scale, or one swatch per class. */
export function paintLegend(host: HTMLElement, mode: HeatmapMode, classes: number): void {
  host.dataset.mode = mode;
  if (mode === 'multiclass') {
    host.replaceChildren(...Array.from({ length: classes }, (_, c) =>
      el('span', { class: 'swatch' }, el('i', { style: `background:${css(CLASS_COLORS[c % CLASS_COLORS.length])}` }), `class ${c}`)));
    return;
  }
  const stops = [-1, -0.5, 0, 0.5, 1].map((v) => `${css(divergingColor(v))} ${((v + 1) / 2) * 100}%`).join(', ');
  const [lo, hi] = mode === 'binary' ? ['−1 (orange)', '+1 (blue)'] : ['−1', '+1'];
  host.replaceChildren(
    el('span', {}, lo),
    el('span', { class: 'scale', style: `background: linear-gradient(90deg, ${stops})` }),
    el('span', {}, hi),
    el('span', { class: 'hint' }, mode === 'binary' ? 'colour = 2·P(+1) − 1' : 'colour = output value'),
  );
}

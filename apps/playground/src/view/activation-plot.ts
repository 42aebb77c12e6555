/** A small plot of an activation g(z) (solid) and its derivative g′(z) (dashed) on z ∈ [−5, 5]. */
import { activationDerivative, activationValue } from '../model/activation-curves.js';
import type { ActivationName } from '../state/state.js';
import { fmt, svg } from './dom.js';

const W = 80;
const H = 50;
const Z = 5;

/** An SVG of `name` and its derivative; `data-max-derivative` holds max g′ on the plotted range. */
export function activationPlot(name: ActivationName): SVGSVGElement {
  const zs = Array.from({ length: 101 }, (_, i) => -Z + (i / 100) * 2 * Z);
  const g = zs.map((z) => activationValue(name, z));
  const d = zs.map((z) => activationDerivative(name, z));
  const lo = Math.min(-1, ...g, ...d);
  const hi = Math.max(1, ...g.map((v) => Math.min(v, 2)), ...d);
  const x = (i: number): number => (i / 100) * W;
  const y = (v: number): number => H - 2 - ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * (H - 4);
  const path = (vs: number[]): string => vs.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const maxD = Math.max(...d);
  const root = svg('svg', {
    class: 'activation-plot', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'data-max-derivative': maxD,
    'aria-label': `${name} (solid) and its derivative (dashed), max derivative ${fmt(maxD)}`,
  });
  const title = svg('title');
  title.textContent = `${name}: g(z) solid, g′(z) dashed, z from −5 to 5; max g′ = ${fmt(maxD)}`;
  root.append(title,
    svg('line', { x1: 0, x2: W, y1: y(0), y2: y(0), class: 'axis-line' }),
    svg('line', { x1: W / 2, x2: W / 2, y1: 0, y2: H, class: 'axis-line' }),
    svg('path', { d: path(g), class: 'g' }),
    svg('path', { d: path(d), class: 'dg' }));
  const label = svg('text', { x: 2, y: 9, class: 'dg-label' });
  label.textContent = `max g′ ${fmt(maxD, 2)}`;
  root.append(label);
  return root;
}

/** Draw a traced computation graph: one box per value with its forward value and gradient. */
import type { GraphNode, GraphTrace } from '@nabla/autograd';
import { layoutGraph } from '../backprop/graph-layout.js';
import { fmt, svg } from './dom.js';

const BOX_W = 200;
const BOX_H = 62;
const GAP_X = 46;
const GAP_Y = 16;

function summary(values: readonly number[] | null, shape: readonly number[]): string {
  if (values === null) return '—';
  if (values.length === 1) return fmt(values[0]);
  const head = values.slice(0, 2).map((v) => fmt(v, 2)).join(', ');
  return `[${shape.join('×')}] ${head}${values.length > 2 ? ', …' : ''}`;
}

function fullText(node: GraphNode): string {
  const list = (v: readonly number[] | null): string => (v === null ? 'none' : v.map((x) => fmt(x, 4)).join(', '));
  return `${node.label} [${node.shape.join('×') || 'scalar'}]\nvalue: ${list(node.value)}\ngradient: ${list(node.grad)}`;
}

/** Replace `host`'s content with an SVG rendering of `trace` (values in green, gradients in red). */
export function renderGraph(host: HTMLElement, trace: GraphTrace): void {
  const { places, columns, rows } = layoutGraph(trace);
  const width = columns * (BOX_W + GAP_X) + GAP_X;
  const height = rows * (BOX_H + GAP_Y) + GAP_Y;
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'computation graph with values and gradients' });
  const pos = (id: string): { x: number; y: number } => {
    const p = places.get(id) ?? { column: 0, row: 0 };
    return { x: GAP_X + p.column * (BOX_W + GAP_X), y: GAP_Y + p.row * (BOX_H + GAP_Y) };
  };
  for (const e of trace.edges) {
    const a = pos(e.from);
    const b = pos(e.to);
    const x1 = a.x + BOX_W;
    const y1 = a.y + BOX_H / 2;
    const x2 = b.x;
    const y2 = b.y + BOX_H / 2;
    const mid = (x1 + x2) / 2;
    root.append(svg('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'graph-edge' }));
  }
  for (const node of trace.nodes) {
    const { x, y } = pos(node.id);
    const g = svg('g', {
      class: `graph-node graph-${node.kind}${node.id === trace.output ? ' graph-output' : ''}`, 'data-name': node.name ?? node.op ?? node.id,
      'data-value': node.value.join(','), 'data-grad': node.grad === null ? '' : node.grad.join(','), tabindex: 0,
    });
    const title = svg('title');
    title.textContent = fullText(node);
    g.append(title, svg('rect', { x, y, width: BOX_W, height: BOX_H, rx: 6 }));
    const line = (text: string, dy: number, cls: string): void => {
      const t = svg('text', { x: x + 8, y: y + dy, class: cls });
      t.textContent = text;
      g.append(t);
    };
    line(node.label, 17, 'graph-label');
    line(`value ${summary(node.value, node.shape)}`, 36, 'graph-value');
    line(`grad ${summary(node.grad, node.shape)}`, 54, 'graph-grad');
    root.append(g);
  }
  host.replaceChildren(root);
}

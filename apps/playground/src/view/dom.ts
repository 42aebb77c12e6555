/** Tiny DOM helpers. */

/** Create an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** Create an SVG element with attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** A labelled <select> whose options are `[value, text]` pairs. */
export function labelledSelect(id: string, label: string, options: readonly (readonly [string, string])[]): { wrap: HTMLElement; select: HTMLSelectElement } {
  const select = el('select', { id });
  for (const [value, text] of options) select.append(el('option', { value }, text));
  const wrap = el('label', { class: 'field', for: id }, el('span', {}, label), select);
  return { wrap, select };
}

/** Element by id, typed; throws when the page lacks it. */
export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`playground: element #${id} is missing`);
  return node as T;
}

/** Format a number compactly for labels. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) return v.toExponential(2);
  return Number(v.toFixed(digits)).toString();
}

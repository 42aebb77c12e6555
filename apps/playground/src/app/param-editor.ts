/** The small popover that edits one weight or bias. */
import { byId } from '../view/dom.js';

/** What gets edited. */
export interface ParamTarget {
  readonly layer: number;
  readonly to: number;
  readonly from: number | null;
}

/** Wire the editor; returns `open(target, current, anchor)`. */
export function bindParamEditor(save: (target: ParamTarget, value: number) => void): (target: ParamTarget, current: number, anchor: Element) => void {
  const box = byId('param-editor');
  const input = byId<HTMLInputElement>('param-value');
  const label = byId('param-label');
  let target: ParamTarget | null = null;
  let returnFocus: Element | null = null;
  const close = (): void => {
    box.hidden = true;
    target = null;
    if (returnFocus instanceof HTMLElement || returnFocus instanceof SVGElement) returnFocus.focus();
  };
  const commit = (): void => {
    const v = Number(input.value);
    if (target && input.value.trim() !== '' && Number.isFinite(v)) save(target, v);
    close();
  };
  byId('param-save').addEventListener('click', commit);
  byId('param-cancel').addEventListener('click', close);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') commit();
    if (ev.key === 'Escape') close();
  });
  return (t, current, anchor) => {
    target = t;
    returnFocus = anchor;
    label.textContent = t.from === null
      ? `Bias of layer ${t.layer + 1}, neuron ${t.to + 1}`
      : `Weight from ${t.layer === 0 ? 'input' : 'neuron'} ${t.from + 1} to layer ${t.layer + 1} neuron ${t.to + 1}`;
    input.value = String(Number(current.toFixed(4)));
    box.hidden = false;
    // open next to what it edits: below the anchor when there is room, else above; kept on screen
    const r = anchor.getBoundingClientRect();
    const w = box.offsetWidth;
    const h = box.offsetHeight;
    const left = Math.max(4, Math.min(innerWidth - w - 4, r.left + r.width / 2 - w / 2));
    const top = r.bottom + 6 + h <= innerHeight ? r.bottom + 6 : Math.max(4, r.top - h - 6);
    box.style.left = `${left}px`;
    box.style.top = `${top}px`;
    input.focus();
    input.select();
  };
}

/** The backend switcher: availability in this browser and measured steps per second. */
import { BACKENDS, probe, type Availability, type BackendName } from '../backends/backend-registry.js';
import { byId, el } from '../view/dom.js';

/** Build the switcher; returns callbacks to show speed and the active backend. */
export function buildBackendPanel(onSelect: (name: BackendName) => Promise<void>): { speed(name: BackendName, sps: number): void; active(name: BackendName): void } {
  const host = byId('backends');
  const status = byId('backend-status');
  const rows = new Map<BackendName, { button: HTMLButtonElement; info: HTMLElement; speed: HTMLElement }>();
  const labels: Record<BackendName, string> = { js: 'JS', wasm: 'WASM', webgpu: 'WebGPU' };
  for (const name of BACKENDS) {
    const button = el('button', { type: 'button', role: 'radio', 'aria-checked': 'false', 'data-backend': name }, labels[name]);
    const info = el('span', { class: 'backend-info' }, 'checking…');
    const speed = el('span', { class: 'backend-speed', 'data-speed': name }, '— steps/s');
    button.addEventListener('click', () => {
      status.textContent = `Switching to ${labels[name]}…`;
      onSelect(name).then(
        () => { status.textContent = `Training on ${labels[name]}.`; },
        (error: unknown) => { status.textContent = `${labels[name]} failed: ${error instanceof Error ? error.message : String(error)}`; },
      );
    });
    host.append(el('div', { class: 'backend-row' }, button, info, speed));
    rows.set(name, { button, info, speed });
    void probe(name).then((a: Availability) => {
      info.textContent = a.available ? `available: ${a.detail}` : `unavailable: ${a.detail}`;
      info.classList.toggle('unavailable', !a.available);
      info.classList.toggle('software', a.software === true);
      button.dataset.available = String(a.available);
    });
  }
  return {
    speed(name, sps) {
      const row = rows.get(name);
      if (row) {
        row.speed.textContent = `${sps < 100 ? sps.toFixed(1) : Math.round(sps)} steps/s`;
        row.speed.title = 'mini-batch updates per second of wall time, including loss evaluation, read-backs and drawing';
      }
    },
    active(name) {
      for (const [n, row] of rows) {
        row.button.setAttribute('aria-checked', String(n === name));
        row.button.classList.toggle('selected', n === name);
      }
    },
  };
}

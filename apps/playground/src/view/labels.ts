/** How a target is named on the page: binary classes as ±1 (the brush's and the CSV's labels). */
import type { HeatmapMode } from './heatmap.js';

/** Text for target `t` (0/1 for binary, a class id, or a value). */
export function targetLabel(mode: HeatmapMode, t: number): string {
  if (mode === 'binary') return t > 0 ? 'label +1 (blue)' : 'label −1 (orange)';
  if (mode === 'multiclass') return `class ${Math.round(t)}`;
  return `target ${Number(t.toFixed(3))}`;
}

/**
 * How one 5×5 filter slides: the window over the 28×28 input, the weighted sum at that position,
 * and the 24×24 output map filling in, one position per tick.
 */
import { fmt } from '../view/dom.js';
import { paintMap } from './paint-map.js';

const IN = 28;
const K = 5;
const OUT = IN - K + 1;

/** ReLU(Σ w·x + b) of a K×K filter at output (r, c) of a 28×28 image: the value and its terms. */
export function filterAt(image: Float32Array, weight: ArrayLike<number>, bias: number, r: number, c: number): { sum: number; value: number } {
  let sum = bias;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) sum += weight[i * K + j] * image[(r + i) * IN + c + j];
  return { sum, value: Math.max(0, sum) };
}

/** The explainer's DOM and animation. */
export class SlideExplainer {
  private image: Float32Array = new Float32Array(IN * IN);
  private weight: ArrayLike<number> = new Float32Array(K * K);
  private bias = 0;
  private position = 0;
  private timer: number | null = null;
  private readonly output = new Float32Array(OUT * OUT);

  constructor(private readonly input: HTMLCanvasElement, private readonly map: HTMLCanvasElement, private readonly text: HTMLElement, private readonly window: HTMLElement) {}

  /** A new input image and filter (weights [5·5] row-major, bias): starts again at (0, 0). */
  load(image: Float32Array, weight: ArrayLike<number>, bias: number): void {
    this.image = image;
    this.weight = weight;
    this.bias = bias;
    this.position = 0;
    this.output.fill(0);
    this.draw();
  }

  /** Advance `n` positions (row by row). */
  step(n = 1): void {
    for (let k = 0; k < n && this.position < OUT * OUT; k++) {
      const r = Math.floor(this.position / OUT);
      const c = this.position % OUT;
      this.output[this.position] = filterAt(this.image, this.weight, this.bias, r, c).value;
      this.position++;
    }
    this.draw();
  }

  /** Animate to the end (or stop). */
  toggle(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      return;
    }
    if (this.position >= OUT * OUT) this.load(this.image, this.weight, this.bias);
    this.timer = window.setInterval(() => {
      this.step(OUT / 4);
      if (this.position >= OUT * OUT && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    }, 60);
  }

  /** The output map computed so far ([24·24], zeros ahead of the window). */
  computed(): Float32Array {
    return this.output.slice();
  }

  private draw(): void {
    paintMap(this.input, this.image, IN, IN, 'ink', 0, 1);
    paintMap(this.map, this.output, OUT, OUT, 'ink');
    const p = Math.min(this.position, OUT * OUT - 1);
    const r = Math.floor(p / OUT);
    const c = p % OUT;
    this.window.style.left = `${(c / IN) * 100}%`;
    this.window.style.top = `${(r / IN) * 100}%`;
    this.window.style.width = `${(K / IN) * 100}%`;
    this.window.style.height = `${(K / IN) * 100}%`;
    const { sum, value } = filterAt(this.image, this.weight, this.bias, r, c);
    this.text.textContent = `Position (${r}, ${c}) of ${OUT}×${OUT}: Σ w·x over the 5×5 window + b = ${fmt(sum, 3)}, ReLU → ${fmt(value, 3)}. ` +
      `${this.position} of ${OUT * OUT} outputs computed.`;
    this.map.dataset.position = String(this.position);
  }
}

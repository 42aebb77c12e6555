/** A canvas to draw a digit on with mouse, pen or finger, read back as a 28×28 MNIST-style image. */
import { centreByMass } from './centre-image.js';

const SIZE = 28;
/** MNIST digits fit a 20×20 box inside the 28×28 frame. */
const BOX = 20;

/** Owns the drawing canvas; calls `changed` after every stroke segment. */
export class DrawPad {
  private drawing = false;
  private last: { x: number; y: number } | null = null;
  private readonly ctx: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly changed: () => void) {
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (ctx === null) throw new Error('DrawPad: no 2D context');
    this.ctx = ctx;
    this.clear();
    canvas.addEventListener('pointerdown', (ev) => {
      canvas.setPointerCapture(ev.pointerId);
      this.drawing = true;
      this.last = this.at(ev);
      this.segment(this.last, this.last);
    });
    canvas.addEventListener('pointermove', (ev) => {
      if (!this.drawing || !this.last) return;
      const p = this.at(ev);
      this.segment(this.last, p);
      this.last = p;
    });
    const stop = (): void => { this.drawing = false; this.last = null; };
    canvas.addEventListener('pointerup', stop);
    canvas.addEventListener('pointercancel', stop);
  }

  private at(ev: PointerEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((ev.clientX - r.left) / r.width) * this.canvas.width, y: ((ev.clientY - r.top) / r.height) * this.canvas.height };
  }

  private segment(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const ctx = this.ctx;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = this.canvas.width / 13;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    this.changed();
  }

  /** Wipe the pad. */
  clear(): void {
    this.ctx.fillStyle = '#fff';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /**
   * The drawing as MNIST sees digits: ink 1 on 0, the bounding box scaled to fit 20×20 (aspect kept),
   * centred by its centre of mass in 28×28; null when nothing is drawn.
   */
  image(): Float32Array | null {
    const { width, height } = this.canvas;
    const src = this.ctx.getImageData(0, 0, width, height).data;
    let top = height;
    let left = width;
    let bottom = -1;
    let right = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (src[4 * (y * width + x)] < 128) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    if (bottom < 0) return null;
    const w = right - left + 1;
    const h = bottom - top + 1;
    const scale = BOX / Math.max(w, h);
    const small = document.createElement('canvas');
    small.width = SIZE;
    small.height = SIZE;
    const sctx = small.getContext('2d', { willReadFrequently: true });
    if (sctx === null) return null;
    sctx.fillStyle = '#fff';
    sctx.fillRect(0, 0, SIZE, SIZE);
    sctx.imageSmoothingEnabled = true;
    sctx.imageSmoothingQuality = 'high';
    sctx.drawImage(this.canvas, left, top, w, h, (SIZE - w * scale) / 2, (SIZE - h * scale) / 2, w * scale, h * scale);
    const px = sctx.getImageData(0, 0, SIZE, SIZE).data;
    const ink = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < ink.length; i++) ink[i] = 1 - px[4 * i] / 255;
    return centreByMass(ink, SIZE);
  }
}

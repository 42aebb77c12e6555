import { dataset2D, type Dataset2D, type PlaygroundOptions } from './dataset-2d.js';
import { resolvePlaygroundOptions } from './options.js';

/** Playground "Circle": label +1 inside radius 2.5, −1 in the ring 3.5..5 (label from the noisy point). */
export function circleData(options: PlaygroundOptions = {}): Dataset2D {
  const { numSamples, noise, rng } = resolvePlaygroundOptions('circleData', options, true);
  const radius = 5;
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  const gen = (rMin: number, rMax: number): void => {
    for (let i = 0; i < numSamples / 2; i++) {
      const r = rng.uniform(rMin, rMax);
      const angle = rng.uniform(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = rng.uniform(-radius, radius) * noise;
      const noiseY = rng.uniform(-radius, radius) * noise;
      xs.push(x);
      ys.push(y);
      labels.push(Math.hypot(x + noiseX, y + noiseY) < radius * 0.5 ? 1 : -1);
    }
  };
  gen(0, radius * 0.5);
  gen(radius * 0.7, radius);
  return dataset2D(xs, ys, labels);
}

/** Playground "Exclusive or": uniform in ±5 pushed 0.3 off the axes, label sign(x·y) of the noisy point. */
export function xorData(options: PlaygroundOptions = {}): Dataset2D {
  const { numSamples, noise, rng } = resolvePlaygroundOptions('xorData', options, false);
  const padding = 0.3;
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < numSamples; i++) {
    let x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = rng.uniform(-5, 5) * noise;
    const noiseY = rng.uniform(-5, 5) * noise;
    xs.push(x);
    ys.push(y);
    labels.push((x + noiseX) * (y + noiseY) >= 0 ? 1 : -1);
  }
  return dataset2D(xs, ys, labels);
}

/** Playground "Gaussian": +1 around (2, 2), −1 around (−2, −2), variance 0.5 + 7·noise. */
export function gaussData(options: PlaygroundOptions = {}): Dataset2D {
  const { numSamples, noise, rng } = resolvePlaygroundOptions('gaussData', options, true);
  const variance = 0.5 + (noise / 0.5) * 3.5;
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  const gen = (cx: number, cy: number, label: number): void => {
    for (let i = 0; i < numSamples / 2; i++) {
      xs.push(rng.normal(cx, variance));
      ys.push(rng.normal(cy, variance));
      labels.push(label);
    }
  };
  gen(2, 2, 1);
  gen(-2, -2, -1);
  return dataset2D(xs, ys, labels);
}

/** Playground "Spiral": two interleaved arms (+1 then −1), radius up to 5, 1.75 turns. */
export function spiralData(options: PlaygroundOptions = {}): Dataset2D {
  const { numSamples, noise, rng } = resolvePlaygroundOptions('spiralData', options, true);
  const n = numSamples / 2;
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  const gen = (deltaT: number, label: number): void => {
    for (let i = 0; i < n; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      xs.push(r * Math.sin(t) + rng.uniform(-1, 1) * noise);
      ys.push(r * Math.cos(t) + rng.uniform(-1, 1) * noise);
      labels.push(label);
    }
  };
  gen(0, 1);
  gen(Math.PI, -1);
  return dataset2D(xs, ys, labels);
}

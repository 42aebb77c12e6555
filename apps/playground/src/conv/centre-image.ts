/** MNIST-style centring of a drawn digit: its centre of mass moved to the middle of the 28×28 frame. */

/** Centre of mass (x, y) of a size×size image (NaN when it is blank). */
export function centreOfMass(image: Float32Array, size: number): { x: number; y: number } {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = image[r * size + c];
      sum += v;
      sx += v * c;
      sy += v * r;
    }
  }
  return sum === 0 ? { x: Number.NaN, y: Number.NaN } : { x: sx / sum, y: sy / sum };
}

/** `image` shifted by whole pixels so its centre of mass lands on the centre ((size − 1)/2); pixels pushed out are dropped. */
export function centreByMass(image: Float32Array, size: number): Float32Array {
  const { x, y } = centreOfMass(image, size);
  if (Number.isNaN(x)) return image.slice();
  const mid = (size - 1) / 2;
  const dx = Math.round(mid - x);
  const dy = Math.round(mid - y);
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const tr = r + dy;
      const tc = c + dx;
      if (tr >= 0 && tr < size && tc >= 0 && tc < size) out[tr * size + tc] = image[r * size + c];
    }
  }
  return out;
}

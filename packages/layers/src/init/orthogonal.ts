/** Orthogonal matrices on the host by modified Gram–Schmidt (a QR decomposition). */

/**
 * Orthonormalise the columns of a row-major [rows, cols] matrix (rows ≥ cols) in place, giving
 * Q of a QR decomposition with R's diagonal made positive (so Q is uniquely defined by the input).
 */
export function orthonormalizeColumns(a: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += a[i * cols + j] * a[i * cols + k];
      for (let i = 0; i < rows; i++) a[i * cols + j] -= dot * a[i * cols + k];
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += a[i * cols + j] * a[i * cols + j];
    norm = Math.sqrt(norm);
    // a zero column (probability ~0 for Gaussian draws) would leave Q rank-deficient
    const scale = norm > 0 ? 1 / norm : 0;
    for (let i = 0; i < rows; i++) a[i * cols + j] *= scale;
  }
}

/** A kernel export as the thread pool calls it: numbers in, nothing out. */
export type KernelFunction = (...args: number[]) => void;

/**
 * Call `fn(...args, share, shares)` with the arguments written out by count. V8 calls a wasm
 * export reached through a spread (or `apply`) by its generic path, which allocates on every
 * call — about 0.8 KB for a spread, a fifth of all the memory a char-LSTM training step
 * allocated — while written-out arguments take the export's fast wrapper (≈ 5 instead of 45 ns).
 * Kernels take at most 17 arguments before (share, shares); longer lists fall back to a spread.
 */
export function callKernel(fn: KernelFunction, a: readonly number[], share: number, shares: number): void {
  switch (a.length) {
    case 0:
      fn(share, shares);
      return;
    case 1:
      fn(a[0], share, shares);
      return;
    case 2:
      fn(a[0], a[1], share, shares);
      return;
    case 3:
      fn(a[0], a[1], a[2], share, shares);
      return;
    case 4:
      fn(a[0], a[1], a[2], a[3], share, shares);
      return;
    case 5:
      fn(a[0], a[1], a[2], a[3], a[4], share, shares);
      return;
    case 6:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], share, shares);
      return;
    case 7:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], share, shares);
      return;
    case 8:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], share, shares);
      return;
    case 9:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], share, shares);
      return;
    case 10:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], share, shares);
      return;
    case 11:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], share, shares);
      return;
    case 12:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], share, shares);
      return;
    case 13:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], share, shares);
      return;
    case 14:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], share, shares);
      return;
    case 15:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], share, shares);
      return;
    case 16:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], share, shares);
      return;
    case 17:
      fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], share, shares);
      return;
    default:
      fn(...a, share, shares);
  }
}

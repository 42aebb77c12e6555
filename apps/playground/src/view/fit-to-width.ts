/** Scale a fixed-size drawing (the network diagram) so it fills the width of its panel. */

/**
 * Keep `inner` (laid out at its natural size) scaled to `outer`'s width, between `min` and `max`
 * times its natural size; `outer`'s height follows. Re-fits when either changes size.
 */
export function fitToWidth(outer: HTMLElement, inner: HTMLElement, min = 0.3, max = 1.4): () => void {
  const fit = (): void => {
    const natural = inner.offsetWidth;
    if (natural === 0 || outer.clientWidth === 0) return;
    const scale = Math.max(min, Math.min(max, outer.clientWidth / natural));
    inner.style.transform = `scale(${scale})`;
    outer.style.height = `${Math.ceil(inner.offsetHeight * scale)}px`;
    outer.dataset.scale = scale.toFixed(3);
  };
  const observer = new ResizeObserver(fit);
  observer.observe(outer);
  observer.observe(inner);
  fit();
  return fit;
}

/** Colours of the plot; the browser test looks for SAMPLE_RGB in its screenshot. */
export const BACKGROUND = '#ffffff';
export const GRID_RGB: readonly [number, number, number] = [232, 232, 232];
export const REAL_RGB: readonly [number, number, number] = [158, 158, 158];
export const SAMPLE_RGB: readonly [number, number, number] = [228, 87, 46];

/** Data coordinates shown: the ring (radius 2, std 0.02) with a margin. */
export const VIEW_RANGE: readonly [number, number] = [-2.6, 2.6];

/** Pixel of data point (x, y) on a `width` × `height` canvas showing {@link VIEW_RANGE}. */
export function toPixel(x: number, y: number, width: number, height: number): [number, number] {
  const [lo, hi] = VIEW_RANGE;
  return [Math.round(((x - lo) / (hi - lo)) * (width - 1)), Math.round(((hi - y) / (hi - lo)) * (height - 1))];
}

/** Side in pixels of the square drawn for a generated sample (centred on {@link toPixel}). */
export const SAMPLE_SIZE = 3;

const css = ([r, g, b]: readonly [number, number, number]) => `rgb(${r}, ${g}, ${b})`;

/**
 * Draws real points and generated samples (flat `[x0, y0, x1, y1, …]`) as
 * axis-aligned squares on whole pixels: no anti-aliasing, so every drawn pixel
 * has exactly its series' colour and can be counted in a screenshot.
 */
export function drawScatter(canvas: HTMLCanvasElement, real: ArrayLike<number>, samples: ArrayLike<number>): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser has no 2-D canvas.');
  const { width, height } = canvas;
  const [lo, hi] = VIEW_RANGE;
  const px = (x: number) => toPixel(x, 0, width, height)[0];
  const py = (y: number) => toPixel(0, y, width, height)[1];
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = css(GRID_RGB);
  for (let v = Math.ceil(lo); v <= hi; v++) {
    ctx.fillRect(px(v), 0, 1, height);
    ctx.fillRect(0, py(v), width, 1);
  }
  const dots = (points: ArrayLike<number>, rgb: readonly [number, number, number], size: number) => {
    ctx.fillStyle = css(rgb);
    const half = Math.floor(size / 2);
    for (let i = 0; i + 1 < points.length; i += 2) {
      const x = points[i];
      const y = points[i + 1];
      if (Number.isFinite(x) && Number.isFinite(y)) ctx.fillRect(px(x) - half, py(y) - half, size, size);
    }
  };
  dots(real, REAL_RGB, 2);
  dots(samples, SAMPLE_RGB, SAMPLE_SIZE);
}

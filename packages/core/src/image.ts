import * as tf from '@tensorflow/tfjs-core';
import { encode } from 'fast-png';

/**
 * Tiles a batch of images `[n, h, w, c]` (c = 1 or 3) with values in `range` into
 * one RGB grid image with `padding` pixels between tiles, each pixel drawn as a
 * `scale`×`scale` block (nearest neighbour, so 28-pixel digits stay legible);
 * returns raw RGB bytes.
 */
export function imageGrid(
  images: tf.Tensor,
  options: { columns?: number; range?: readonly [number, number]; padding?: number; scale?: number } = {},
): { width: number; height: number; rgb: Uint8Array } {
  if (images.rank !== 4) throw new RangeError(`imageGrid expects [n, h, w, c] images, got shape [${images.shape}].`);
  const [n, h0, w0, c] = images.shape as [number, number, number, number];
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`imageGrid scale must be a whole number ≥ 1, got ${scale}.`);
  const h = h0 * scale;
  const w = w0 * scale;
  if (c !== 1 && c !== 3) throw new RangeError(`imageGrid expects 1 or 3 channels, got ${c}.`);
  const [lo, hi] = options.range ?? [-1, 1];
  const pad = options.padding ?? 2;
  const cols = options.columns ?? Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const width = cols * w + (cols + 1) * pad;
  const height = rows * h + (rows + 1) * pad;
  const rgb = new Uint8Array(width * height * 3).fill(40);
  const data = images.dataSync();
  for (let k = 0; k < n; k++) {
    const top = pad + Math.floor(k / cols) * (h + pad);
    const left = pad + (k % cols) * (w + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = ((top + y) * width + left + x) * 3;
        for (let ch = 0; ch < 3; ch++) {
          const v = data[((k * h0 + Math.floor(y / scale)) * w0 + Math.floor(x / scale)) * c + (c === 1 ? 0 : ch)];
          rgb[at + ch] = Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo)) * 255)));
        }
      }
    }
  }
  return { width, height, rgb };
}

/** Encodes raw RGB bytes as a PNG file. */
export function encodePng(image: { width: number; height: number; rgb: Uint8Array }): Uint8Array {
  return encode({ width: image.width, height: image.height, data: image.rgb, channels: 3, depth: 8 });
}

/** Options of {@link scatterPlot}. */
export interface ScatterOptions {
  /** Width and height in pixels. Default 320. */
  readonly size?: number;
  /** Square data window [lo, hi] shown on both axes. Default: fitted to the points. */
  readonly range?: readonly [number, number];
  /** Points drawn first, in grey (e.g. real data or mode centres), `[m, 2]`. */
  readonly reference?: ArrayLike<number>;
}

/**
 * Draws 2-D points `[n, 2]` (flattened) as a scatter plot: generated samples in
 * orange over optional reference points in grey, with the axes through 0.
 * Used for the toy ring and grid data, where a picture shows mode collapse at once.
 */
export function scatterPlot(points: ArrayLike<number>, options: ScatterOptions = {}): { width: number; height: number; rgb: Uint8Array } {
  const size = options.size ?? 320;
  const all = [points, options.reference ?? []];
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (!options.range) {
    for (const set of all) for (let i = 0; i < set.length; i++) if (Number.isFinite(set[i])) [lo, hi] = [Math.min(lo, set[i]), Math.max(hi, set[i])];
    const pad = (hi - lo) * 0.08 || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const rgb = new Uint8Array(size * size * 3).fill(255);
  const toPixel = (v: number, flip: boolean) => {
    const p = Math.round(((v - lo) / (hi - lo)) * (size - 1));
    return flip ? size - 1 - p : p;
  };
  const dot = (x: number, y: number, color: readonly number[], radius: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const px = toPixel(x, false);
    const py = toPixel(y, true);
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        const X = px + dx;
        const Y = py + dy;
        if (X < 0 || Y < 0 || X >= size || Y >= size || dx * dx + dy * dy > radius * radius) continue;
        rgb.set(color, (Y * size + X) * 3);
      }
    }
  };
  if (lo < 0 && hi > 0) {
    const zero = toPixel(0, false);
    for (let i = 0; i < size; i++) {
      rgb.set([225, 225, 225], (i * size + zero) * 3);
      rgb.set([225, 225, 225], ((size - 1 - zero) * size + i) * 3);
    }
  }
  const ref = options.reference ?? [];
  for (let i = 0; i + 1 < ref.length; i += 2) dot(ref[i], ref[i + 1], [150, 150, 150], 2);
  for (let i = 0; i + 1 < points.length; i += 2) dot(points[i], points[i + 1], [230, 110, 20], 1);
  return { width: size, height: size, rgb };
}

/** One line of a {@link linePlot}. */
export interface Series {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [31, 119, 180], [230, 110, 20], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75],
];

/**
 * Draws series as lines on a white canvas with light grid lines at the data's
 * rounded ticks and a colour per series (legend colours are listed by
 * {@link seriesColor}). Non-finite points break a line. Used for loss and metric
 * curves next to sample grids (e.g. BEGAN's M_global).
 */
export function linePlot(series: readonly Series[], options: { width?: number; height?: number; logY?: boolean } = {}): { width: number; height: number; rgb: Uint8Array } {
  const width = options.width ?? 480;
  const height = options.height ?? 240;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const fy = (v: number) => (options.logY ? Math.log10(v) : v);
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const y = fy(s.y[i]);
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(y)) continue;
      [x0, x1, y0, y1] = [Math.min(x0, s.x[i]), Math.max(x1, s.x[i]), Math.min(y0, y), Math.max(y1, y)];
    }
  }
  if (!Number.isFinite(x0)) return { width, height, rgb };
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = 8;
  const px = (x: number) => pad + ((x - x0) / (x1 - x0)) * (width - 2 * pad);
  const py = (y: number) => height - pad - ((y - y0) / (y1 - y0)) * (height - 2 * pad);
  const set = (x: number, y: number, c: readonly number[]) => {
    const X = Math.round(x);
    const Y = Math.round(y);
    if (X >= 0 && Y >= 0 && X < width && Y < height) rgb.set(c, (Y * width + X) * 3);
  };
  const step = 10 ** Math.floor(Math.log10((y1 - y0) / 2));
  for (let t = Math.ceil(y0 / step) * step; t <= y1; t += step) for (let x = pad; x < width - pad; x++) set(x, py(t), [232, 232, 232]);
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    let prev: [number, number] | undefined;
    for (let i = 0; i < s.x.length; i++) {
      const y = fy(s.y[i]);
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(y)) {
        prev = undefined;
        continue;
      }
      const point: [number, number] = [px(s.x[i]), py(y)];
      if (prev) {
        const n = Math.max(1, Math.ceil(Math.hypot(point[0] - prev[0], point[1] - prev[1])));
        for (let j = 0; j <= n; j++) set(prev[0] + ((point[0] - prev[0]) * j) / n, prev[1] + ((point[1] - prev[1]) * j) / n, color);
      } else {
        set(point[0], point[1], color);
      }
      prev = point;
    }
  });
  return { width, height, rgb };
}

/** The colour {@link linePlot} gives series `index`, as a CSS hex string (for legends). */
export function seriesColor(index: number): string {
  return `#${PALETTE[index % PALETTE.length].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

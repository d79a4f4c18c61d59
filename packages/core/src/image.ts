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

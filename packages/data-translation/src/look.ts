import { edgeMap } from './edges.js';

/**
 * How a domain shows an MNIST-style image of bytes v ∈ 0 … 255, in [−1, 1]:
 *
 * - `'plain'`: x = −1 + 2v/255 (black background −1, white ink +1), as `@gantry/data-mnist`.
 * - `'inverted'`: x = −1 + 2(255 − v)/255 = 1 − 2v/255 (white background +1, black ink −1).
 * - `'edges'`: x = 2·e − 1 with e the 0/1 {@link edgeMap} (threshold 128).
 */
export type Look = 'plain' | 'inverted' | 'edges';

/** Byte → [−1, 1], with 0 and 255 landing exactly on −1 and 1. */
const LUT = (() => {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v === 255 ? 1 : -1 + (2 * v) / 255;
  return lut;
})();

/** The value of an empty (background) pixel in each look, used to pad 28 → 32. */
export function background(look: Look): number {
  return look === 'inverted' ? 1 : -1;
}

/**
 * Writes one `side × side` image (bytes) into `out` at `offset` as a `size × size`
 * image in the given look, centred, the `(size − side)/2`-pixel border filled
 * with the look's {@link background}.
 */
export function render(
  look: Look,
  bytes: Uint8Array,
  side: number,
  out: Float32Array,
  offset: number,
  size: number,
): void {
  const pad = (size - side) / 2;
  if (pad > 0) out.fill(background(look), offset, offset + size * size);
  const edges = look === 'edges' ? edgeMap(bytes, side, side) : undefined;
  for (let r = 0; r < side; r++) {
    const row = offset + (r + pad) * size + pad;
    for (let c = 0; c < side; c++) {
      const p = r * side + c;
      out[row + c] = edges ? 2 * edges[p] - 1 : look === 'inverted' ? LUT[255 - bytes[p]] : LUT[bytes[p]];
    }
  }
}

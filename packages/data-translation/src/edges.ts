/**
 * The edge map of `mnist-edges`: the external morphological gradient of the
 * binarised image,
 *
 *   b(p) = [v(p) ≥ threshold],   e(p) = max_{q ∈ N₃ₓ₃(p)} b(q) − b(p),
 *
 * i.e. the dilation of b by a 3 × 3 square minus b itself: e(p) = 1 exactly for
 * the background pixels that touch the digit (8-neighbourhood). Pixels outside
 * the image count as background.
 *
 * Why this one: MNIST strokes are only 2–4 px wide, so the full morphological
 * gradient (dilation − erosion) or a Sobel magnitude lights up nearly the whole
 * stroke and G would learn little more than a blur; the external gradient is a
 * one-pixel outline with the stroke left empty, so G must fill the inside and
 * restore the grey anti-aliased rim — a small analogue of pix2pix's
 * edges → photo task (Isola et al. 2017, arXiv:1611.07004).
 *
 * @param pixels - Grey values, row-major, `height · width` of them (bytes 0 … 255 for MNIST).
 * @param threshold - Foreground where v ≥ threshold; default 128 (half of 255).
 * @returns 0/1 per pixel, row-major.
 */
export function edgeMap(pixels: ArrayLike<number>, height: number, width: number, threshold = 128): Uint8Array {
  if (pixels.length !== height * width) {
    throw new RangeError(`edgeMap: got ${pixels.length} pixels for a ${height} × ${width} image.`);
  }
  const out = new Uint8Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (pixels[r * width + c] >= threshold) continue; // foreground: b(p) = 1 = max, so e(p) = 0
      let touches = 0;
      for (let dr = -1; dr <= 1 && !touches; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          if (cc >= 0 && cc < width && pixels[rr * width + cc] >= threshold) {
            touches = 1;
            break;
          }
        }
      }
      out[r * width + c] = touches;
    }
  }
  return out;
}

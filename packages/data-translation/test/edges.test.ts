import { edgeMap, render } from '@gantry/data-translation';
import { describe, expect, it } from 'vitest';

describe('edgeMap (external morphological gradient)', () => {
  it('outlines a hand-made 5 × 5 image, worked out by hand', () => {
    // Foreground (v ≥ 128) is the vertical bar at (1,2), (2,2) plus (3,3);
    // 127 is just below the threshold and counts as background.
    // prettier-ignore
    const image = [
      0, 0,   0,   0, 0,
      0, 0, 200,   0, 0,
      0, 0, 128, 127, 0,
      0, 0,   0, 255, 0,
      0, 0,   0,   0, 0,
    ];
    // Edge = background pixel with a foreground pixel among its 8 neighbours:
    // row 0: cols 1–3 touch (1,2).  row 1: cols 1, 3 touch (1,2)/(2,2); (1,2) is fg.
    // row 2: col 1 touches (1,2),(2,2); col 3 (v=127, bg) touches (2,2),(3,3); col 4 touches (3,3).
    // row 3: col 1 touches (2,2); col 2 touches (2,2),(3,3); col 4 touches (3,3); (3,3) is fg.
    // row 4: cols 2–4 touch (3,3); col 1 touches nothing (its neighbours are (3,0..2)).
    // prettier-ignore
    const expected = [
      0, 1, 1, 1, 0,
      0, 1, 0, 1, 0,
      0, 1, 0, 1, 1,
      0, 1, 1, 0, 1,
      0, 0, 1, 1, 1,
    ];
    expect(Array.from(edgeMap(image, 5, 5))).toEqual(expected);
  });

  it('treats pixels outside the image as background and respects the threshold', () => {
    // A 2 × 3 image whose only foreground pixel is in the corner (0,0).
    expect(Array.from(edgeMap([255, 0, 0, 0, 0, 0], 2, 3))).toEqual([0, 1, 0, 1, 1, 0]);
    // With threshold 256 nothing is foreground, so there are no edges.
    expect(Array.from(edgeMap([255, 0, 0, 0, 0, 0], 2, 3, 256))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => edgeMap([1, 2, 3], 2, 2)).toThrow(/3 pixels for a 2 × 2/);
  });
});

describe('render', () => {
  it('maps bytes to [−1, 1] per look and pads with the background value', () => {
    const bytes = Uint8Array.from([0, 255, 51, 0]); // a 2 × 2 image
    const out = new Float32Array(16);
    render('plain', bytes, 2, out, 0, 4);
    // −1 + 2·51/255 = −0.6; border (1-pixel frame of a 4 × 4) = −1.
    // prettier-ignore
    expect(Array.from(out)).toEqual([
      -1, -1, -1, -1,
      -1, -1,  1, -1,
      -1, expect.closeTo(-0.6, 6), -1, -1,
      -1, -1, -1, -1,
    ]);
    render('inverted', bytes, 2, out, 0, 4);
    // 1 − 2v/255: 0 → 1, 255 → −1, 51 → 0.6; border = +1 (white paper).
    expect(out[5]).toBe(1);
    expect(out[6]).toBe(-1);
    expect(out[9]).toBeCloseTo(0.6, 6);
    expect([out[0], out[3], out[12], out[15]]).toEqual([1, 1, 1, 1]);
    render('edges', bytes, 2, out, 0, 4);
    // Only (0,1) = 255 is foreground; the three other pixels touch it → +1; border −1.
    expect([out[5], out[6], out[9], out[10]]).toEqual([1, -1, 1, 1]);
    expect([out[0], out[3], out[12], out[15]]).toEqual([-1, -1, -1, -1]);
  });
});

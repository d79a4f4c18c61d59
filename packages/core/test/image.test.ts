import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePng, imageGrid } from '@gantry/core';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('imageGrid', () => {
  it('places each tile, maps the range to 0–255 and magnifies by nearest neighbour', () => {
    // Two 1×2 grey images: [-1, 1] and [0, 0.5], range [-1, 1], 2 columns, padding 1, scale 2.
    const images = tf.tensor4d([-1, 1, 0, 0.5], [2, 1, 2, 1]);
    const g = imageGrid(images, { columns: 2, padding: 1, scale: 2 });
    expect([g.width, g.height]).toEqual([2 * 4 + 3, 2 + 2]);
    const px = (x: number, y: number) => g.rgb[(y * g.width + x) * 3];
    expect([px(1, 1), px(2, 1), px(3, 2), px(4, 2)]).toEqual([0, 0, 255, 255]);
    expect([px(6, 1), px(8, 2)]).toEqual([128, 191]); // round(0.5·255), round(0.75·255)
    expect(px(0, 0)).toBe(40); // background
    const png = decode(encodePng(g));
    expect([png.width, png.height, png.channels]).toEqual([g.width, g.height, 3]);
    expect(Array.from(png.data)).toEqual(Array.from(g.rgb));
    images.dispose();
  });

  it('rejects what it cannot draw', () => {
    const flat = tf.zeros([4, 2]);
    expect(() => imageGrid(flat)).toThrow(/expects \[n, h, w, c\] images, got shape \[4,2\]/);
    flat.dispose();
  });
});

describe('linePlot', () => {
  it('maps the data range onto the canvas inside an 8-pixel margin and joins the points', async () => {
    const { linePlot } = await import('@gantry/core');
    const p = linePlot([{ label: 'a', x: [0, 10], y: [0, 1] }], { width: 100, height: 50 });
    const at = (x: number, y: number) => Array.from(p.rgb.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3));
    expect(at(8, 42)).toEqual([31, 119, 180]); // (0, 0) → (8, 50 − 8)
    expect(at(92, 8)).toEqual([31, 119, 180]); // (10, 1) → (8 + 84, 8)
    expect(at(50, 25)).toEqual([31, 119, 180]); // the segment's midpoint
    expect(at(92, 42)).not.toEqual([31, 119, 180]);
    const gap = linePlot([{ label: 'b', x: [0, 1, 2], y: [0, NaN, 0] }], { width: 20, height: 20 });
    expect(gap.rgb.length).toBe(20 * 20 * 3);
  });
});

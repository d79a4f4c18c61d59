import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, findProvider, registerPlugins, rootContainer } from '@gantry/core';
import { fashionRaw, loadMnist, mnistRaw, PIXELS } from '@gantry/data-mnist';
import {
  loadMnistEdges,
  loadMnistFashion,
  loadMnistInverted,
  translationDataPlugin,
  type TranslationDataset,
} from '@gantry/data-translation';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const range = (n: number, from = 0) => Array.from({ length: n }, (_, k) => from + k);

/** The central 28 × 28 of a [n, 32, 32, 1] tensor (32 = 28 + a 2-pixel frame). */
const centre = (t: tf.Tensor) => tf.slice(t, [0, 2, 2, 0], [-1, 28, 28, -1]);

/** Recovers the bytes of a plain (or, with sign −1, inverted) image in [−1, 1]: v = 255·(s·x + 1)/2. */
function bytesOf(values: Float32Array | Int32Array | Uint8Array, start: number, sign: 1 | -1): string {
  let key = '';
  for (let p = 0; p < PIXELS; p++) key += String.fromCharCode(Math.round((255 * (sign * values[start + p] + 1)) / 2));
  return key;
}

describe.each([
  ['mnist-edges', () => loadMnistEdges({ limit: 64 }), true],
  ['mnist-inverted', () => loadMnistInverted({ limit: 64 }), false],
  ['mnist-fashion', () => loadMnistFashion({ limit: 64 }), false],
] as const)('%s', (name, load, labelled) => {
  it('gives x and source of [n, 32, 32, 1] in [−1, 1] and labels only when paired', () => {
    const data: TranslationDataset = load();
    expect(data.name).toBe(name);
    expect(data.size).toBe(64);
    expect(data.sampleShape).toEqual([32, 32, 1]);
    expect(data.sourceShape).toEqual([32, 32, 1]);
    expect(data.range).toEqual([-1, 1]);
    expect(data.numClasses).toBe(labelled ? 10 : undefined);
    const b = data.batch(range(64));
    expect(b.x.shape).toEqual([64, 32, 32, 1]);
    expect(b.source!.shape).toEqual([64, 32, 32, 1]);
    expect(b.x.dtype).toBe('float32');
    for (const t of [b.x, b.source!]) {
      const v = t.dataSync();
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...v)).toBeLessThanOrEqual(1);
      expect(Math.max(...v) - Math.min(...v)).toBe(2); // both ends reached: real images, not blanks
    }
    expect(b.labels === undefined).toBe(!labelled);
    if (b.labels) expect(b.labels.dtype).toBe('int32');
    tf.dispose([b.x, b.source!, b.labels!].filter(Boolean));
  });

  it('frees everything but the batch it returns (no leaks)', () => {
    const data = load();
    const before = tf.memory().numTensors;
    for (let r = 0; r < 3; r++) {
      const b = data.batch([5, 1, 63]);
      tf.dispose([b.x, b.source!, ...(b.labels ? [b.labels] : [])]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects out-of-range indices', () => {
    expect(() => load().batch([64])).toThrow(/outside data set/);
  });
});

describe('mnist-edges', () => {
  it('pairs each digit (x, the same as @gantry/data-mnist, padded) with its outline, also computed by a max-pool', () => {
    const data = loadMnistEdges({ limit: 32 });
    const mnist = loadMnist({ limit: 32 });
    const ours = data.batch(range(32));
    const ref = mnist.batch(range(32));
    // x: the centre is the digit; the 2-pixel frame is background (−1).
    expect(Array.from(centre(ours.x).dataSync())).toEqual(Array.from(ref.x.dataSync()));
    const frame = tf.sub(tf.sum(tf.add(ours.x, 1)), tf.sum(tf.add(centre(ours.x), 1))).dataSync()[0];
    expect(frame).toBe(0);
    expect(Array.from(ours.labels!.dataSync())).toEqual(Array.from(ref.labels!.dataSync()));
    // A second method for the edge map: b = [v ≥ 128] (x ≥ −1 + 256/255), dilation = 3 × 3
    // max-pool with 'same' padding (zeros outside act as background since b ≥ 0), e = dilation − b.
    const b = tf.cast(tf.greaterEqual(ref.x, -1 + 256 / 255 - 1e-6), 'float32');
    const e = tf.sub(tf.maxPool(b as tf.Tensor4D, 3, 1, 'same'), b);
    const expected = tf.sub(tf.mul(e, 2), 1);
    expect(Array.from(centre(ours.source!).dataSync())).toEqual(Array.from(expected.dataSync()));
    // Outlines are thin: far fewer lit pixels than background ones, but some in every image.
    const lit = tf.sum(tf.cast(tf.greater(ours.source!, 0), 'float32'), [1, 2, 3]).dataSync();
    for (const l of lit) expect(l).toBeGreaterThan(20);
    tf.dispose([ours.x, ours.source!, ours.labels!, ref.x, ref.labels!, b, e, expected]);
  });

  it('size 28 leaves the images unpadded; the test split has 10 000 samples', () => {
    const data = loadMnistEdges({ size: 28, split: 'test' });
    expect(data.size).toBe(10_000);
    expect(data.sampleShape).toEqual([28, 28, 1]);
    const b = data.batch([0]);
    expect(b.x.shape).toEqual([1, 28, 28, 1]);
    tf.dispose([b.x, b.source!, b.labels!]);
  });
});

describe('mnist-inverted', () => {
  it('takes sources and targets from disjoint halves of the split: no image appears on both sides', () => {
    const data = loadMnistInverted(); // the whole train split
    expect(data.size).toBe(30_000);
    const sources = new Set<number>();
    const targets = new Set<number>();
    for (let i = 0; i < data.size; i++) {
      const o = data.origin(i);
      sources.add(o.source);
      targets.add(o.target);
    }
    expect(sources.size).toBe(30_000); // each image used once per side
    expect(targets.size).toBe(30_000);
    for (const s of sources) expect(targets.has(s)).toBe(false);
  });

  it('x is the inversion (1 − 2v/255, white frame) of its underlying image, never of the batch sources', () => {
    const data = loadMnistInverted({ limit: 2000, size: 28 });
    const b = data.batch(range(2000));
    const xs = b.x.dataSync();
    const ss = b.source!.dataSync();
    const raw = mnistRaw('train');
    const sourceImages = new Set<string>();
    const targetImages = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const o = data.origin(i);
      // Pixel check against the raw bytes, computed independently of the package's lookup table.
      const t = bytesOf(xs, i * PIXELS, -1);
      const s = bytesOf(ss, i * PIXELS, 1);
      expect(t).toBe(String.fromCharCode(...raw.images.subarray(o.target * PIXELS, (o.target + 1) * PIXELS)));
      expect(s).toBe(String.fromCharCode(...raw.images.subarray(o.source * PIXELS, (o.source + 1) * PIXELS)));
      sourceImages.add(s);
      targetImages.add(t);
    }
    // By content, not just by position: no target is the inversion of any source.
    for (const t of targetImages) expect(sourceImages.has(t)).toBe(false);
    tf.dispose([b.x, b.source!]);
    const padded = loadMnistInverted({ limit: 1 }).batch([0]);
    expect(padded.x.dataSync()[0]).toBe(1); // background of the inverted domain is white
    expect(padded.source!.dataSync()[0]).toBe(-1);
    tf.dispose([padded.x, padded.source!]);
  });

  it('is a function of its seed', () => {
    const origins = (d: TranslationDataset) => range(50).map((i) => d.origin(i));
    expect(origins(loadMnistInverted({ seed: 3, limit: 50 }))).toEqual(origins(loadMnistInverted({ seed: 3, limit: 50 })));
    expect(origins(loadMnistInverted({ seed: 3, limit: 50 }))).not.toEqual(origins(loadMnistInverted({ seed: 4, limit: 50 })));
    const a = loadMnistInverted({ seed: 3, limit: 8 }).batch(range(8));
    const b = loadMnistInverted({ seed: 3, limit: 8 }).batch(range(8));
    expect(Array.from(a.x.dataSync())).toEqual(Array.from(b.x.dataSync()));
    expect(Array.from(a.source!.dataSync())).toEqual(Array.from(b.source!.dataSync()));
    tf.dispose([a.x, a.source!, b.x, b.source!]);
  });
});

describe('mnist-fashion', () => {
  it('pairs MNIST digit i with clothes in a seeded order, each used once', () => {
    const data = loadMnistFashion({ split: 'test' });
    expect(data.size).toBe(10_000);
    const digits = mnistRaw('test');
    const clothes = fashionRaw('test');
    expect(digits.images).not.toBe(clothes.images); // two different sets of images
    const targets = new Set(range(data.size).map((i) => data.origin(i).target));
    expect(targets.size).toBe(10_000);
    expect(range(5).map((i) => data.origin(i).source)).toEqual([0, 1, 2, 3, 4]);
    // Not the identity order: the pairing is a permutation.
    expect(range(20).filter((i) => data.origin(i).target === clothes.index[i]).length).toBeLessThan(5);
    const again = loadMnistFashion({ split: 'test' });
    expect(range(20).map((i) => again.origin(i))).toEqual(range(20).map((i) => data.origin(i)));
    const other = loadMnistFashion({ split: 'test', seed: 1 });
    expect(range(20).map((i) => other.origin(i))).not.toEqual(range(20).map((i) => data.origin(i)));
    // x shows the clothes image: compare with the raw bytes.
    const b = data.batch([7]);
    const x = centre(b.x);
    expect(bytesOf(x.dataSync(), 0, 1)).toBe(
      String.fromCharCode(...clothes.images.subarray(data.origin(7).target * PIXELS, (data.origin(7).target + 1) * PIXELS)),
    );
    tf.dispose([b.x, b.source!, x]);
  });
});

describe('options and plugin', () => {
  it('validates options with messages naming the option', () => {
    expect(() => loadMnistEdges({ size: 30 as 32 })).toThrow(ConfigError);
    expect(() => loadMnistEdges({ size: 30 as 32 })).toThrow(/'size'.*28, 32.*got 30/);
    expect(() => loadMnistEdges({ seed: 1 } as object)).toThrow(/Unknown option 'seed'/);
    expect(() => loadMnistInverted({ limit: 0 })).toThrow(/'limit'.*≥ 1/);
    expect(() => loadMnistFashion({ split: 'val' as 'test' })).toThrow(/'split'/);
  });

  it('registers the three data sets', async () => {
    const c = rootContainer.createChildContainer();
    registerPlugins(c, [translationDataPlugin]);
    for (const name of ['mnist-edges', 'mnist-inverted', 'mnist-fashion']) {
      const data = await findProvider(c, 'dataset', name).create({ limit: 4, size: 28 }, { seed: 0, container: c });
      expect(data.name).toBe(name);
      expect(data.sampleShape).toEqual([28, 28, 1]);
    }
  });
});

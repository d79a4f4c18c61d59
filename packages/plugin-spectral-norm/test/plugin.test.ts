import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, findProvider, registerPlugins, rootContainer, type Discriminator } from '@gantry/core';
import { snCnnDiscriminator, snDcganDiscriminator, spectralNormPlugin } from '@gantry/plugin-spectral-norm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jacobiEigen, matrix } from './linalg.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const built: Discriminator[] = [];
afterAll(() => built.forEach((d) => d.dispose()));
const count = (vars: readonly tf.Variable[]) => vars.reduce((n, v) => n + v.size, 0);

describe('Jacobi eigensolver (test helper)', () => {
  it('finds the eigenvalues of a known symmetric matrix', () => {
    // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 5, 3, 1.
    const { values, vectors } = jacobiEigen(matrix(3, 3, [2, 1, 0, 1, 2, 0, 0, 0, 5]));
    values.forEach((v, i) => expect(v).toBeCloseTo([5, 3, 1][i], 12));
    expect(Math.abs(vectors[1][0])).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe('sn-dcgan', () => {
  it('is provided by the plugin and has the hand-counted weights (u non-trainable, no batch norm)', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [spectralNormPlugin]);
    const provider = findProvider(container, 'discriminator', 'sn-dcgan');
    const d = (await provider.create({ width: 4 }, { seed: 3, sampleShape: [28, 28, 1], container })) as Discriminator;
    built.push(d);
    // Conv 4·4·1·4 + 4, Conv 4·4·4·8 + 8, Dense 7·7·8 + 1; u: 4 + 8 + 1.
    const trainable = 4 * 4 * 1 * 4 + 4 + 4 * 4 * 4 * 8 + 8 + 7 * 7 * 8 + 1;
    expect(count(d.trainableVariables)).toBe(trainable);
    expect(count(d.variables)).toBe(trainable + 4 + 8 + 1);
    // Same seed, same weights (kernels and u).
    const again = snDcganDiscriminator({ width: 4 }, { seed: 3, sampleShape: [28, 28, 1] });
    built.push(again);
    again.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(d.variables[i].dataSync())));
    const out = tf.tidy(() => d.apply({ x: tf.zeros([3, 28, 28, 1]) }, { training: true }).logits.shape);
    expect(out).toEqual([3, 1]);
    // A training pass moved u, and only u.
    const moved = d.variables.filter((v, i) => Array.from(v.dataSync()).join() !== Array.from(again.variables[i].dataSync()).join());
    expect(moved.every((v) => !v.trainable)).toBe(true);
    expect(moved.length).toBe(3);
    container.dispose();
  });

  it('rejects unknown options and mismatched shapes with a ConfigError', () => {
    expect(() => snDcganDiscriminator({ widht: 4 } as never, { sampleShape: [28, 28, 1] })).toThrow(ConfigError);
    expect(() => snDcganDiscriminator({ size: 32 }, { sampleShape: [28, 28, 1] })).toThrow(/28,28,1/);
    expect(() => snDcganDiscriminator({ powerIterations: 0, size: 28, channels: 1 })).toThrow(/powerIterations/);
  });
});

describe('sn-cnn', () => {
  it("is SN-GAN's standard CNN: 7 SN convs (3×3 s1 / 4×4 s2), dense logit", () => {
    const d = snCnnDiscriminator({ width: 2 }, { seed: 1, sampleShape: [32, 32, 3] });
    built.push(d);
    const convs = [
      [3, 3, 2], [4, 2, 2], [3, 2, 4], [4, 4, 4], [3, 4, 8], [4, 8, 8], [3, 8, 16],
    ].reduce((n, [k, cin, cout]) => n + k * k * cin * cout + cout, 0);
    const dense = 4 * 4 * 16 + 1; // 32 → 16 → 8 → 4
    expect(count(d.trainableVariables)).toBe(convs + dense);
    expect(count(d.variables)).toBe(convs + dense + (2 + 2 + 4 + 4 + 8 + 8 + 16) + 1);
    const out = tf.tidy(() => d.apply({ x: tf.zeros([2, 32, 32, 3]) }, { training: false }).logits.shape);
    expect(out).toEqual([2, 1]);
  });
});

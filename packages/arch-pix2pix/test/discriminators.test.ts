import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { findProvider, registerPlugins, rootContainer, type Network } from '@gantry/core';
import {
  combineScales,
  downsample,
  multiscaleDiscriminator,
  patchganDiscriminator,
  patchReceptiveField,
  pix2pixPlugin,
} from '@gantry/arch-pix2pix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const built: Network[] = [];
function keep<T extends Network>(net: T): T {
  built.push(net);
  return net;
}
afterAll(() => built.forEach((n) => n.dispose()));
const count = (vars: readonly tf.Variable[]) => vars.reduce((n, v) => n + v.size, 0);
const image = (n: number, s: number, seed: number) => tf.randomUniform([n, s, s, 1], -1, 1, 'float32', seed);

describe('PatchGAN', () => {
  it('returns a logit map over patches of concat(source, x), and its hidden features', () => {
    const d = keep(patchganDiscriminator({}, { seed: 1, sampleShape: [32, 32, 1] }));
    const out = tf.tidy(() => {
      const o = d.apply({ x: image(3, 32, 1), source: image(3, 32, 2) }, { training: true });
      return [o.logits, ...o.features!];
    });
    // Two stride-2 convs: 32 → 16 → 8; then stride-1 blocks keep 8 × 8. Filters 16, 32, 64.
    expect(out.map((t) => t.shape)).toEqual([
      [3, 8, 8, 1],
      [3, 16, 16, 16],
      [3, 8, 8, 32],
      [3, 8, 8, 64],
    ]);
    tf.dispose(out);
  });

  it('has the hand-counted number of parameters', () => {
    // layers 1, width 2, size 8, conditional (2 input channels):
    // conv0 4·4·2·2 + 2 = 66; conv1 4·4·2·4 = 128 + BN(4) γ, β = 8; logits 4·4·4·1 + 1 = 65.
    const d = keep(patchganDiscriminator({ size: 8, channels: 1, layers: 1, width: 2 }));
    expect(count(d.trainableVariables)).toBe(66 + 128 + 8 + 65);
    expect(count(d.variables)).toBe(66 + 128 + 8 + 65 + 8);
    // Not conditional: conv0 sees x alone: 4·4·1·2 + 2 = 34.
    const u = keep(patchganDiscriminator({ size: 8, channels: 1, layers: 1, width: 2, conditional: false }));
    expect(count(u.trainableVariables)).toBe(34 + 128 + 8 + 65);
  });

  it('each logit sees a patch of 9·2ⁿ − 2 pixels (16 for one stride-2 layer; the paper’s 70 for three)', () => {
    expect([1, 2, 3].map(patchReceptiveField)).toEqual([16, 34, 70]);
    // Measure it: the input gradient of one interior logit is non-zero exactly on its patch
    // (LeakyReLU never zeroes a gradient, and no BN so that samples do not mix).
    const d = keep(patchganDiscriminator({ size: 32, channels: 1, layers: 1, width: 4, batchNorm: false }, { seed: 4 }));
    const s = image(1, 32, 9);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.slice(d.apply({ x, source: s }, { training: false }).logits, [0, 8, 8, 0], [1, 1, 1, 1])))(
      image(1, 32, 8),
    );
    const g = grad.dataSync();
    const rows = new Set<number>();
    const cols = new Set<number>();
    for (let i = 0; i < 32 * 32; i++) {
      if (g[i] !== 0) {
        rows.add(Math.floor(i / 32));
        cols.add(i % 32);
      }
    }
    expect(rows.size).toBe(16);
    expect(cols.size).toBe(16);
    tf.dispose([s, grad]);
  });

  it('needs the source when conditional, and not otherwise; leaks nothing', () => {
    const d = keep(patchganDiscriminator({ width: 4 }, { sampleShape: [32, 32, 1] }));
    const x = image(2, 32, 3);
    expect(() => tf.tidy(() => void d.apply({ x }, { training: false }))).toThrow(/no source.*conditional: false/);
    const u = keep(patchganDiscriminator({ width: 4, conditional: false }, { sampleShape: [32, 32, 1] }));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => void u.apply({ x }, { training: true }));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('multi-scale PatchGAN', () => {
  it('downsample: 3 × 3 stride-2 average pool, padding left out of the average', () => {
    // 4 × 4 image 0 … 15 (row-major). TensorFlow's 'same' for side 4, window 3, stride 2 pads
    // one row/column in all, after the image, so windows start at 0 and 2:
    // (0,0): rows 0–2 × cols 0–2: (0+1+2+4+5+6+8+9+10)/9 = 5;  (0,1): rows 0–2 × cols 2–3
    // (+ pad, left out): (2+3+6+7+10+11)/6 = 6.5;  (1,0): rows 2–3 × cols 0–2: (8+9+10+12+13+14)/6 = 11;
    // (1,1): rows 2–3 × cols 2–3: (10+11+14+15)/4 = 12.5.
    const x = tf.reshape(tf.range(0, 16), [1, 4, 4, 1]);
    const y = downsample(x);
    expect(Array.from(y.dataSync())).toEqual([5, 6.5, 11, 12.5]);
    tf.dispose([x, y]);
  });

  it('combineScales: the element mean equals the mean of the per-scale means', () => {
    // Scale maps of 4, 2 and 1 cells per sample (n = 1): means 2.5, 10 and −3 → (2.5 + 10 − 3)/3.
    const maps = [tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), tf.tensor4d([8, 12], [1, 2, 1, 1]), tf.tensor4d([-3], [1, 1, 1, 1])];
    const c = combineScales(maps);
    expect(c.shape).toEqual([1, 4, 3]);
    expect(tf.mean(c).dataSync()[0]).toBeCloseTo((2.5 + 10 - 3) / 3, 6);
    // Softplus too (an element-wise loss), per scale by hand: mean softplus of each map.
    const sp = (v: number[]) => v.reduce((a, b) => a + Math.log1p(Math.exp(b)), 0) / v.length;
    expect(tf.mean(tf.softplus(c)).dataSync()[0]).toBeCloseTo((sp([1, 2, 3, 4]) + sp([8, 12]) + sp([-3])) / 3, 5);
    tf.dispose([...maps, c]);
  });

  it('runs three PatchGANs with separate weights at scales 1, 1/2, 1/4 and returns all their logits and features', () => {
    const d = keep(multiscaleDiscriminator({ width: 4 }, { seed: 2, sampleShape: [32, 32, 1] }));
    const single = keep(patchganDiscriminator({ width: 4 }, { sampleShape: [32, 32, 1] }));
    expect(d.scales).toHaveLength(3);
    // Same architecture at every scale (parameters do not depend on the input side) …
    expect(count(d.trainableVariables)).toBe(3 * count(single.trainableVariables));
    // … but separate weights.
    const first = (k: number) => d.scales[k].trainableVariables[0].dataSync();
    expect(Array.from(first(0))).not.toEqual(Array.from(first(1)));
    const x = image(2, 32, 5);
    const s = image(2, 32, 6);
    const out = d.apply({ x, source: s }, { training: false });
    expect(Object.keys(out.heads!)).toEqual(['scale0', 'scale1', 'scale2']);
    expect(Object.values(out.heads!).map((t) => t.shape)).toEqual([
      [2, 8, 8, 1],
      [2, 4, 4, 1],
      [2, 2, 2, 1],
    ]);
    expect(out.features).toHaveLength(9); // 3 hidden blocks per scale
    expect(out.features![3].shape).toEqual([2, 8, 8, 4]); // scale 1's first block: 16 → 8
    expect(out.logits.shape).toEqual([2, 64, 3]);
    // Objectives mean over every element: that is the mean of the per-scale means.
    const perScale = Object.values(out.heads!).map((t) => tf.mean(t).dataSync()[0]);
    expect(tf.mean(out.logits).dataSync()[0]).toBeCloseTo((perScale[0] + perScale[1] + perScale[2]) / 3, 5);
    // Scale 1 sees the downsampled pair: the same as applying D₂ to avg-pooled inputs by hand.
    const direct = d.scales[1].apply({ x: tf.avgPool(x as tf.Tensor4D, 3, 2, 'same'), source: tf.avgPool(s as tf.Tensor4D, 3, 2, 'same') }, { training: false });
    expect(Array.from(direct.logits.dataSync())).toEqual(Array.from(out.heads!.scale1.dataSync()));
    tf.dispose([x, s, out.logits, ...out.features!, ...Object.values(out.heads!), direct.logits, ...direct.features!]);
  });

  it('leaks nothing and registers with the plugin', async () => {
    const d = keep(multiscaleDiscriminator({ width: 2, scales: 2 }, { sampleShape: [32, 32, 1] }));
    const x = image(2, 32, 5);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => void d.apply({ x, source: x }, { training: true }));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    const c = rootContainer.createChildContainer();
    registerPlugins(c, [pix2pixPlugin]);
    const env = { seed: 0, sampleShape: [32, 32, 1], container: c };
    const g = keep(await findProvider(c, 'generator', 'unet').create({ width: 2 }, env));
    expect(g.sourceShape).toEqual([32, 32, 1]);
    keep(await findProvider(c, 'discriminator', 'patchgan').create({ width: 2 }, env));
    const m = keep(await findProvider(c, 'discriminator', 'multiscale-patchgan').create({ width: 2, scales: 2 }, env));
    expect(m.name).toBe('discriminator');
    await expect(async () => findProvider(c, 'discriminator', 'multiscale-patchgan').create({ scale: 2 }, env)).rejects.toThrow(
      /Unknown option 'scale'/,
    );
  });
});

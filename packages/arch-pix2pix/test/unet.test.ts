import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type Generator, type Network } from '@gantry/core';
import { resolveUnetOptions, unetGenerator, unetModel } from '@gantry/arch-pix2pix';
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
const source = (n: number, s: number, seed = 1) => tf.randomUniform([n, s, s, 1], -1, 1, 'float32', seed);

describe('U-Net generator', () => {
  it('maps a 32-px source to a 32-px image in (−1, 1), declares sourceShape and a tiny prior', () => {
    const g = keep(unetGenerator({}, { seed: 1, sampleShape: [32, 32, 1] }));
    expect(g.sourceShape).toEqual([32, 32, 1]);
    expect(g.outputShape).toEqual([32, 32, 1]);
    expect(g.prior.shape).toEqual([1]);
    expect(resolveUnetOptions({}, { sampleShape: [32, 32, 1] }).depth).toBe(5); // 32 → 1×1
    const y = tf.tidy(() => g.apply({ z: g.prior.sample(3, 1), source: source(3, 32) }, { training: false }));
    expect(y.shape).toEqual([3, 32, 32, 1]);
    const v = y.dataSync();
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.min(...v)).toBeGreaterThan(-1);
    y.dispose();
  });

  it('halves 28 px only twice (28 → 7) and rejects depths that do not divide the side', () => {
    expect(resolveUnetOptions({}, { sampleShape: [28, 28, 1] }).depth).toBe(2);
    const g = keep(unetGenerator({ width: 4 }, { sampleShape: [28, 28, 1] }));
    const y = tf.tidy(() => g.apply({ z: tf.zeros([2, 1]), source: source(2, 28) }, { training: true }));
    expect(y.shape).toEqual([2, 28, 28, 1]);
    y.dispose();
    expect(() => resolveUnetOptions({ depth: 3 }, { sampleShape: [28, 28, 1] })).toThrow(/'depth'.*28 \/ 2\^3 = 3.5/);
    expect(() => resolveUnetOptions({ widht: 3 }, { sampleShape: [32, 32, 1] })).toThrow(/Unknown option 'widht'/);
    expect(() => resolveUnetOptions({ dropout: 1 }, { sampleShape: [32, 32, 1] })).toThrow(/'dropout'.*\[0, 1\)/);
    expect(() => resolveUnetOptions({}, {})).toThrow(ConfigError);
  });

  it('has the hand-counted number of parameters', () => {
    // size 8, depth 2, width 2, no BN, no dropout:
    // down0 Conv 4·4·1·2 + 2 = 34; down1 Conv 4·4·2·4 + 4 = 132;
    // up0 ConvT 4·4·4·2 + 2 = 130; skip0 concat → 2 + 2 = 4 channels; out ConvT 4·4·4·1 + 1 = 65.
    const g = keep(unetGenerator({ size: 8, channels: 1, depth: 2, width: 2, batchNorm: false, dropout: 0 }));
    expect(count(g.trainableVariables)).toBe(34 + 132 + 130 + 65);
    // With BN (depth 3): down1 loses its bias and gains BN(4) (γ, β trainable; mean, var not);
    // up1 (8 filters → 4) and up0 (4+4 → 2) lose their biases and gain BN(4), BN(2).
    // down0 34; down1 4·4·2·4 = 128 + BN 8; down2 Conv 4·4·4·8 + 8 = 520;
    // up1 ConvT 4·4·8·4 = 512 + BN 8; up0 ConvT 4·4·8·2 = 256 + BN 4; out ConvT 4·4·4·1 + 1 = 65.
    const h = keep(unetGenerator({ size: 8, channels: 1, depth: 3, width: 2, dropout: 0 }));
    const trainable = 34 + 128 + 8 + 520 + 512 + 8 + 256 + 4 + 65;
    expect(count(h.trainableVariables)).toBe(trainable);
    expect(count(h.variables)).toBe(trainable + 8 + 8 + 4); // moving mean and variance of the three BNs
  });

  it('carries the source across the skip connections: with the bottleneck cut, G still depends on its input', () => {
    // Zeroing the innermost convolution makes the bottleneck a constant (LReLU(0) = 0), so
    // any dependence of G(s) on s must come through the skips.
    const gradientNorm = (skips: boolean) => {
      const c = resolveUnetOptions({ size: 16, channels: 1, width: 4, skips, dropout: 0 }, { seed: 3 });
      const model = unetModel(c);
      const inner = model.getLayer(`down${c.depth - 1}`);
      inner.setWeights(inner.getWeights().map((w) => tf.zerosLike(w)));
      const s = source(2, 16, 5);
      const grad = tf.grad((x: tf.Tensor) => tf.sum(model.apply(x, { training: false }) as tf.Tensor))(s);
      const norm = tf.norm(grad).dataSync()[0];
      tf.dispose([s, grad]);
      model.dispose();
      return norm;
    };
    expect(gradientNorm(true)).toBeGreaterThan(1e-4);
    expect(gradientNorm(false)).toBe(0); // plain encoder-decoder: the cut bottleneck blocks everything
  });

  it('draws fresh dropout noise in training only, and is a function of its seed', () => {
    const make = (seed: number) => keep(unetGenerator({ width: 4 }, { seed, sampleShape: [32, 32, 1] }));
    const g = make(7);
    const s = source(2, 32);
    const run = (gen: Generator, training: boolean) => tf.tidy(() => gen.apply({ z: tf.zeros([2, 1]), source: s }, { training }).dataSync());
    const a = run(g, true);
    const b = run(g, true);
    expect(Array.from(a)).not.toEqual(Array.from(b)); // noise: dropout masks differ per call
    expect(Array.from(run(g, false))).toEqual(Array.from(run(g, false))); // inference: deterministic
    const g2 = make(7);
    expect(Array.from(run(g2, true))).toEqual(Array.from(a)); // same seed: same weights and same first mask
    expect(Array.from(run(make(8), false))).not.toEqual(Array.from(run(g, false)));
    s.dispose();
  });

  it('ignores z, needs a source, and leaks nothing', () => {
    const g = keep(unetGenerator({ width: 4 }, { seed: 2, sampleShape: [32, 32, 1] }));
    const s = source(2, 32);
    const y1 = tf.tidy(() => g.apply({ z: tf.zeros([2, 1]), source: s }, { training: false }));
    const y2 = tf.tidy(() => g.apply({ z: tf.ones([2, 1]), source: s }, { training: false }));
    expect(Array.from(y1.dataSync())).toEqual(Array.from(y2.dataSync()));
    expect(() => g.apply({ z: tf.zeros([2, 1]) }, { training: false })).toThrow(/translates a source image/);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => void g.apply({ z: tf.zeros([2, 1]), source: s }, { training: true }));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([s, y1, y2]);
  });

  it('upsample: resize builds nearest ×2 + 3×3 conv blocks with the same output shape', () => {
    const g = keep(unetGenerator({ width: 4, upsample: 'resize' }, { sampleShape: [32, 32, 1] }));
    const y = tf.tidy(() => g.apply({ z: tf.zeros([1, 1]), source: source(1, 32) }, { training: true }));
    expect(y.shape).toEqual([1, 32, 32, 1]);
    y.dispose();
  });
});

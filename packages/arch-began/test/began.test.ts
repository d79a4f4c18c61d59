import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, findProvider, registerPlugins, rootContainer, type Discriminator, type Generator, type Network } from '@gantry/core';
import {
  beganArchPlugin,
  beganDiscriminator,
  beganGenerator,
  buildAutoEncoder,
  encoderFilters,
  interpolateLatents,
  latentInterpolation,
  nearestUpsampling,
  recoverLatent,
} from '@gantry/arch-began';
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
const conv = (cin: number, cout: number) => 3 * 3 * cin * cout + cout;

describe('BEGAN discriminator (auto-encoder)', () => {
  it('has filters n, 2n, 3n growing with each stride-2 sub-sampling, and the hand-counted parameters', () => {
    const d = keep(beganDiscriminator({ filters: 2, hidden: 3 }, { seed: 1, sampleShape: [28, 28, 1] }));
    // Encoder (n = 2; blocks 2, 4, 6 at 28, 14, 7): conv(1→2); 2×conv(2→2), conv s2 (2→4);
    // 2×conv(4→4), conv s2 (4→6); 2×conv(6→6); Dense(7·7·6 → 3).
    const encoder = conv(1, 2) + 2 * conv(2, 2) + conv(2, 4) + 2 * conv(4, 4) + conv(4, 6) + 2 * conv(6, 6) + (7 * 7 * 6 * 3 + 3);
    // Decoder: Dense(3 → 7·7·2); 3 blocks of 2×conv(2→2); conv(2→1).
    const decoder = 3 * 7 * 7 * 2 + 7 * 7 * 2 + 6 * conv(2, 2) + conv(2, 1);
    expect(count(d.trainableVariables)).toBe(encoder + decoder);
    expect(count(d.variables)).toBe(encoder + decoder); // no batch norm, no state
    expect(encoderFilters({ size: 28, filters: 2 })).toEqual([2, 4, 6]);
    expect(encoderFilters({ size: 64, filters: 5 })).toEqual([5, 10, 15, 20]);
  });

  it('lists 3×3 convs with the expected filters/strides and ELU, a linear h and linear output', () => {
    const model = buildAutoEncoder({ size: 28, channels: 1, filters: 2, convsPerBlock: 2, skip: false, output: 'linear' }, 3, 1, 'ae');
    const layers = model.layers.map((l) => ({ cls: l.getClassName(), config: l.getConfig() as Record<string, unknown> }));
    const convs = layers.filter((l) => l.cls === 'Conv2D').map((l) => l.config);
    expect(convs.map((c) => c.filters)).toEqual([2, 2, 2, 4, 4, 4, 6, 6, 6, 2, 2, 2, 2, 2, 2, 1]);
    expect(convs.map((c) => (c.strides as number[])[0])).toEqual([1, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(convs.every((c) => (c.kernelSize as number[]).join() === '3,3')).toBe(true);
    expect(convs.map((c) => c.activation)).toEqual([...Array(15).fill('elu'), 'linear']);
    const dense = layers.filter((l) => l.cls === 'Dense').map((l) => l.config);
    expect(dense.map((c) => [c.units, c.activation])).toEqual([[3, 'linear'], [7 * 7 * 2, 'linear']]);
    const ups = model.layers.filter((l) => l.getClassName() === 'UpSampling2D');
    expect(ups.map((l) => (l.getConfig() as { interpolation: string }).interpolation)).toEqual(['nearest', 'nearest']);
    expect(ups.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[14, 14, 2], [28, 28, 2]]);
    model.dispose();
  });

  it('up-samples by nearest neighbour', () => {
    const out = tf.tidy(() => (nearestUpsampling(2).apply(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])) as tf.Tensor).dataSync());
    expect(Array.from(out)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('returns { logits: per-sample mean |x − D(x)|, reconstruction: D(x), features: [h] }', () => {
    const d = keep(beganDiscriminator({ filters: 2, hidden: 3, convsPerBlock: 1 }, { seed: 2, sampleShape: [32, 32, 3] }));
    tf.tidy(() => {
      const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 5);
      const out = d.apply({ x }, { training: true });
      expect(out.reconstruction!.shape).toEqual([2, 32, 32, 3]);
      expect(out.features!.map((f) => f.shape)).toEqual([[2, 3]]);
      expect(out.logits.shape).toEqual([2, 1]);
      const xs = x.dataSync();
      const rs = out.reconstruction!.dataSync();
      const per = 32 * 32 * 3;
      const logits = out.logits.dataSync();
      for (let b = 0; b < 2; b++) {
        let sum = 0;
        for (let i = b * per; i < (b + 1) * per; i++) sum += Math.abs(xs[i] - rs[i]);
        expect(logits[b]).toBeCloseTo(sum / per, 5);
      }
    });
  });

  it('builds 64×64 with four blocks (n, 2n, 3n, 4n) and the skip variant concatenates upsampled h₀', () => {
    const plain = keep(beganDiscriminator({ filters: 1, hidden: 2, convsPerBlock: 1 }, { sampleShape: [64, 64, 3] }));
    const skip = keep(beganDiscriminator({ filters: 1, hidden: 2, convsPerBlock: 1, skip: true }, { sampleShape: [64, 64, 3] }));
    // Skip: decoder blocks 1…3 see n + n channels, so their first conv has 3·3·1·1 more weights each.
    expect(count(skip.trainableVariables) - count(plain.trainableVariables)).toBe(3 * 3 * 1 * 1 * 3);
    const shapes = tf.tidy(() => {
      const out = skip.apply({ x: tf.zeros([1, 64, 64, 3]) }, { training: false });
      return [out.reconstruction!.shape, out.features![0].shape];
    });
    expect(shapes).toEqual([[1, 64, 64, 3], [1, 2]]);
    const model = buildAutoEncoder({ size: 64, channels: 3, filters: 1, convsPerBlock: 1, skip: true, output: 'linear' }, 2, 0, 'ae');
    const concat = model.layers.filter((l) => l.getClassName() === 'Concatenate');
    expect(concat.map((l) => (l.outputShape as number[]).slice(1))).toEqual([[16, 16, 2], [32, 32, 2], [64, 64, 2]]);
    model.dispose();
  });

  it('validates options', () => {
    expect(() => beganDiscriminator({ filter: 2 } as never, { sampleShape: [28, 28, 1] })).toThrow(ConfigError);
    expect(() => beganDiscriminator({ skip: 'yes' } as never, { sampleShape: [28, 28, 1] })).toThrow(/skip/);
    expect(() => beganDiscriminator({}, { sampleShape: [48, 48, 1] })).toThrow(ConfigError);
  });
});

describe('BEGAN generator', () => {
  it('shares the decoder architecture, draws z ~ U(−1, 1) and is provided by the plugin', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [beganArchPlugin]);
    const g = keep((await findProvider(container, 'generator', 'began').create({ filters: 2, latentDim: 5 }, { seed: 1, sampleShape: [28, 28, 1], container })) as Generator);
    const d = keep((await findProvider(container, 'discriminator', 'began').create({ filters: 2, hidden: 5 }, { seed: 1, sampleShape: [28, 28, 1], container })) as Discriminator);
    // G's parameters: Dense(5 → 7·7·2) + 3 blocks of 2×conv(2→2) + conv(2→1) — D's decoder exactly.
    const decoder = 5 * 98 + 98 + 6 * conv(2, 2) + conv(2, 1);
    expect(count(g.trainableVariables)).toBe(decoder);
    // D's decoder: its last 8 layers (dense + 7 convs), kernel and bias each.
    const dDecoder = d.trainableVariables.slice(-16);
    expect(count(dDecoder)).toBe(decoder);
    expect(g.prior.shape).toEqual([5]);
    const z = g.prior.sample(200, 3);
    const [lo, hi] = [tf.min(z).dataSync()[0], tf.max(z).dataSync()[0]];
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    expect(lo).toBeLessThan(-0.9);
    expect(hi).toBeGreaterThan(0.9);
    z.dispose();
    expect(tf.tidy(() => g.apply({ z: tf.zeros([2, 5]) }, { training: false }).shape)).toEqual([2, 28, 28, 1]);
    container.dispose();
  });

  it("with output: 'tanh' ends in tanh: outputs are tanh of the linear variant's (same seed, same weights)", () => {
    const env = { seed: 4, sampleShape: [28, 28, 1] };
    const linear = keep(beganGenerator({ filters: 2, convsPerBlock: 1, latentDim: 3 }, env));
    const squashed = keep(beganGenerator({ filters: 2, convsPerBlock: 1, latentDim: 3, output: 'tanh' }, env));
    const z = tf.tensor2d([[1, -1, 0.5], [-0.2, 0.9, 1]]);
    const a = tf.tidy(() => Array.from(linear.apply({ z: tf.mul(z, 20) }, { training: false }).dataSync()));
    const b = tf.tidy(() => Array.from(squashed.apply({ z: tf.mul(z, 20) }, { training: false }).dataSync()));
    z.dispose();
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(Math.tanh(v), 5));
    expect(() => beganGenerator({ output: 'sigmoid' } as never, env)).toThrow(/'output'.*'linear', 'tanh'/);
  });
});

describe('latent recovery', () => {
  it('finds z with a smaller |x − G(z)| (Adam, z clipped to [−1, 1]) and interpolates between codes', () => {
    const g = keep(beganGenerator({ filters: 2, convsPerBlock: 1, latentDim: 4 }, { seed: 3, sampleShape: [28, 28, 1] }));
    const target = tf.tidy(() => g.apply({ z: tf.tensor2d([[0.5, -0.3, 0.8, -0.6], [-0.7, 0.2, 0.1, 0.9]]) }, { training: false }));
    const before = tf.memory().numTensors;
    const result = recoverLatent(g, target, { steps: 100, learningRate: 0.05, seed: 11 });
    expect(tf.memory().numTensors).toBe(before + 1); // only z
    expect(result.finalError).toBeLessThan(0.75 * result.initialError); // measured 0.188 → 0.126
    const z = result.z.dataSync();
    expect(Math.max(...Array.from(z, Math.abs))).toBeLessThanOrEqual(1);
    // The reported error is the real one: mean |x − G(z)| recomputed here.
    const err = tf.tidy(() => tf.mean(tf.abs(tf.sub(target, g.apply({ z: result.z }, { training: false })))).dataSync()[0]);
    expect(err).toBeCloseTo(result.finalError, 5);
    result.z.dispose();

    // Interpolation: z_t = (1 − t)a + t b, t = 0, ½, 1.
    const line = tf.tidy(() => interpolateLatents(tf.tensor1d([1, -1]), tf.tensor2d([[0, 1]]), 3).arraySync());
    expect(line).toEqual([[1, -1], [0.5, 0], [0, 1]]);
    const strip = latentInterpolation(g, tf.slice(target, [0], [1]), tf.slice(target, [1], [1]), { steps: 10, learningRate: 0.05, count: 5 });
    expect(strip.images.shape).toEqual([5, 28, 28, 1]);
    expect(strip.codes.shape).toEqual([2, 4]);
    // The strip's ends are G(z_a), G(z_b).
    const ends = tf.tidy(() => g.apply({ z: strip.codes }, { training: false }).dataSync());
    const imgs = strip.images.dataSync();
    const px = 28 * 28;
    for (let i = 0; i < px; i += 37) {
      expect(imgs[i]).toBeCloseTo(ends[i], 5);
      expect(imgs[4 * px + i]).toBeCloseTo(ends[px + i], 5);
    }
    tf.dispose([strip.images, strip.codes, target]);
  });
});

describe('memory', () => {
  it('leaks no tensors across forward passes and gradients', () => {
    const d = keep(beganDiscriminator({ filters: 2, hidden: 3, convsPerBlock: 1 }, { sampleShape: [28, 28, 1] }));
    const x = tf.zeros([2, 28, 28, 1]);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.mean(d.apply({ x }, { training: true }).logits) as tf.Scalar, d.trainableVariables as tf.Variable[]);
        tf.dispose([value, grads]);
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

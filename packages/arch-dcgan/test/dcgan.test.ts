import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  ConfigError,
  findProvider,
  registerPlugins,
  rootContainer,
  type Discriminator,
  type Generator,
  type Network,
} from '@gantry/core';
import {
  dcgan28Flops,
  dcganCost,
  dcganDiscriminator,
  dcganGenerator,
  dcganPlugin,
  discriminatorPlan,
  layerMacs,
} from '@gantry/arch-dcgan';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const count = (vars: readonly tf.Variable[]) => vars.reduce((n, v) => n + v.size, 0);
const built: Network[] = [];
function keep<T extends Network>(net: T): T {
  built.push(net);
  return net;
}
afterAll(() => built.forEach((n) => n.dispose()));

describe('DCGAN-28 (the benchmark model)', () => {
  let g: Generator;
  let d: Discriminator;
  beforeAll(() => {
    g = keep(dcganGenerator({}, { seed: 7, sampleShape: [28, 28, 1] }));
    d = keep(dcganDiscriminator({}, { seed: 7, sampleShape: [28, 28, 1] }));
  });

  it('has the hand-counted number of parameters', () => {
    // G: Dense 100·(7·7·256) no bias; BN(12544): γ, β + moving mean, var;
    //    ConvT 4·4·256·128 no bias; BN(128); ConvT 4·4·128·1 + 1 bias.
    const dense = 100 * 7 * 7 * 256; // 1,254,400
    const bn1 = 7 * 7 * 256; // 12,544 features
    const convT1 = 4 * 4 * 256 * 128; // 524,288
    const convT2 = 4 * 4 * 128 * 1 + 1; // 2,049
    const gTrainable = dense + 2 * bn1 + convT1 + 2 * 128 + convT2;
    expect(gTrainable).toBe(1_806_081);
    expect(count(g.trainableVariables)).toBe(gTrainable);
    expect(count(g.variables)).toBe(gTrainable + 2 * bn1 + 2 * 128);

    // D: Conv 4·4·1·64 + 64; Conv 4·4·64·128 no bias; BN(128); Dense 7·7·128 + 1.
    const dTrainable = 4 * 4 * 64 + 64 + 4 * 4 * 64 * 128 + 2 * 128 + 7 * 7 * 128 + 1;
    expect(dTrainable).toBe(138_689);
    expect(count(d.trainableVariables)).toBe(dTrainable);
    expect(count(d.variables)).toBe(dTrainable + 2 * 128);
  });

  it('has the specified layer shapes', () => {
    const shapes = g.trainableVariables.map((v) => v.shape);
    expect(shapes).toEqual([[100, 12544], [12544], [12544], [4, 4, 128, 256], [128], [128], [4, 4, 1, 128], [1]]);
    expect(d.trainableVariables.map((v) => v.shape)).toEqual([
      [4, 4, 1, 64],
      [64],
      [4, 4, 64, 128],
      [128],
      [128],
      [6272, 1],
      [1],
    ]);
    expect(g.name).toBe('generator');
    expect(d.name).toBe('discriminator');
    expect(g.outputShape).toEqual([28, 28, 1]);
    expect(d.inputShape).toEqual([28, 28, 1]);
    expect(g.prior.shape).toEqual([100]);
  });

  it('initialises kernels N(0, 0.02²), BN γ N(1, 0.02²), β 0, moving stats 0 and 1', () => {
    const [kernel, gamma, beta] = g.trainableVariables;
    const stats = (t: tf.Tensor) => {
      const v = t.dataSync();
      let m = 0;
      for (const x of v) m += x;
      m /= v.length;
      let s = 0;
      for (const x of v) s += (x - m) ** 2;
      return { mean: m, std: Math.sqrt(s / v.length) };
    };
    // 1.25 M samples: the standard error of the std is ≈ 0.02/√(2n) ≈ 1.3e-5.
    const k = stats(kernel);
    expect(Math.abs(k.mean)).toBeLessThan(1e-4);
    expect(Math.abs(k.std - 0.02)).toBeLessThan(2e-4);
    const gm = stats(gamma);
    expect(Math.abs(gm.mean - 1)).toBeLessThan(1e-3);
    expect(Math.abs(gm.std - 0.02)).toBeLessThan(1e-3);
    expect(beta.dataSync().every((x) => x === 0)).toBe(true);
    const moving = g.variables.filter((v) => !v.trainable);
    expect(moving.length).toBe(4);
    expect(moving[0].dataSync().every((x) => x === 0)).toBe(true); // moving mean
    expect(moving[1].dataSync().every((x) => x === 1)).toBe(true); // moving variance
  });

  it('variables include the BN moving statistics, trainableVariables exclude them', () => {
    const trainable = new Set(g.trainableVariables);
    const extra = g.variables.filter((v) => !trainable.has(v));
    expect(extra.map((v) => v.size)).toEqual([12544, 12544, 128, 128]);
    expect(extra.every((v) => !v.trainable && /moving_(mean|variance)/.test(v.name))).toBe(true);
    expect(g.trainableVariables.every((v) => v.trainable && g.variables.includes(v))).toBe(true);
    const dExtra = d.variables.filter((v) => !d.trainableVariables.includes(v));
    expect(dExtra.map((v) => v.name).every((n) => /moving_(mean|variance)/.test(n))).toBe(true);
    expect(dExtra.length).toBe(2);
  });

  it('updates BN moving statistics with momentum 0.9 in training mode', () => {
    const gen = dcganGenerator({ width: 8 }, { seed: 3, sampleShape: [28, 28, 1] });
    const z = tf.randomNormal([4, 100], 0, 1, 'float32', 11);
    const kernel = gen.trainableVariables[0];
    // Second method: the dense pre-activation h = zW and its batch mean, by matMul.
    const expected = tf.tidy(() => tf.mul(tf.mean(tf.matMul(z, kernel), 0), 0.1));
    tf.tidy(() => gen.apply({ z }, { training: true }));
    const movingMean = gen.variables.find((v) => /moving_mean/.test(v.name))!;
    const got = movingMean.dataSync();
    const want = expected.dataSync();
    let maxErr = 0;
    for (let i = 0; i < want.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
    expect(maxErr).toBeLessThan(1e-6);
    // Inference mode reads the moving statistics and does not change them.
    const before = movingMean.dataSync().slice();
    tf.tidy(() => gen.apply({ z }, { training: false }));
    expect(Array.from(movingMean.dataSync())).toEqual(Array.from(before));
    tf.dispose([z, expected]);
    gen.dispose();
  });

  it('G outputs lie in [-1, 1] (tanh) and D returns one logit per sample', () => {
    tf.tidy(() => {
      const z = tf.mul(g.prior.sample(4, 5), 5); // large codes push tanh to saturation
      for (const training of [true, false]) {
        const x = g.apply({ z }, { training });
        expect(x.shape).toEqual([4, 28, 28, 1]);
        const v = x.dataSync();
        expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
        expect(Math.max(...v)).toBeLessThanOrEqual(1);
        expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(0);
        const out = d.apply({ x }, { training });
        expect(out.logits.shape).toEqual([4, 1]);
      }
    });
  });

  it('a gradient reaches every trainable variable of G and D', () => {
    // The DCGAN-28 structure at width 16: the cpu backend's conv filter gradient is a
    // scalar loop, and the full width would take tens of seconds for the same check.
    const g = dcganGenerator({ width: 16 }, { seed: 7, sampleShape: [28, 28, 1] });
    const d = dcganDiscriminator({ width: 16 }, { seed: 7, sampleShape: [28, 28, 1] });
    const z = tf.randomNormal([4, 100], 0, 1, 'float32', 1);
    const target = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 2);
    const gGrads = tf.variableGrads(
      () => tf.mean(tf.square(tf.sub(g.apply({ z }, { training: true }), target))) as tf.Scalar,
      g.trainableVariables as tf.Variable[],
    );
    expect(Object.keys(gGrads.grads).length).toBe(g.trainableVariables.length);
    for (const v of g.trainableVariables) {
      const grad = gGrads.grads[v.name];
      expect(grad, v.name).toBeDefined();
      expect(tf.max(tf.abs(grad)).dataSync()[0], v.name).toBeGreaterThan(0);
    }
    const x = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 3);
    const y = tf.tensor2d([[1], [-1], [2], [0.5]]);
    const dGrads = tf.variableGrads(
      () => tf.mean(tf.square(tf.sub(d.apply({ x }, { training: true }).logits, y))) as tf.Scalar,
      d.trainableVariables as tf.Variable[],
    );
    for (const v of d.trainableVariables) {
      const grad = dGrads.grads[v.name];
      expect(grad, v.name).toBeDefined();
      expect(tf.max(tf.abs(grad)).dataSync()[0], v.name).toBeGreaterThan(0);
    }
    tf.dispose([z, target, x, y, gGrads.value, dGrads.value, ...Object.values(gGrads.grads), ...Object.values(dGrads.grads)]);
    g.dispose();
    d.dispose();
  });

  it('leaks no tensor across repeated apply calls inside tf.tidy', () => {
    const z = tf.randomNormal([2, 100], 0, 1, 'float32', 4);
    const warm = () => tf.tidy(() => void d.apply({ x: g.apply({ z }, { training: true }) }, { training: true }));
    warm();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      warm();
      tf.tidy(() => void d.apply({ x: g.apply({ z }, { training: false }) }, { training: false }));
    }
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
  });
});

describe('sizes and channels', () => {
  for (const size of [28, 32, 64] as const) {
    for (const channels of [1, 3] as const) {
      it(`${size}×${size}×${channels}: G makes [n, ${size}, ${size}, ${channels}], D scores it`, () => {
        const g = dcganGenerator({ width: 4, latentDim: 8 }, { seed: 1, sampleShape: [size, size, channels] });
        const d = dcganDiscriminator({ size, channels, width: 4 }, { seed: 2 });
        tf.tidy(() => {
          const x = g.apply({ z: g.prior.sample(2, 3) }, { training: true });
          expect(x.shape).toEqual([2, size, size, channels]);
          const v = x.dataSync();
          expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1);
          expect(d.apply({ x }, { training: true }).logits.shape).toEqual([2, 1]);
        });
        expect(g.outputShape).toEqual([size, size, channels]);
        expect(d.inputShape).toEqual([size, size, channels]);
        g.dispose();
        d.dispose();
      });
    }
  }

  it('32/64 start from a 4×4 map with width·8 filters and mirror them in D', () => {
    // width 2, 64×64×3: G Dense 8 → 4·4·16, then ConvT 16→8→4→2→3; D Conv 3→2→4→8→16, Dense 4·4·16 → 1.
    const g = dcganGenerator({ size: 64, channels: 3, width: 2, latentDim: 8 });
    expect(g.trainableVariables.filter((v) => v.shape.length > 1).map((v) => v.shape)).toEqual([
      [8, 256],
      [4, 4, 8, 16],
      [4, 4, 4, 8],
      [4, 4, 2, 4],
      [4, 4, 3, 2],
    ]);
    const d = dcganDiscriminator({ size: 32, channels: 1, width: 2 });
    expect(d.trainableVariables.filter((v) => v.shape.length > 1).map((v) => v.shape)).toEqual([
      [4, 4, 1, 2],
      [4, 4, 2, 4],
      [4, 4, 4, 8],
      [128, 1],
    ]);
    g.dispose();
    d.dispose();
  });

  it('batchNorm: false drops BN and gives every layer a bias', () => {
    const g = dcganGenerator({ size: 28, channels: 1, width: 2, latentDim: 3, batchNorm: false });
    // Dense 3·(7·7·8) + 392; ConvT 4·4·8·4 + 4; ConvT 4·4·4·1 + 1.
    expect(count(g.trainableVariables)).toBe(3 * 392 + 392 + 4 * 4 * 8 * 4 + 4 + 4 * 4 * 4 + 1);
    expect(g.variables.length).toBe(g.trainableVariables.length);
    const d = dcganDiscriminator({ size: 28, channels: 1, width: 2, batchNorm: false });
    // Conv 4·4·1·2 + 2; Conv 4·4·2·4 + 4; Dense 7·7·4 + 1.
    expect(count(d.variables)).toBe(32 + 2 + 128 + 4 + 196 + 1);
    g.dispose();
    d.dispose();
  });

  it('prior: uniform draws z ~ U(-1, 1)', () => {
    const g = dcganGenerator({ size: 28, channels: 1, width: 2, latentDim: 5, prior: 'uniform' });
    const z = g.prior.sample(200, 9);
    expect(z.shape).toEqual([200, 5]);
    const v = z.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(Math.min(...v)).toBeLessThan(-0.9); // not squeezed into a smaller range
    z.dispose();
    g.dispose();
  });
});

describe('determinism', () => {
  const values = (n: Network) => n.variables.map((v) => Array.from(v.dataSync()));
  it('the same seed gives identical weights; different seeds give different ones', () => {
    const env = { sampleShape: [32, 32, 3] as const };
    const a = dcganGenerator({ width: 4 }, { ...env, seed: 42 });
    const b = dcganGenerator({ width: 4 }, { ...env, seed: 42 });
    const c = dcganGenerator({ width: 4 }, { ...env, seed: 43 });
    expect(values(a)).toEqual(values(b));
    const [va, vc] = [values(a), values(c)];
    a.trainableVariables.forEach((v, i) => {
      if (/kernel|gamma/.test(v.name)) expect(va[i], v.name).not.toEqual(vc[i]);
    });
    const da = dcganDiscriminator({ width: 4 }, { ...env, seed: 42 });
    const db = dcganDiscriminator({ width: 4 }, { ...env, seed: 42 });
    const dc = dcganDiscriminator({ width: 4 }, { ...env, seed: 1 });
    expect(values(da)).toEqual(values(db));
    expect(values(da)[0]).not.toEqual(values(dc)[0]);
    // Layers get distinct seeds: two same-shaped kernels differ.
    const convs = a.trainableVariables.filter((v) => v.shape.length === 4);
    expect(convs[0].dataSync().slice(0, 8)).not.toEqual(convs[1].dataSync().slice(0, 8));
    [a, b, c, da, db, dc].forEach((n) => n.dispose());
  });

  it('dispose frees every variable', () => {
    const before = tf.memory().numTensors;
    const g = dcganGenerator({ size: 28, channels: 1, width: 2 });
    const n = g.variables.length;
    expect(tf.memory().numTensors).toBe(before + n);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('options', () => {
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['unsupported size', { size: 48, channels: 1 }, /'size'.*28, 32, 64, got 48/],
    ['unsupported channels', { size: 28, channels: 2 }, /'channels'.*1, 3, got 2/],
    ['zero latentDim', { size: 28, channels: 1, latentDim: 0 }, /latentDim/],
    ['fractional width', { size: 28, channels: 1, width: 1.5 }, /width.*1\.5/],
    ['non-boolean batchNorm', { size: 28, channels: 1, batchNorm: 'yes' }, /batchNorm.*'yes'/],
    ['unknown prior', { size: 28, channels: 1, prior: 'cauchy' }, /'prior'.*'normal', 'uniform', got 'cauchy'/],
    ['unknown key', { size: 28, channels: 1, depth: 3 }, /Unknown option 'depth'.*size, channels/],
    ['empty name', { size: 28, channels: 1, name: '' }, /name/],
    ['no shape at all', {}, /size.*channels/],
  ];
  for (const [what, options, message] of bad) {
    it(`rejects ${what} with a ConfigError`, () => {
      expect(() => dcganGenerator(options as never)).toThrow(ConfigError);
      expect(() => dcganGenerator(options as never)).toThrow(message);
    });
  }

  it('rejects unsupported or inconsistent data shapes', () => {
    expect(() => dcganGenerator({}, { sampleShape: [30, 30, 1] })).toThrow(ConfigError);
    expect(() => dcganDiscriminator({}, { sampleShape: [28, 32, 1] })).toThrow(/28, 32, 64/);
    expect(() => dcganDiscriminator({}, { sampleShape: [28, 28, 4] })).toThrow(/c in \{1, 3\}/);
    expect(() => dcganDiscriminator({ size: 32 }, { sampleShape: [28, 28, 1] })).toThrow(/32×32×1.*\[28, 28, 1\]/);
    expect(() => dcganDiscriminator({ latentDim: 100 } as never, { sampleShape: [28, 28, 1] })).toThrow(
      /Unknown option 'latentDim'/,
    );
    expect(() => dcganGenerator('big' as never, { sampleShape: [28, 28, 1] })).toThrow(ConfigError);
  });

  it('accepts [h, w] data as one channel', () => {
    const d = dcganDiscriminator({ width: 2 }, { sampleShape: [28, 28] });
    expect(d.inputShape).toEqual([28, 28, 1]);
    d.dispose();
  });
});

describe('plugin', () => {
  it('provides generator and discriminator "dcgan" built from the data shape and seed', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [dcganPlugin]);
    const env = { seed: 5, sampleShape: [32, 32, 3], container };
    const g = await findProvider(container, 'generator', 'dcgan').create({ width: 4 }, env);
    const d = await findProvider(container, 'discriminator', 'dcgan').create({ width: 4 }, env);
    expect(g.role).toBe('generator');
    expect(g.outputShape).toEqual([32, 32, 3]);
    expect(d.role).toBe('discriminator');
    expect(d.inputShape).toEqual([32, 32, 3]);
    const direct = dcganGenerator({ width: 4 }, { seed: 5, sampleShape: [32, 32, 3] });
    expect(Array.from(g.variables[0].dataSync().slice(0, 16))).toEqual(Array.from(direct.variables[0].dataSync().slice(0, 16)));
    await expect(async () => findProvider(container, 'generator', 'dcgan').create({ size: 31 }, env)).rejects.toThrow(
      ConfigError,
    );
    [g, d, direct].forEach((n) => n.dispose());
  });
});

describe('cost (MACs)', () => {
  it('DCGAN-28 costs the hand-computed MACs', () => {
    const cost = dcgan28Flops();
    // G: Dense 100·12544; ConvT 7·7·4·4·256·128; ConvT 14·14·4·4·128·1.
    expect(cost.generatorMacs).toBe(1_254_400 + 25_690_112 + 401_408);
    // D: Conv 14·14·4·4·1·64; Conv 7·7·4·4·64·128; Dense 6272·1.
    expect(cost.discriminatorMacs).toBe(200_704 + 6_422_528 + 6_272);
    expect(cost.generatorFlops).toBe(2 * 27_345_920);
    expect(cost.discriminatorFlops).toBe(2 * 6_629_504);
  });

  it('the conv formula equals a multiply-by-multiply count of one layer', () => {
    // Enumerate D's second conv of a small model (14×14×3 → 7×7×5, k4 s2, 'same'),
    // counting one MAC per (output pixel, output channel, kernel tap, input channel).
    const layer = discriminatorPlan({ size: 28, channels: 1, width: 3, latentDim: 1, batchNorm: true }).filter(
      (l) => l.type === 'conv',
    )[1];
    let macs = 0;
    for (let oy = 0; oy < 7; oy++)
      for (let ox = 0; ox < 7; ox++)
        for (let co = 0; co < 6; co++)
          for (let ky = 0; ky < 4; ky++) for (let kx = 0; kx < 4; kx++) for (let ci = 0; ci < 3; ci++) macs++;
    expect(layerMacs(layer)).toBe(macs);
    expect(macs).toBe(7 * 7 * 6 * 16 * 3);
  });

  it('agrees with the built model: kernel size × spatial positions, layer by layer', () => {
    // Second method: from the tfjs model's own weights. A conv kernel's entries are each
    // used once per output pixel (Conv2D) or once per input pixel (Conv2DTranspose).
    const g = dcganGenerator({ size: 64, channels: 3, width: 2, latentDim: 8 });
    const d = dcganDiscriminator({ size: 64, channels: 3, width: 2 });
    const kernels = (n: Network) => n.trainableVariables.filter((v) => /kernel/.test(v.name)).map((v) => v.size);
    // G's kernels act on 1 (dense), 4², 8², 16², 32² input positions.
    const gMacs = kernels(g).reduce((s, k, i) => s + k * (i === 0 ? 1 : (4 * 2 ** (i - 1)) ** 2), 0);
    // D's kernels produce 32², 16², 8², 4² output positions, then the dense layer.
    const dMacs = kernels(d).reduce((s, k, i) => s + k * (i < 4 ? (32 / 2 ** i) ** 2 : 1), 0);
    const cost = dcganCost({ size: 64, channels: 3, width: 2, latentDim: 8 });
    expect(cost.generatorMacs).toBe(gMacs);
    expect(cost.discriminatorMacs).toBe(dMacs);
    g.dispose();
    d.dispose();
  });
});

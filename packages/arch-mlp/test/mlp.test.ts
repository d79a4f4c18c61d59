import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, findProvider, registerPlugins, rootContainer, type Network } from '@gantry/core';
import { mlpDiscriminator, mlpGenerator, mlpPlugin } from '@gantry/arch-mlp';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const count = (vars: readonly tf.Variable[]) => vars.reduce((n, v) => n + v.size, 0);
const values = (n: Network) => n.variables.map((v) => Array.from(v.dataSync()));

describe('mlpGenerator', () => {
  it('2-D data: z ∈ ℝ², 2 → 128 → 128 → 2 with the hand-counted parameters', () => {
    const g = mlpGenerator({}, { seed: 1, sampleShape: [2] });
    expect(g.prior.shape).toEqual([2]);
    expect(g.outputShape).toEqual([2]);
    expect(g.name).toBe('generator');
    // (2·128 + 128) + (128·128 + 128) + (128·2 + 2)
    expect(count(g.trainableVariables)).toBe(384 + 16_512 + 258);
    expect(g.variables.length).toBe(g.trainableVariables.length); // no state besides weights
    tf.tidy(() => {
      expect(g.apply({ z: g.prior.sample(5, 2) }, { training: true }).shape).toEqual([5, 2]);
    });
    g.dispose();
  });

  it('1-D data defaults to z ∈ ℝ¹ and one output', () => {
    const g = mlpGenerator({ hidden: [16] }, { sampleShape: [1] });
    expect(g.prior.shape).toEqual([1]);
    expect(count(g.trainableVariables)).toBe(1 * 16 + 16 + 16 * 1 + 1);
    tf.tidy(() => {
      expect(g.apply({ z: g.prior.sample(3, 1) }, { training: false }).shape).toEqual([3, 1]);
    });
    g.dispose();
  });

  it('computes y = W₂·relu(W₁z + b₁) + b₂ (checked by hand-written matrix products)', () => {
    const g = mlpGenerator({ hidden: [8], latentDim: 3 }, { seed: 4, sampleShape: [2] });
    const [w1, b1, w2, b2] = g.trainableVariables.map((v) => v.arraySync() as number[][] & number[]);
    const z = [
      [0.5, -1, 2],
      [1, 0, -0.3],
    ];
    const want = z.map((row) => {
      const h = (b1 as number[]).map((b, j) => Math.max(0, b + row.reduce((s, x, i) => s + x * w1[i][j], 0)));
      return (b2 as number[]).map((b, k) => b + h.reduce((s, x, j) => s + x * w2[j][k], 0));
    });
    const got = tf.tidy(() => g.apply({ z: tf.tensor2d(z) }, { training: false }).arraySync()) as number[][];
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i], 5));
    g.dispose();
  });

  it('outputActivation tanh bounds samples to [-1, 1]; sample shapes of rank > 1 are reshaped', () => {
    const g = mlpGenerator({ outputActivation: 'tanh', hidden: [4] }, { sampleShape: [3, 2] });
    tf.tidy(() => {
      const x = g.apply({ z: tf.mul(g.prior.sample(50, 1), 100) }, { training: false });
      expect(x.shape).toEqual([50, 3, 2]);
      expect(Math.max(...x.dataSync().map(Math.abs))).toBeLessThanOrEqual(1);
    });
    g.dispose();
  });

  it('prior uniform draws z ~ U(-1, 1); outputDim works without data', () => {
    const g = mlpGenerator({ prior: 'uniform', outputDim: 2, latentDim: 4 });
    const z = g.prior.sample(100, 3);
    expect(z.shape).toEqual([100, 4]);
    expect(Math.max(...z.dataSync().map(Math.abs))).toBeLessThanOrEqual(1);
    z.dispose();
    g.dispose();
  });
});

describe('mlpDiscriminator', () => {
  it('2 → 128 → 128 → 1 logits with the hand-counted parameters', () => {
    const d = mlpDiscriminator({}, { seed: 1, sampleShape: [2] });
    expect(count(d.trainableVariables)).toBe(384 + 16_512 + 129);
    expect(d.name).toBe('discriminator');
    expect(d.inputShape).toEqual([2]);
    tf.tidy(() => {
      expect(d.apply({ x: tf.ones([7, 2]) }, { training: true }).logits.shape).toEqual([7, 1]);
    });
    d.dispose();
  });

  it('applies the chosen hidden and output activations', () => {
    // One hidden unit with known weights: D(x) = f_out(w₂·act(w₁x + b₁) + b₂).
    for (const [activation, act] of [
      ['relu', (a: number) => Math.max(0, a)],
      ['leakyRelu', (a: number) => (a > 0 ? a : 0.2 * a)],
      ['tanh', Math.tanh],
    ] as const) {
      for (const [outputActivation, out] of [
        ['none', (a: number) => a],
        ['sigmoid', (a: number) => 1 / (1 + Math.exp(-a))],
        ['tanh', Math.tanh],
      ] as const) {
        const e = mlpDiscriminator({ hidden: [1], activation, outputActivation, inputDim: 1 });
        const [w1, b1, w2, b2] = e.trainableVariables;
        w1.assign(tf.tensor2d([[1.5]]));
        b1.assign(tf.tensor1d([0.25]));
        w2.assign(tf.tensor2d([[-2]]));
        b2.assign(tf.tensor1d([0.5]));
        const xs = [-3, -0.5, 0.7, 2];
        const got = tf.tidy(() => e.apply({ x: tf.tensor2d(xs, [4, 1]) }, { training: false }).logits.dataSync());
        xs.forEach((x, i) => expect(got[i], `${activation}/${outputActivation}`).toBeCloseTo(out(-2 * act(1.5 * x + 0.25) + 0.5), 5));
        e.dispose();
      }
    }
  });
});

describe('initialisation and determinism', () => {
  it('glorot (default) draws U(−a, a), a = √(6/(fan_in+fan_out)); dcgan draws N(0, 0.02²); biases 0', () => {
    const g = mlpGenerator({}, { seed: 9, sampleShape: [2] });
    const k = Array.from(g.trainableVariables[2].dataSync()); // 128×128
    const a = Math.sqrt(6 / 256);
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(a);
    const std = Math.sqrt(k.reduce((s, x) => s + x * x, 0) / k.length);
    expect(Math.abs(std - a / Math.sqrt(3))).toBeLessThan(0.003); // U(−a, a) has std a/√3 ≈ 0.0884
    expect(g.trainableVariables[1].dataSync().every((x) => x === 0)).toBe(true);
    const n = mlpGenerator({ init: 'dcgan' }, { seed: 9, sampleShape: [2] });
    const kn = Array.from(n.trainableVariables[2].dataSync());
    const stdN = Math.sqrt(kn.reduce((s, x) => s + x * x, 0) / kn.length);
    expect(Math.abs(stdN - 0.02)).toBeLessThan(0.0005);
    g.dispose();
    n.dispose();
  });

  it('the same seed gives identical weights; different seeds differ', () => {
    const env = { sampleShape: [2] };
    const [a, b, c] = [7, 7, 8].map((seed) => mlpGenerator({}, { ...env, seed }));
    expect(values(a)).toEqual(values(b));
    a.trainableVariables.forEach((v, i) => {
      if (/kernel/.test(v.name)) expect(values(a)[i]).not.toEqual(values(c)[i]);
    });
    const [da, db, dc] = [7, 7, 8].map((seed) => mlpDiscriminator({ activation: 'tanh' }, { ...env, seed }));
    expect(values(da)).toEqual(values(db));
    expect(values(da)[0]).not.toEqual(values(dc)[0]);
    [a, b, c, da, db, dc].forEach((n) => n.dispose());
  });
});

describe('training', () => {
  it('a gradient reaches every trainable variable of G and D', () => {
    const g = mlpGenerator({ activation: 'leakyRelu' }, { seed: 3, sampleShape: [2] });
    const d = mlpDiscriminator({ activation: 'leakyRelu' }, { seed: 4, sampleShape: [2] });
    const z = g.prior.sample(16, 5);
    const target = tf.randomNormal([16, 2], 0, 1, 'float32', 6);
    for (const [net, loss] of [
      [g, () => tf.mean(tf.square(tf.sub(g.apply({ z }, { training: true }), target)))],
      [d, () => tf.mean(tf.square(d.apply({ x: target }, { training: true }).logits))],
    ] as const) {
      const { value, grads } = tf.variableGrads(loss as () => tf.Scalar, net.trainableVariables as tf.Variable[]);
      for (const v of net.trainableVariables) {
        expect(grads[v.name], v.name).toBeDefined();
        expect(tf.max(tf.abs(grads[v.name])).dataSync()[0], v.name).toBeGreaterThan(0);
      }
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([z, target]);
    g.dispose();
    d.dispose();
  });

  it('leaks no tensor across repeated apply calls inside tf.tidy', () => {
    const g = mlpGenerator({}, { sampleShape: [2] });
    const d = mlpDiscriminator({}, { sampleShape: [2] });
    const z = g.prior.sample(8, 1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => void d.apply({ x: g.apply({ z }, { training: true }) }, { training: true }));
    }
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
    g.dispose();
    d.dispose();
    expect(tf.memory().numTensors).toBe(before - 1 - 6 - 6);
  });
});

describe('options', () => {
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['hidden not a list', () => mlpGenerator({ hidden: 128 as never }, { sampleShape: [2] }), /hidden.*128/],
    ['hidden with 0', () => mlpDiscriminator({ hidden: [64, 0] }, { sampleShape: [2] }), /hidden.*\[64,0\]/],
    ['unknown activation', () => mlpDiscriminator({ activation: 'gelu' as never }, { sampleShape: [2] }), /'activation'.*'relu', 'leakyRelu', 'tanh'.*got 'gelu'/],
    ['unknown output activation', () => mlpDiscriminator({ outputActivation: 'softmax' as never }, { sampleShape: [2] }), /outputActivation.*'none', 'sigmoid', 'tanh'/],
    ['zero latentDim', () => mlpGenerator({ latentDim: 0 }, { sampleShape: [2] }), /latentDim/],
    ['unknown key', () => mlpGenerator({ layers: 3 } as never, { sampleShape: [2] }), /Unknown option 'layers'.*latentDim, hidden/],
    ['D given latentDim', () => mlpDiscriminator({ latentDim: 2 } as never, { sampleShape: [2] }), /Unknown option 'latentDim'/],
    ['unknown init', () => mlpGenerator({ init: 'he' as never }, { sampleShape: [2] }), /init.*'glorot', 'dcgan'/],
    ['no sample size', () => mlpGenerator({}), /outputDim/],
    ['outputDim disagreeing with the data', () => mlpGenerator({ outputDim: 3 }, { sampleShape: [2] }), /outputDim.*3.*\[2\]/],
    ['inputDim disagreeing with the data', () => mlpDiscriminator({ inputDim: 1 }, { sampleShape: [2] }), /inputDim/],
  ];
  for (const [what, build, message] of bad) {
    it(`rejects ${what} with a ConfigError`, () => {
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(message);
    });
  }

  it('accepts an empty hidden list (a linear model)', () => {
    const d = mlpDiscriminator({ hidden: [] }, { sampleShape: [2] });
    expect(count(d.trainableVariables)).toBe(2 + 1);
    d.dispose();
  });
});

describe('plugin', () => {
  it('provides generator and discriminator "mlp" sized from the data', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [mlpPlugin]);
    const env = { seed: 2, sampleShape: [1], container };
    const g = await findProvider(container, 'generator', 'mlp').create({ hidden: [32] }, env);
    const d = await findProvider(container, 'discriminator', 'mlp').create({ activation: 'leakyRelu' }, env);
    expect(g.role).toBe('generator');
    expect(g.prior.shape).toEqual([1]);
    expect(g.outputShape).toEqual([1]);
    expect(d.inputShape).toEqual([1]);
    const same = mlpGenerator({ hidden: [32] }, { seed: 2, sampleShape: [1] });
    expect(values(g)).toEqual(values(same));
    await expect(async () => findProvider(container, 'discriminator', 'mlp').create({ hidden: 'big' }, env)).rejects.toThrow(ConfigError);
    [g, d, same].forEach((n) => n.dispose());
  });
});

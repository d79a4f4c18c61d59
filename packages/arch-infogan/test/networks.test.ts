import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { ConfigError, createGan, type Discriminator } from '@gantry/core';
import { mnistPlugin } from '@gantry/data-mnist';
import { minimaxPlugin } from '@gantry/loss-minimax';
import {
  infoganArchPlugin,
  infoganConvDiscriminator,
  infoganConvGenerator,
  infoganMlpDiscriminator,
  infoganMlpGenerator,
} from '@gantry/arch-infogan';
import { mutualInformationPlugin, Q_HEADS } from '@gantry/regularizer-mutual-information';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = { hidden: [16] };

function headShapes(d: Discriminator, x: tf.Tensor): Record<string, number[]> {
  return tf.tidy(() => {
    const out = d.apply({ x }, { training: false });
    return { logits: out.logits.shape, ...Object.fromEntries(Object.entries(out.heads ?? {}).map(([k, v]) => [k, v.shape])) };
  });
}

describe('MLP variant', () => {
  it('G maps the default InfoGAN prior (74 = 62 + 10 + 2) to 28×28×1 samples in (−1, 1)', () => {
    const g = infoganMlpGenerator(small, { seed: 1 });
    expect(g.prior.shape).toEqual([74]);
    expect(g.prior.layout).toMatchObject({ noise: 62, categorical: [10], continuous: 2 });
    const x = tf.tidy(() => g.apply({ z: g.prior.sample(3, 2) }, { training: false }));
    expect(x.shape).toEqual([3, 28, 28, 1]);
    const v = x.dataSync();
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.min(...v)).toBeGreaterThan(-1);
    x.dispose();
    g.dispose();
  });

  it('D returns one logit and Q heads named by Q_HEADS, sized by the codes', () => {
    const x = tf.zeros([2, 28, 28, 1]);
    const d = infoganMlpDiscriminator({ hidden: [16, 8], qHidden: 4 }, { seed: 1 });
    expect(headShapes(d, x)).toEqual({ logits: [2, 1], [Q_HEADS.categorical]: [2, 10], [Q_HEADS.mean]: [2, 2], [Q_HEADS.logStd]: [2, 2] });
    const d2 = infoganMlpDiscriminator({ hidden: [8], categorical: [3, 4], continuous: 1, qHidden: 0 }, { seed: 1 });
    expect(headShapes(d2, x)).toEqual({ logits: [2, 1], [Q_HEADS.categorical]: [2, 7], [Q_HEADS.mean]: [2, 1], [Q_HEADS.logStd]: [2, 1] });
    const d3 = infoganMlpDiscriminator({ hidden: [8], categorical: [5], continuous: 0 }, { seed: 1 });
    expect(headShapes(d3, x)).toEqual({ logits: [2, 1], [Q_HEADS.categorical]: [2, 5] });
    [d, d2, d3].forEach((n) => n.dispose());
    x.dispose();
  });

  it("Q shares D's trunk: Q's outputs depend on the trunk's first kernel, and Q's weights are D's variables", () => {
    const d = infoganMlpDiscriminator({ hidden: [8, 8], qHidden: 4 }, { seed: 3 });
    const names = d.trainableVariables.map((v) => v.name);
    // Trunk (2 dense), logit, Q hidden, Q categorical, μ, log σ: 7 kernels + 7 biases.
    expect(names).toHaveLength(14);
    for (const part of ['dense0', 'dense1', 'logit', 'q_dense', 'q_categorical', 'q_mean', 'q_log_std']) {
      expect(names.some((n) => n.includes(part)), part).toBe(true);
    }
    const firstKernel = d.trainableVariables.find((v) => v.name.includes('dense0') && v.name.includes('kernel'))!;
    const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 5);
    for (const head of [Q_HEADS.categorical, Q_HEADS.mean, Q_HEADS.logStd]) {
      const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(d.apply({ x }, { training: true }).heads![head])) as tf.Scalar, [firstKernel]);
      expect(tf.max(tf.abs(grads[firstKernel.name])).dataSync()[0], head).toBeGreaterThan(0);
      tf.dispose([value, ...Object.values(grads)]);
    }
    x.dispose();
    d.dispose();
  });

  it('the same seed gives the same weights; another seed others', () => {
    const read = (seed: number) => {
      const g = infoganMlpGenerator(small, { seed });
      const v = Array.from(g.trainableVariables[0].dataSync().slice(0, 8));
      g.dispose();
      return v;
    };
    expect(read(4)).toEqual(read(4));
    expect(read(4)).not.toEqual(read(5));
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => infoganMlpGenerator({ categorical: [1] })).toThrow(/Option 'categorical' of generator 'infogan-mlp'/);
    expect(() => infoganMlpGenerator({ hiden: [3] } as never)).toThrow(/Unknown option 'hiden'/);
    expect(() => infoganMlpDiscriminator({ noise: 62 } as never)).toThrow(/Unknown option 'noise'/);
    expect(() => infoganMlpDiscriminator({ hidden: [] })).toThrow(/'hidden'/);
    expect(() => infoganMlpGenerator({ sampleShape: [2] }, { sampleShape: [3] })).toThrow(ConfigError);
  });
});

describe('conv variant', () => {
  it("follows the paper's MNIST network: G 74 → 28×28×c, D conv w → conv 2w → FC 16w (+ Q)", () => {
    const g = infoganConvGenerator({ width: 4 }, { seed: 1 });
    const x = tf.tidy(() => g.apply({ z: g.prior.sample(2, 1) }, { training: false }));
    expect(x.shape).toEqual([2, 28, 28, 1]);
    const d = infoganConvDiscriminator({ width: 4 }, { seed: 1 });
    expect(headShapes(d, x)).toEqual({ logits: [2, 1], [Q_HEADS.categorical]: [2, 10], [Q_HEADS.mean]: [2, 2], [Q_HEADS.logStd]: [2, 2] });
    const kernels = d.trainableVariables.filter((v) => v.name.includes('kernel')).map((v) => JSON.stringify(v.shape)).sort();
    // conv1 4×4×1×w, conv2 4×4×w×2w, FC (7·7·2w)×16w, logit 16w×1, Q 16w×128, heads 128×{10, 2, 2}.
    expect(kernels).toEqual([[4, 4, 1, 4], [4, 4, 4, 8], [7 * 7 * 8, 64], [64, 1], [64, 128], [128, 10], [128, 2], [128, 2]].map((k) => JSON.stringify(k)).sort());
    expect(() => infoganConvGenerator({}, { sampleShape: [32, 32, 1] })).toThrow(/'sampleShape'/);
    tf.dispose(x);
    g.dispose();
    d.dispose();
  });
});

describe('training through the plugins', () => {
  it('one step with the MI regularizer updates G, D and Q (both phases get L_I)', async () => {
    const net = { name: 'infogan-mlp', options: { hidden: [16] } };
    const gan = await createGan(
      {
        data: { name: 'mnist', options: { limit: 64 } },
        generator: net,
        discriminator: { name: 'infogan-mlp', options: { hidden: [16], qHidden: 8 } },
        objective: 'non-saturating',
        regularizers: ['mutual-information'],
        training: { steps: 1, batchSize: 16, seed: 2 },
      },
      { plugins: [mnistPlugin, infoganArchPlugin, minimaxPlugin, mutualInformationPlugin] },
    );
    const snapshot = (vars: readonly tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));
    const g0 = snapshot(gan.game.models.generator.trainableVariables);
    const d = gan.game.models.discriminator.trainableVariables;
    const q0 = snapshot(d.filter((v) => v.name.includes('_q_')));
    gan.trainer.trainStep();
    const logs = gan.trainer.logs;
    for (const key of ['discriminator/MutualInformation', 'generator/MutualInformation', 'generator/mi_accuracy', 'generator/mi_bound']) {
      expect(Number.isFinite(logs[key]), key).toBe(true);
    }
    // L_I ≥ 0 with σ fixed; ≈ log 10 + 2·(½ log 2π + ⅙) at the start (an untrained Q).
    expect(logs['discriminator/MutualInformation']).toBeGreaterThan(0);
    const changed = (before: number[][], vars: readonly tf.Variable[]) => vars.every((v, i) => Array.from(v.dataSync()).some((x, k) => x !== before[i][k]));
    expect(changed(g0, gan.game.models.generator.trainableVariables)).toBe(true);
    // Q's head moved in the discriminator phase (except log σ, unused with σ fixed: no gradient, no update).
    const qNow = d.filter((v) => v.name.includes('_q_'));
    const moved = qNow.filter((v, i) => Array.from(v.dataSync()).some((x, k) => x !== q0[i][k])).map((v) => v.name);
    expect(moved.some((n) => n.includes('q_categorical'))).toBe(true);
    expect(moved.some((n) => n.includes('q_mean'))).toBe(true);
    expect(moved.some((n) => n.includes('q_log_std'))).toBe(false);
    gan.dispose();
  });
});

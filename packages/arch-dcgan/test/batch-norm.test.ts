import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withCollective, type Collective } from '@gantry/core';
import { BN_EPSILON, BN_MOMENTUM, DCGAN_INIT_STDDEV } from '@gantry/arch-dcgan';
// Internal (not part of the package's API), so imported by path.
import { GantryBatchNorm } from '../src/batch-norm.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => {
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
};

function pair() {
  const ours = new GantryBatchNorm({ momentum: BN_MOMENTUM, epsilon: BN_EPSILON, gammaSeed: 7 });
  const stock = tfl.layers.batchNormalization({
    momentum: BN_MOMENTUM,
    epsilon: BN_EPSILON,
    gammaInitializer: tfl.initializers.randomNormal({ mean: 1, stddev: DCGAN_INIT_STDDEV, seed: 7 }),
    betaInitializer: 'zeros',
  });
  for (const l of [ours, stock]) l.build([null, 3, 3, 5]);
  return { ours, stock };
}

describe('GantryBatchNorm', () => {
  it("computes exactly what tfjs-layers' BatchNormalization computes: weights, outputs, moving statistics, gradients", () => {
    const { ours, stock } = pair();
    expect(ours.getWeights().map((w) => w.shape)).toEqual(stock.getWeights().map((w) => w.shape));
    ours.getWeights().forEach((w, i) => expect(maxDiff(w, stock.getWeights()[i])).toBe(0));
    expect(ours.trainableWeights.map((w) => w.name.split('/').pop())).toEqual(['gamma', 'beta']);
    const x = tf.randomNormal([4, 3, 3, 5], 0.3, 2, 'float32', 1);
    for (const training of [true, false, true]) {
      const a = ours.apply(x, { training }) as tf.Tensor;
      const b = stock.apply(x, { training }) as tf.Tensor;
      expect(maxDiff(a, b)).toBe(0);
      ours.getWeights().forEach((w, i) => expect(maxDiff(w, stock.getWeights()[i])).toBe(0));
      tf.dispose([a, b]);
    }
    const r = tf.randomNormal([4, 3, 3, 5], 0, 1, 'float32', 2);
    const grad = (l: tfl.layers.Layer) => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(l.apply(v, { training: true }) as tf.Tensor, r)))(x);
    expect(maxDiff(grad(ours), grad(stock))).toBeLessThan(1e-6);
    tf.dispose([x, r]);
  });

  it('takes its statistics from batchMoments: inside a synchronised data-parallel step, those of the global batch', () => {
    const { ours } = pair();
    const x = tf.randomNormal([2, 3, 3, 5], 1, 1, 'float32', 3);
    const other = tf.randomNormal([3, 3, 3, 5], -1, 0.5, 'float32', 4);
    const m = tf.moments(other, [0, 1, 2]);
    // Replica 0 of two, replica 1's (n, μ, σ²) supplied.
    const c: Collective = {
      rank: 0,
      size: 2,
      syncBatchNorm: true,
      allGather: (v) => [v, Float32Array.from([27, ...m.mean.dataSync(), ...m.variance.dataSync()])],
      allReduce: () => new Float32Array(10),
    };
    const y = withCollective(c, () => ours.apply(x, { training: true }) as tf.Tensor);
    const all = tf.moments(tf.concat([x, other]), [0, 1, 2]);
    const [gamma, beta] = ours.getWeights();
    const expected = tf.batchNorm(x, all.mean, all.variance, beta, gamma, BN_EPSILON);
    expect(maxDiff(y, expected)).toBeLessThan(1e-5);
    tf.dispose([x, other, m.mean, m.variance, y, all.mean, all.variance, expected]);
  });

  it('round-trips through tfjs-layers serialisation under its registered name, with the same initial weights', async () => {
    const model = tfl.sequential({ layers: [new GantryBatchNorm({ inputShape: [4], momentum: 0.8, epsilon: 1e-3, gammaSeed: 9 })] });
    const json = model.toJSON(null, false) as unknown as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    expect(json.config.layers[0].class_name).toBe('GantryDcganBatchNorm');
    expect(json.config.layers[0].config).toMatchObject({ momentum: 0.8, epsilon: 1e-3, gamma_seed: 9 }) // tfjs-layers writes snake_case;
    const copy = await tfl.models.modelFromJSON({ modelTopology: json as never });
    expect(copy.layers[0]).toBeInstanceOf(GantryBatchNorm);
    copy.getWeights().forEach((w, i) => expect(maxDiff(w, model.getWeights()[i])).toBe(0));
    copy.dispose();
    model.dispose();
  });
});

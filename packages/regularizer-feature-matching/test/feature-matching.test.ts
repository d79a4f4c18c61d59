import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  adversarialContext,
  ConfigError,
  findProvider,
  registerPlugins,
  rootContainer,
  type Batch,
  type Discriminator,
  type DiscriminatorOutput,
  type PhaseContext,
} from '@gantry/core';
import { scalingGenerator } from '@gantry/core/testing';
import { FeatureMatching, featureMatchingLoss, featureMatchingPlugin, stopGradient } from '@gantry/regularizer-feature-matching';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** D with one feature layer f(x) = v·x (v = 2) and logits x; or no features at all. */
function featureCritic(withFeatures = true): Discriminator & { v: tf.Variable } {
  const v = tf.variable(tf.scalar(2));
  return {
    name: 'critic',
    role: 'discriminator',
    inputShape: [1, 1, 1],
    trainableVariables: [v],
    variables: [v],
    v,
    apply: ({ x }): DiscriminatorOutput => ({ logits: x, ...(withFeatures ? { features: [tf.mul(x, v)] } : {}) }),
    dispose: () => v.dispose(),
  };
}

function phase(batch: Batch): PhaseContext {
  return { step: 0, phase: 'generator', repeat: 0, batch, models: {}, seed: () => 1, log: () => {} };
}

describe('featureMatchingLoss', () => {
  it('sums the per-layer mean absolute differences', () => {
    // Layer 1: r − f = [1−2, 2−0, 3−1, 4−8] = [−1, 2, 2, −4]; Σ|·| = 9 over N₁ = 4 → 2.25.
    // Layer 2: r − f = [0−1, 0+3] = [−1, 3]; Σ|·| = 4 over N₂ = 2 → 2.   Total 4.25.
    const r = [tf.tensor2d([[1, 2, 3, 4]]), tf.tensor2d([[0], [0]])];
    const f = [tf.tensor2d([[2, 0, 1, 8]]), tf.tensor2d([[1], [-3]])];
    expect(featureMatchingLoss(r, f).dataSync()[0]).toBeCloseTo(4.25, 6);
    // Gradients: ∂/∂f = sign(f − r)/Nᵢ = [1, −1, −1, 1]/4 and [1, −1]/2; ∂/∂r = 0 (real features are constants).
    const grads = tf.grads((r1: tf.Tensor, r2: tf.Tensor, f1: tf.Tensor, f2: tf.Tensor) => featureMatchingLoss([r1, r2], [f1, f2]))([...r, ...f]);
    expect(grads.map((g) => Array.from(g.dataSync()))).toEqual([
      [0, 0, 0, 0],
      [0, 0],
      [0.25, -0.25, -0.25, 0.25],
      [0.5, -0.5],
    ]);
    expect(() => featureMatchingLoss(r, [f[0]])).toThrow(/as many real as fake/);
    expect(() => featureMatchingLoss(r, [f[1], f[0]])).toThrow(/Feature 0/);
    tf.dispose([...r, ...f, ...grads]);
  });

  it('stopGradient is the identity with zero gradient', () => {
    const x = tf.tensor1d([1, -2]);
    const y = stopGradient(x);
    expect(Array.from(y.dataSync())).toEqual([1, -2]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(stopGradient(a), a)))(x); // d/da (c·a) = c = a's value
    expect(Array.from(g.dataSync())).toEqual([1, -2]);
    tf.dispose([x, y, g]);
  });
});

describe('FeatureMatching', () => {
  it("defaults to pix2pixHD's λ = 10 on the generator phase; validates options", () => {
    const r = new FeatureMatching();
    expect(r.weight).toBe(10);
    expect(r.phases).toEqual(['generator']);
    expect(() => new FeatureMatching({ lambda: Number.NaN })).toThrow(ConfigError);
    expect(() => new FeatureMatching({ weight: 1 } as object)).toThrow(/Unknown option 'weight'/);
  });

  it('penalty = mean|f(x) − f(G(s))| with gradient to G only, real features constant', () => {
    // s = [1, −2], x = [3, 1], G(s) = w·s, w = 2 → [2, −4]; f = 2·(·): real [6, 2], fake [4, −8];
    // mean|[2, 10]| = 6.  ∂/∂w mean|2x − 2w·s| = mean(−sign(·)·2s) = mean(−2, 4) = 1.
    const g = scalingGenerator(2);
    const d = featureCritic();
    const source = tf.tensor4d([1, -2], [2, 1, 1, 1]);
    const x = tf.tensor4d([3, 1], [2, 1, 1, 1]);
    const r = new FeatureMatching();
    const { value, grads } = tf.variableGrads(() => r.penalty(adversarialContext(phase({ x, source }), g, d)), [g.w]);
    expect(value.dataSync()[0]).toBeCloseTo(6, 6);
    expect(grads[g.w.name].dataSync()[0]).toBeCloseTo(1, 6);
    // D's features of the reals are constants: no gradient reaches the real samples.
    // (Without the stop it would be sign(2x − 2G)·2/2 = [1, 1].)
    const dx = tf.grad((xx: tf.Tensor) => r.penalty(adversarialContext(phase({ x: xx, source }), g, d)))(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 0]);
    tf.dispose([value, ...Object.values(grads), dx, source, x]);
    g.dispose();
    d.dispose();
  });

  it('errors clearly when D returns no features; leaks nothing', () => {
    const g = scalingGenerator(1);
    const bare = featureCritic(false);
    const x = tf.ones([2, 1, 1, 1]);
    const source = tf.zeros([2, 1, 1, 1]);
    const r = new FeatureMatching();
    expect(() => tf.tidy(() => r.penalty(adversarialContext(phase({ x, source }), g, bare)))).toThrow(
      /discriminator 'critic' returns no features.*patchgan/,
    );
    const d = featureCritic();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => void r.penalty(adversarialContext(phase({ x, source }), g, d)));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, source]);
    [g, bare, d].forEach((n) => n.dispose());
  });

  it('is provided as `feature-matching`', async () => {
    const c = rootContainer.createChildContainer();
    registerPlugins(c, [featureMatchingPlugin]);
    const r = await findProvider(c, 'regularizer', 'feature-matching').create({}, { seed: 0, container: c });
    expect(r.weight).toBe(10);
  });
});

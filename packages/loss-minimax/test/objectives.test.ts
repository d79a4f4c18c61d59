import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  ConfigError,
  findProvider,
  registerPlugins,
  rootContainer,
  type AdversarialContext,
  type BuildEnvironment,
  type Objective,
} from '@gantry/core';
import {
  MaximumLikelihoodObjective,
  MinimaxObjective,
  NonSaturatingObjective,
  minimaxPlugin,
} from '@gantry/loss-minimax';
import { beforeAll, describe, expect, it } from 'vitest';

const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const REAL = [1.5, -0.5, 3];
const FAKE = [-2, 0.25, 1];

/** The part of the context these objectives read: D's logits on real and fake samples. */
function context(real: tf.Tensor, fake: tf.Tensor): AdversarialContext {
  return { dReal: { logits: real }, dFake: { logits: fake } } as unknown as AdversarialContext;
}

function losses(objective: Objective): [number, number] {
  return tf.tidy(() => {
    const ctx = context(tf.tensor2d(REAL, [3, 1]), tf.tensor2d(FAKE, [3, 1]));
    return [objective.discriminatorLoss(ctx).dataSync()[0], objective.generatorLoss(ctx).dataSync()[0]];
  });
}

const dLoss = (alpha: number) =>
  mean(REAL.map((l) => -(1 - alpha) * Math.log(sigmoid(l)) - alpha * Math.log(1 - sigmoid(l)))) -
  mean(FAKE.map((l) => Math.log(1 - sigmoid(l))));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('objectives', () => {
  it('have stable ids and need a discriminator', () => {
    expect(MinimaxObjective.id).toBe('@gantry/loss-minimax>Minimax');
    expect(NonSaturatingObjective.id).toBe('@gantry/loss-minimax>NonSaturating');
    expect(MaximumLikelihoodObjective.id).toBe('@gantry/loss-minimax>MaximumLikelihood');
    for (const o of [new MinimaxObjective(), new NonSaturatingObjective(), new MaximumLikelihoodObjective()]) {
      expect(o.id).toBe((o.constructor as unknown as { id: string }).id);
      expect(o.requiresDiscriminator).toBe(true);
    }
  });

  it('compute L_D and each L_G from ctx.dReal / ctx.dFake logits', () => {
    const [dm, gm] = losses(new MinimaxObjective());
    const [dn, gn] = losses(new NonSaturatingObjective());
    const [dl, gl] = losses(new MaximumLikelihoodObjective());
    for (const d of [dm, dn, dl]) expect(d).toBeCloseTo(dLoss(0), 5);
    expect(gm).toBeCloseTo(mean(FAKE.map((l) => Math.log(1 - sigmoid(l)))), 5);
    expect(gn).toBeCloseTo(-mean(FAKE.map((l) => Math.log(sigmoid(l)))), 5);
    expect(gl).toBeCloseTo(-mean(FAKE.map((l) => sigmoid(l) / (1 - sigmoid(l)))), 5);
  });

  it('apply label smoothing to D only', () => {
    const [d, g] = losses(new NonSaturatingObjective({ labelSmoothing: 0.25 }));
    expect(d).toBeCloseTo(dLoss(0.25), 5);
    expect(g).toBeCloseTo(-mean(FAKE.map((l) => Math.log(sigmoid(l)))), 5);
  });

  it('maximum likelihood honours maxLogit', () => {
    const o = new MaximumLikelihoodObjective({ maxLogit: 0 });
    const [, g] = losses(o);
    expect(g).toBeCloseTo(-mean(FAKE.map((l) => Math.exp(Math.min(l, 0)))), 5);
  });

  it('validate options in the constructor', () => {
    expect(() => new MinimaxObjective({ labelSmoothing: 1.5 })).toThrow(ConfigError);
    expect(() => new NonSaturatingObjective({ labelSmothing: 0.1 } as never)).toThrow(/labelSmothing/);
    expect(() => new NonSaturatingObjective({ maxLogit: 10 } as never)).toThrow(/Allowed options: labelSmoothing\./);
    expect(() => new MaximumLikelihoodObjective({ maxLogit: 89 })).toThrow(/maxLogit/);
  });

  it('do not leak tensors', () => {
    const objectives = [new MinimaxObjective(), new NonSaturatingObjective({ labelSmoothing: 0.1 }), new MaximumLikelihoodObjective()];
    const run = () => objectives.forEach((o) => losses(o));
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('minimaxPlugin', () => {
  const setup = () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [minimaxPlugin]);
    const env: BuildEnvironment = { seed: 1, container };
    return { container, env };
  };

  it('provides minimax, non-saturating and maximum-likelihood objectives', async () => {
    const { container, env } = setup();
    const expected: Record<string, string> = {
      minimax: MinimaxObjective.id,
      'non-saturating': NonSaturatingObjective.id,
      'maximum-likelihood': MaximumLikelihoodObjective.id,
    };
    for (const [name, id] of Object.entries(expected)) {
      const provider = findProvider(container, 'objective', name);
      expect(provider.description).toBeTruthy();
      const objective = await provider.create({}, env);
      expect(objective.id).toBe(id);
    }
    const smoothed = (await findProvider(container, 'objective', 'non-saturating').create(
      { labelSmoothing: 0.1 },
      env,
    )) as NonSaturatingObjective;
    expect(smoothed.labelSmoothing).toBe(0.1);
  });

  it('rejects unknown keys and bad values, naming them', async () => {
    const { container, env } = setup();
    const create = (name: string, options: Record<string, unknown>) =>
      findProvider(container, 'objective', name).create(options, env);
    await expect(async () => create('minimax', { smoothing: 0.1 })).rejects.toThrow(
      /Unknown option 'smoothing' \(value 0\.1\) for objective 'minimax'\. Allowed options: labelSmoothing/,
    );
    await expect(async () => create('non-saturating', { labelSmoothing: '0.1' })).rejects.toThrow(
      /labelSmoothing.*got '0\.1'/,
    );
    await expect(async () => create('maximum-likelihood', { labelSmoothing: 1 })).rejects.toThrow(ConfigError);
    await expect(async () => create('maximum-likelihood', { maxLogit: 30, extra: true })).rejects.toThrow(/'extra'/);
    const ml = (await create('maximum-likelihood', { maxLogit: 30 })) as MaximumLikelihoodObjective;
    expect(ml.maxLogit).toBe(30);
  });
});

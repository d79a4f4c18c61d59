import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import {
  ConfigError,
  adversarialGame,
  deriveSeed,
  findProvider,
  registerPlugins,
  rootContainer,
  type BuildEnvironment,
  type Objective,
} from '@gantry/core';
import { higherOrderGradientsRegistered } from '@gantry/gradients';
import {
  DraganPenalty,
  GradientPenalty,
  R1Penalty,
  R2Penalty,
  gradientPenaltyPlugin,
} from '@gantry/regularizer-gradient-penalty';
import { beforeAll, describe, expect, it } from 'vitest';
import { discriminator, fixedGenerator } from './helpers.js';

/** Puts tfjs's stock (wrong second-order) Tanh gradient back, as importing tfjs-layers late would. */
const clobber = () =>
  tf.registerGradient({
    kernelName: tf.Tanh,
    outputsToSave: [true],
    gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(y))) }),
  });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gradientPenaltyPlugin', () => {
  const container = rootContainer.createChildContainer();
  const env = { seed: 1, container } as BuildEnvironment;

  it('registers the second-order gradients when registered and when creating', async () => {
    clobber();
    expect(higherOrderGradientsRegistered()).toBe(false);
    registerPlugins(container, [gradientPenaltyPlugin]);
    expect(higherOrderGradientsRegistered()).toBe(true);
    clobber();
    await findProvider(container, 'regularizer', 'r1').create({}, env);
    expect(higherOrderGradientsRegistered()).toBe(true);
  });

  it('provides gradient-penalty, dragan, r1 and r2 on the discriminator phase with their weights', async () => {
    const make = (name: string, options: Record<string, unknown>) =>
      findProvider(container, 'regularizer', name).create(options, env);
    const gp = await make('gradient-penalty', { lambda: 5, mode: 'one-sided' });
    expect(gp).toBeInstanceOf(GradientPenalty);
    expect(gp.weight).toBe(5);
    expect(gp.phases).toEqual(['discriminator']);
    expect(gp.id).toBe('@gantry/regularizer-gradient-penalty>GradientPenalty');
    const dragan = await make('dragan', {});
    expect(dragan).toBeInstanceOf(DraganPenalty);
    expect(dragan.weight).toBe(10);
    expect((dragan as DraganPenalty).c).toBe(0.5);
    const r1 = await make('r1', { gamma: 4 });
    expect(r1).toBeInstanceOf(R1Penalty);
    expect(r1.weight).toBe(2);
    const r2 = await make('r2', {});
    expect(r2).toBeInstanceOf(R2Penalty);
    expect(r2.weight).toBe(5);
    expect(new Set([gp.id, dragan.id, r1.id, r2.id]).size).toBe(4);
  });

  it('the penalty runs penalty(ctx) with the stock gradient clobbered and still installs the correct one', () => {
    clobber();
    const d = discriminator((x) => tf.tanh(tf.sum(x, 1)), [], [2]);
    const gp = new GradientPenalty();
    const real = tf.ones([2, 2]);
    const game = adversarialGame({ generator: fixedGenerator(real), discriminator: d, objective: zeroObjective(), regularizers: [gp] });
    tf.tidy(() => game.phases[0].loss(phaseContext(real)));
    expect(higherOrderGradientsRegistered()).toBe(true);
    real.dispose();
  });

  it("adds λ·penalty to the discriminator's loss in core's adversarial game", () => {
    const w = [1.2, -0.9, 0.4];
    const d = discriminator((x) => tf.matMul(x, tf.tensor2d(w, [3, 1])), [], [3]);
    const real = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const game = adversarialGame({
      generator: fixedGenerator(tf.zeros([2, 3])),
      discriminator: d,
      objective: zeroObjective(),
      regularizers: [new GradientPenalty({ lambda: 3 }), new R1Penalty({ gamma: 2 })],
    });
    const loss = tf.tidy(() => game.phases[0].loss(phaseContext(real)).dataSync()[0]);
    const n2 = w.reduce((s, v) => s + v * v, 0);
    expect(loss).toBeCloseTo(3 * (Math.sqrt(n2) - 1) ** 2 + (2 / 2) * n2, 4);
    real.dispose();
  });
});

describe('options', () => {
  it('defaults', () => {
    const gp = new GradientPenalty();
    expect([gp.weight, gp.mode, gp.target]).toEqual([10, 'two-sided', 1]);
    const dragan = new DraganPenalty();
    expect([dragan.weight, dragan.c, dragan.target, dragan.interpolate]).toEqual([10, 0.5, 1, true]);
    expect([new R1Penalty().gamma, new R1Penalty().weight]).toEqual([10, 5]);
  });

  it.each([
    [() => new GradientPenalty({ lamda: 10 } as never), /Unknown option 'lamda' \(value 10\) for regularizer 'gradient-penalty'\. Allowed options: lambda, mode, target/],
    [() => new GradientPenalty({ lambda: -1 }), /Option 'lambda' of regularizer 'gradient-penalty' must be a finite number ≥ 0, got -1/],
    [() => new GradientPenalty({ lambda: '10' as never }), /'lambda'.*got '10'/],
    [() => new GradientPenalty({ lambda: Number.NaN }), /'lambda'.*got NaN/],
    [() => new GradientPenalty({ mode: 'both' as never }), /Option 'mode' of regularizer 'gradient-penalty' must be one of 'two-sided', 'one-sided', got 'both'/],
    [() => new GradientPenalty({ target: -0.5 }), /'target'.*≥ 0, got -0.5/],
    [() => new GradientPenalty([] as never), /must be an object, got \[\]/],
    [() => new DraganPenalty({ c: 0 }), /Option 'c' of regularizer 'dragan' must be a finite number > 0, got 0/],
    [() => new DraganPenalty({ interpolate: 'yes' as never }), /Option 'interpolate' of regularizer 'dragan' must be true or false, got 'yes'/],
    [() => new DraganPenalty({ gamma: 1 } as never), /Unknown option 'gamma'.*'dragan'/],
    [() => new R1Penalty({ gamma: Infinity }), /Option 'gamma' of regularizer 'r1' must be a finite number ≥ 0, got Infinity/],
    [() => new R2Penalty({ lambda: 1 } as never), /Unknown option 'lambda' \(value 1\) for regularizer 'r2'\. Allowed options: gamma/],
  ])('rejects bad options (%#)', (make, message) => {
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });
});

function zeroObjective(): Objective {
  return {
    id: 'test>Zero',
    requiresDiscriminator: true,
    discriminatorLoss: () => tf.scalar(0),
    generatorLoss: () => tf.scalar(0),
  };
}

function phaseContext(real: tf.Tensor) {
  return {
    step: 0,
    phase: 'discriminator',
    repeat: 0,
    batch: { x: real },
    models: {},
    seed: (purpose: string) => deriveSeed(1, purpose),
    log: () => undefined,
  };
}
